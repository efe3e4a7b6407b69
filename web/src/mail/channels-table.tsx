import { Badge, Button, Group, PasswordInput, Stack, Table, Text } from '@mantine/core';
import { IconKey, IconPlayerPause, IconPlayerPlay, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useApiForm } from '../ui/api-form';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { Dialog, DialogBody, DialogHeader } from '../ui/dialog';
import { ErrorState, FormAlert } from '../ui/error-display';
import { FormActions } from '../ui/form-actions';
import { formatDateTime } from '../ui/format';
import { type MailChannel, useDeleteChannel, useRotateImapPassword, useSetChannelStatus } from './api';

/** The channel's state in words: what a lead needs to know at a glance. */
function channelState(c: MailChannel): { label: string; colour: string } {
  if (c.status === 'disabled') return { label: 'Paused', colour: 'gray' };
  if (c.kind === 'smtp') return { label: 'Receiving', colour: 'green' };
  if (c.pollerState === 'error') return { label: 'Failing', colour: 'red' };
  if (c.pollerState === 'idle') return { label: 'Connected', colour: 'green' };
  return { label: 'Connecting…', colour: 'blue' };
}

function Counts({ c }: { c: MailChannel }) {
  const n = c.counts;
  if (n.received === 0) return <Text size="sm">None yet</Text>;
  const plural = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  const parts = [
    `${n.received} received`,
    plural(n.tickets, 'ticket', 'tickets'),
    plural(n.comments, 'comment', 'comments'),
    n.quarantined > 0 && `${n.quarantined} quarantined`,
    n.ignored > 0 && plural(n.ignored, 'not a request', 'not requests'),
    n.failed > 0 && `${n.failed} unreadable`,
    n.waiting > 0 && `${n.waiting} waiting`,
  ].filter(Boolean);
  return <Text size="sm">{parts.join(' · ')}</Text>;
}

const ROTATE_FIELDS = ['password'] as const;

function RotatePassword({
  slug,
  channel,
  onClose,
}: {
  slug: string;
  channel: MailChannel;
  onClose: () => void;
}) {
  const rotate = useRotateImapPassword(slug);
  const { form, formError } = useApiForm({ password: '' }, rotate.error, ROTATE_FIELDS);
  function submit(event: FormEvent) {
    event.preventDefault();
    rotate.mutate({ id: channel.id, password: form.values.password }, { onSuccess: onClose });
  }
  return (
    <>
      <DialogHeader title={`New password for ${channel.name}`} />
      <DialogBody>
        <form onSubmit={submit} noValidate aria-label="Rotate the mailbox password">
          <Stack gap="sm">
            <Text size="sm">
              The new password is stored sealed and never shown again; Tandem reconnects with it at once.
            </Text>
            <PasswordInput
              label="New password"
              autoComplete="new-password"
              {...form.getInputProps('password')}
              data-autofocus
            />
            <FormAlert message={formError} title="The password was not changed" />
            <FormActions onCancel={onClose} cancelDisabled={rotate.isPending} gap="xs">
              <Button type="submit" loading={rotate.isPending}>
                Save password
              </Button>
            </FormActions>
          </Stack>
        </form>
      </DialogBody>
    </>
  );
}

function ChannelActions({ slug, c }: { slug: string; c: MailChannel }) {
  const setStatus = useSetChannelStatus(slug);
  const remove = useDeleteChannel(slug);
  const [dialog, setDialog] = useState<'password' | 'delete' | null>(null);
  const paused = c.status === 'disabled';
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="wrap">
        <Button
          size="xs"
          variant="default"
          leftSection={
            paused ? <IconPlayerPlay size={14} aria-hidden /> : <IconPlayerPause size={14} aria-hidden />
          }
          aria-label={`${paused ? 'Resume' : 'Pause'} ${c.name}`}
          loading={setStatus.isPending}
          onClick={() =>
            setStatus.mutate({ id: c.id, version: c.version, status: paused ? 'active' : 'disabled' })
          }
        >
          {paused ? 'Resume' : 'Pause'}
        </Button>
        {c.kind === 'imap' && (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconKey size={14} aria-hidden />}
            aria-label={`Rotate the password of ${c.name}`}
            onClick={() => setDialog('password')}
          >
            Rotate password
          </Button>
        )}
        <Button
          size="xs"
          variant="default"
          color="red"
          leftSection={<IconTrash size={14} aria-hidden />}
          aria-label={`Delete ${c.name}`}
          onClick={() => {
            remove.reset();
            setDialog('delete');
          }}
        >
          Delete
        </Button>
      </Group>
      {setStatus.error && <ErrorState error={setStatus.error} />}
      <Dialog opened={dialog === 'password'} onClose={() => setDialog(null)} closeOnClickOutside={false}>
        {dialog === 'password' && <RotatePassword slug={slug} channel={c} onClose={() => setDialog(null)} />}
      </Dialog>
      <ConfirmDialog
        opened={dialog === 'delete'}
        title={`Delete ${c.name}?`}
        confirmLabel="Delete"
        danger
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate({ id: c.id }, { onSuccess: () => setDialog(null) })}
        onClose={() => setDialog(null)}
      >
        Only a channel that never received mail can be deleted; one with mail is paused instead, so its
        history stays.
      </ConfirmDialog>
    </Stack>
  );
}

/** Every channel with its state in words, its last mail and error, what its mail became, and actions. */
export function ChannelsTable({
  slug,
  channels,
  configure,
}: {
  slug: string;
  channels: MailChannel[];
  configure: boolean;
}) {
  return (
    <Table striped aria-label="Mail channels">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Name</Table.Th>
          <Table.Th>Kind</Table.Th>
          <Table.Th>Addresses / mailbox</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Last mail</Table.Th>
          <Table.Th>Last 30 days</Table.Th>
          {configure && <Table.Th aria-label="Actions" />}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {channels.map((c) => {
          const state = channelState(c);
          return (
            <Table.Tr key={c.id}>
              <Table.Td>{c.name}</Table.Td>
              <Table.Td>{c.kind.toUpperCase()}</Table.Td>
              <Table.Td>
                {c.kind === 'smtp'
                  ? c.addresses.join(', ')
                  : `${c.imap?.user}@${c.imap?.host}:${c.imap?.port}/${c.imap?.mailbox}${c.imap?.tls ? '' : ' (no TLS)'}`}
              </Table.Td>
              <Table.Td style={{ minWidth: 110 }}>
                <Badge color={state.colour} variant="light" style={{ overflow: 'visible' }}>
                  {state.label}
                </Badge>
                {c.lastError && c.status === 'active' && (
                  <Text size="xs" c="red">
                    {c.lastError} ({formatDateTime(c.lastErrorAt)})
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{c.lastEventAt ? formatDateTime(c.lastEventAt) : 'None yet'}</Table.Td>
              <Table.Td>
                <Counts c={c} />
              </Table.Td>
              {configure && (
                <Table.Td>
                  <ChannelActions slug={slug} c={c} />
                </Table.Td>
              )}
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
