import { Badge, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconCheck, IconInbox, IconMail, IconPlus, IconX } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import type { FormEvent } from 'react';
import { useApiForm } from '../ui/api-form';
import { EmptyState } from '../ui/empty-state';
import { ErrorState, FormAlert } from '../ui/error-display';
import { formatDateTime } from '../ui/format';
import { ListSkeleton } from '../ui/loading';
import { LockedPage } from '../ui/locked-page';
import { Page } from '../ui/page-layout';
import { AnchorLink } from '../ui/router-links';
import { SectionCard } from '../ui/section-card';
import {
  type MailMessage,
  useAddSmtpChannel,
  useDecideQuarantine,
  useMailChannels,
  useMailEvents,
  useQuarantine,
} from './api';
import { CatalogueItemSelect } from './catalogue-item-select';
import { ChannelsTable } from './channels-table';
import { AddImapChannel } from './imap-form';

const route = getRouteApi('/_app/w/$ws/mail');

const STATUS_COLOURS: Record<MailMessage['status'], string> = {
  queued: 'gray',
  ticket: 'green',
  comment: 'teal',
  dropped: 'yellow',
  failed: 'red',
  quarantined: 'orange',
  released: 'green',
  rejected: 'gray',
  sent: 'blue',
};
const STATUS_LABELS: Record<MailMessage['status'], string> = {
  queued: 'Waiting',
  ticket: 'New ticket',
  comment: 'Comment added',
  dropped: 'Not a request',
  failed: 'Could not be read',
  quarantined: 'Quarantined',
  released: 'Released',
  rejected: 'Rejected',
  sent: 'Sent',
};

const ADD_FIELDS = ['name', 'addresses', 'catalogueItemId'] as const;

function AddChannel({ slug }: { slug: string }) {
  const add = useAddSmtpChannel(slug);
  // `addresses` holds the one address, under the API's name so that its refusal shows on the input.
  const { form, formError } = useApiForm(
    { name: 'Help desk', addresses: '', catalogueItemId: null as string | null },
    add.error,
    ADD_FIELDS,
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    const f = form.values;
    add.mutate(
      { name: f.name.trim(), addresses: [f.addresses.trim()], catalogueItemId: f.catalogueItemId ?? '' },
      { onSuccess: () => form.reset() },
    );
  }
  return (
    <SectionCard title="Receive e-mail at an address">
      <form onSubmit={submit} noValidate aria-label="Add an SMTP mail channel">
        <Stack gap="sm">
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput label="Name" {...form.getInputProps('name')} />
            <TextInput
              label="Address"
              placeholder="help@acme.example"
              {...form.getInputProps('addresses')}
              miw={240}
            />
            <CatalogueItemSelect slug={slug} {...form.getInputProps('catalogueItemId')} />
            <Button type="submit" leftSection={<IconPlus size={16} aria-hidden />} loading={add.isPending}>
              Add
            </Button>
          </Group>
          <FormAlert message={formError} title="The channel was not added" />
        </Stack>
      </form>
    </SectionCard>
  );
}

