import { Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLink, IconPlus } from '@tabler/icons-react';
import type { FormEvent } from 'react';
import { useApiForm } from '../ui/api-form';
import { errorMessage, FormAlert } from '../ui/error-display';
import { RemoveItemButton } from '../ui/remove-item-button';
import { AnchorLink } from '../ui/router-links';
import { SideList } from '../ui/side-list';
import { TitledSection } from '../ui/titled-section';
import { StatusBadge } from './badges';
import {
  LINK_KINDS,
  type LinkKind,
  type TicketLink,
  useAddLink,
  useLinks,
  useRemoveLink,
} from './extras-api';

const KIND_LABELS: Record<LinkKind, string> = {
  relates_to: 'Relates to',
  duplicates: 'Duplicates',
  caused_by: 'Caused by',
};

/** How a link reads from this ticket's side. */
export function linkPhrase(link: Pick<TicketLink, 'kind' | 'direction'>): string {
  if (link.kind === 'relates_to') return 'Relates to';
  if (link.kind === 'duplicates') return link.direction === 'outgoing' ? 'Duplicates' : 'Duplicated by';
  return link.direction === 'outgoing' ? 'Caused by' : 'Causes';
}

/** Tickets linked to this one, from either side, and (for leads and agents) linking or unlinking. */
export function LinksCard({
  slug,
  ticketKey,
  mayLink,
}: {
  slug: string;
  ticketKey: string;
  mayLink: boolean;
}) {
  const list = useLinks(slug, ticketKey);
  const remove = useRemoveLink(slug, ticketKey);

  function unlink(link: TicketLink) {
    remove.mutate(link.key, {
      onSuccess: () =>
        notifications.show({ color: 'teal', message: `${ticketKey} is no longer linked to ${link.key}.` }),
    });
  }

  return (
    <TitledSection title="Linked tickets" icon={IconLink}>
      <SideList
        query={list}
        loadingLabel="Loading linked tickets"
        label="Linked tickets"
        empty="Not linked to other tickets."
        renderItem={(link) => (
          <Group component="li" key={link.key} gap={6} wrap="nowrap" align="flex-start">
            <div style={{ flex: 1, minWidth: 0 }}>
              <Text size="xs" c="dimmed">
                {linkPhrase(link)}
              </Text>
              <AnchorLink
                to="/w/$ws/tickets/$key"
                params={{ ws: slug, key: link.key }}
                size="sm"
                fw={600}
                style={{ overflowWrap: 'anywhere' }}
              >
                {link.key} · {link.subject}
              </AnchorLink>
              <Group mt={2}>
                <StatusBadge status={link.status} size="xs" />
              </Group>
            </div>
            {mayLink && (
              <RemoveItemButton
                label={`Unlink ${link.key}`}
                loading={remove.isPending && remove.variables === link.key}
                onClick={() => unlink(link)}
              />
            )}
          </Group>
        )}
      />
      <FormAlert message={remove.isError ? errorMessage(remove.error) : null} title="Link not removed" />
      {mayLink && <AddLinkForm slug={slug} ticketKey={ticketKey} />}
    </TitledSection>
  );
}

const LINK_FIELDS = ['ticket', 'kind'] as const;

function AddLinkForm({ slug, ticketKey }: { slug: string; ticketKey: string }) {
  const add = useAddLink(slug, ticketKey);
  const { form, formError } = useApiForm(
    { ticket: '', kind: 'relates_to' as LinkKind },
    add.error,
    LINK_FIELDS,
  );
  const other = form.values.ticket;

  function submit(event: FormEvent) {
    event.preventDefault();
    const key = other.trim().toUpperCase();
    if (!key) return;
    add.mutate(
      { ticket: key, kind: form.values.kind },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `${ticketKey} linked to ${key}.` });
          form.reset();
          add.reset();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Link another ticket">
      <Stack gap="xs" mt="sm">
        <Group gap="xs" align="flex-start" grow>
          <Select
            label="This ticket"
            data={LINK_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k].toLowerCase() }))}
            {...form.getInputProps('kind')}
            allowDeselect={false}
            size="sm"
          />
          <TextInput
            label="Ticket"
            placeholder="e.g. ACME-42"
            {...form.getInputProps('ticket')}
            size="sm"
            maxLength={30}
          />
        </Group>
        <FormAlert message={formError} title="Not linked" />
        <Group justify="flex-end">
          <Button
            type="submit"
            variant="light"
            size="sm"
            disabled={other.trim() === ''}
            loading={add.isPending}
            leftSection={<IconPlus size={14} aria-hidden />}
          >
            Link ticket
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
