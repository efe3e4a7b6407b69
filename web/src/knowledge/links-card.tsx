import { ActionIcon, Anchor, Button, FileButton, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPaperclip, IconX } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useResponsibilityMap } from '../responsibility/api';
import { errorMessage, FormAlert } from '../ui/error-display';
import { AnchorLink } from '../ui/router-links';
import { TitledSection } from '../ui/titled-section';
import { wsPath } from '../workspaces/api';
import { useLinkArticle, useUnlinkArticle, useUploadArticleFile } from './api';
import type { Article } from './types';

/** What the article is about: services and tickets (others' areas link assets and problems). */
export function LinksCard({ slug, article }: { slug: string; article: Article }) {
  const unlink = useUnlinkArticle(slug, article.key);
  return (
    <TitledSection title="Linked to" headingSize="h5">
      <Stack gap="xs">
        {article.links.length === 0 ? (
          <Text size="sm" c="dimmed">
            No services or tickets linked yet.
          </Text>
        ) : (
          <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Links">
            {article.links.map((l) => (
              <Group
                component="li"
                key={`${l.kind}:${l.targetId}`}
                justify="space-between"
                wrap="nowrap"
                gap="xs"
              >
                {l.ticketKey ? (
                  <AnchorLink to="/w/$ws/tickets/$key" params={{ ws: slug, key: l.ticketKey }} size="sm">
                    {l.label}
                  </AnchorLink>
                ) : (
                  <Text size="sm">
                    {l.kind === 'service' ? 'Service: ' : ''}
                    {l.label}
                  </Text>
                )}
                {article.abilities.link && (
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size="sm"
                    aria-label={`Remove the link to ${l.label}`}
                    onClick={() => unlink.mutate(l)}
                  >
                    <IconX size={14} aria-hidden />
                  </ActionIcon>
                )}
              </Group>
            ))}
          </Stack>
        )}
        {article.abilities.link && <AddLink slug={slug} articleKey={article.key} />}
      </Stack>
    </TitledSection>
  );
}

function AddLink({ slug, articleKey }: { slug: string; articleKey: string }) {
  const [kind, setKind] = useState<'service' | 'ticket'>('service');
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [ticket, setTicket] = useState('');
  const services = useResponsibilityMap(slug, undefined, kind === 'service').data?.services ?? [];
  const link = useLinkArticle(slug, articleKey);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body =
      kind === 'service'
        ? serviceId && { kind, targetId: serviceId }
        : ticket.trim() && { kind, ticket: ticket.trim() };
    if (!body) return;
    link.mutate(body, {
      onSuccess: () => {
        setTicket('');
        setServiceId(null);
        notifications.show({ color: 'teal', message: `${articleKey} linked.` });
      },
    });
  };
  return (
    <form onSubmit={submit} aria-label="Add a link">
      <Stack gap={6}>
        <FormAlert message={link.isError ? errorMessage(link.error) : null} title="Not linked" />
        <Group gap={6} align="flex-end" wrap="nowrap">
          <Select
            label="Link a"
            data={[
              { value: 'service', label: 'Service' },
              { value: 'ticket', label: 'Ticket' },
            ]}
            value={kind}
            onChange={(v) => v && setKind(v as 'service' | 'ticket')}
            allowDeselect={false}
            w={100}
            size="xs"
          />
          {kind === 'service' ? (
            <Select
              label="Service"
              placeholder="Choose"
              searchable
              data={services.map((s) => ({ value: s.id, label: s.name }))}
              value={serviceId}
              onChange={setServiceId}
              size="xs"
              style={{ flex: 1 }}
            />
          ) : (
            <TextInput
              label="Ticket key"
              placeholder="ACME-42"
              value={ticket}
              onChange={(e) => setTicket(e.currentTarget.value)}
              size="xs"
              style={{ flex: 1 }}
            />
          )}
          <Button type="submit" size="xs" loading={link.isPending}>
            Link
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function FilesCard({ slug, article }: { slug: string; article: Article }) {
  const upload = useUploadArticleFile(slug, article.key);
  if (article.attachments.length === 0 && !article.abilities.attach) return null;
  return (
    <TitledSection title="Files" headingSize="h5">
      <Stack gap={6}>
        {article.attachments.length === 0 ? (
          <Text size="sm" c="dimmed">
            No files yet.
          </Text>
        ) : (
          article.attachments.map((a) => (
            <Anchor key={a.id} size="sm" href={`${wsPath(slug)}/articles/${article.key}/attachments/${a.id}`}>
              {a.filename}
            </Anchor>
          ))
        )}
        <FormAlert message={upload.isError ? errorMessage(upload.error) : null} title="Not uploaded" />
        {article.abilities.attach && (
          <FileButton onChange={(file) => file && upload.mutate(file)}>
            {(props) => (
              <Button
                {...props}
                variant="light"
                size="xs"
                leftSection={<IconPaperclip size={14} aria-hidden />}
                loading={upload.isPending}
              >
                Add a file
              </Button>
            )}
          </FileButton>
        )}
      </Stack>
    </TitledSection>
  );
}