function MessagesTable({
  slug,
  label,
  items,
  actions,
}: {
  slug: string;
  label: string;
  items: MailMessage[];
  actions?: (m: MailMessage) => React.ReactNode;
}) {
  return (
    <Table striped aria-label={label}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Received</Table.Th>
          <Table.Th>From</Table.Th>
          <Table.Th>Subject</Table.Th>
          <Table.Th>Outcome</Table.Th>
          <Table.Th>Ticket</Table.Th>
          {actions && <Table.Th aria-label="Decision" />}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((m) => (
          <Table.Tr key={m.id}>
            <Table.Td>{formatDateTime(m.receivedAt)}</Table.Td>
            <Table.Td>{m.from ?? '—'}</Table.Td>
            <Table.Td>{m.subject ?? '—'}</Table.Td>
            <Table.Td>
              <Badge color={STATUS_COLOURS[m.status]} variant="light">
                {STATUS_LABELS[m.status]}
              </Badge>
              {m.reason && (
                <Text size="xs" c="dimmed">
                  {m.reason}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              {m.ticketKey ? (
                <AnchorLink to="/w/$ws/tickets/$key" params={{ ws: slug, key: m.ticketKey }} size="sm">
                  {m.ticketKey}
                </AnchorLink>
              ) : (
                '—'
              )}
            </Table.Td>
            {actions && <Table.Td>{actions(m)}</Table.Td>}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** E-mail channels of the workspace: their status and errors, the latest inbound mail, and the quarantine. */
export function MailPage() {
  const { ws: slug } = route.useParams();
  const channels = useMailChannels(slug);
  const events = useMailEvents(slug);
  const quarantine = useQuarantine(slug);
  const decide = useDecideQuarantine(slug);

  if (channels.error && 'code' in channels.error && channels.error.code === 'MAIL_RIGHT_REQUIRED')
    return (
      <LockedPage
        title="E-mail"
        notice="E-mail channels are the leads'"
        description="The leads of the internal IT team or the provider set up how e-mail becomes tickets."
      />
    );
  return (
    <Page
      title="E-mail"
      description="E-mail to the desk's addresses becomes tickets; replies land on them as comments."
    >
      {channels.data?.abilities.configure && (
        <>
          <AddChannel slug={slug} />
          <AddImapChannel slug={slug} />
        </>
      )}
      <SectionCard title="Channels">
        {channels.isPending ? (
          <ListSkeleton label="Loading mail channels" />
        ) : channels.error ? (
          <ErrorState error={channels.error} onRetry={() => void channels.refetch()} />
        ) : channels.data.channels.length === 0 ? (
          <EmptyState
            icon={<IconMail aria-hidden />}
            title="No mail channel yet"
            description="Add an address Tandem's SMTP receiver accepts, or a hosted mailbox Tandem polls over IMAP, above."
          />
        ) : (
          <ChannelsTable
            slug={slug}
            channels={channels.data.channels}
            configure={channels.data.abilities.configure}
          />
        )}
      </SectionCard>
      <SectionCard title="Quarantine">
        {quarantine.isPending ? (
          <ListSkeleton label="Loading the quarantine" />
        ) : quarantine.error ? (
          <ErrorState error={quarantine.error} onRetry={() => void quarantine.refetch()} />
        ) : quarantine.data.items.length === 0 ? (
          <EmptyState
            icon={<IconInbox aria-hidden />}
            title="Nothing waiting"
            description="Mail from people who are not members waits here for a lead to release or reject it."
          />
        ) : (
          <MessagesTable
            slug={slug}
            label="Quarantined e-mail"
            items={quarantine.data.items}
            actions={(m) => (
              <Group gap="xs" wrap="nowrap">
                <Button
                  size="xs"
                  leftSection={<IconCheck size={14} aria-hidden />}
                  aria-label={`Release the e-mail from ${m.from}`}
                  loading={decide.isPending && decide.variables?.id === m.id}
                  onClick={() => decide.mutate({ id: m.id, decision: 'release' })}
                >
                  Release
                </Button>
                <Button
                  size="xs"
                  variant="default"
                  color="red"
                  leftSection={<IconX size={14} aria-hidden />}
                  aria-label={`Reject the e-mail from ${m.from}`}
                  onClick={() => decide.mutate({ id: m.id, decision: 'reject' })}
                >
                  Reject
                </Button>
              </Group>
            )}
          />
        )}
        {decide.error && <ErrorState error={decide.error} />}
      </SectionCard>
      <SectionCard title="Latest e-mail">
        {events.isPending ? (
          <ListSkeleton label="Loading the latest e-mail" />
        ) : events.error ? (
          <ErrorState error={events.error} onRetry={() => void events.refetch()} />
        ) : events.data.items.length === 0 ? (
          <EmptyState
            icon={<IconMail aria-hidden />}
            title="No e-mail yet"
            description="Received mail shows here."
          />
        ) : (
          <MessagesTable slug={slug} label="Latest e-mail" items={events.data.items} />
        )}
      </SectionCard>
    </Page>
  );
}
