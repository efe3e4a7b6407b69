import { Badge, Button, Card, Group, Stack, Switch, Table, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMail, IconPlus, IconWebhook } from '@tabler/icons-react';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { CopyField } from '../ui/copy-field';
import { DataTable } from '../ui/data-table';
import { Dialog, DialogBody, DialogHeader } from '../ui/dialog';
import { EmptyState } from '../ui/empty-state';
import { ErrorState } from '../ui/error-display';
import { formatDateTime, formatRelative } from '../ui/format';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import {
  useDeleteWebhook,
  useEmailDeliveries,
  useRotateSecret,
  useUpdateWebhook,
  useWebhooks,
  type WebhookEndpoint,
} from './api';
import { WebhookDeliveries } from './webhook-deliveries';
import { NewWebhookDialogBody } from './webhook-dialog';

/** The internal lead's page: outbound webhook endpoints with their delivery logs, and the e-mail log. */
export function WebhooksPage() {
  const { ws: slug } = useParams({ from: '/_app/w/$ws/webhooks' });
  return (
    <Page
      title="Webhooks and deliveries"
      description="Send Tandem’s events to other systems, signed with a secret; see every delivery and e-mail and retry by hand."
    >
      <Tabs defaultValue="webhooks" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="webhooks" leftSection={<IconWebhook size={16} aria-hidden />}>
            Webhook endpoints
          </Tabs.Tab>
          <Tabs.Tab value="email" leftSection={<IconMail size={16} aria-hidden />}>
            E-mail log
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="webhooks" pt="md">
          <Endpoints slug={slug} />
        </Tabs.Panel>
        <Tabs.Panel value="email" pt="md">
          <EmailLog slug={slug} />
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}

function Endpoints({ slug }: { slug: string }) {
  const endpoints = useWebhooks(slug);
  const update = useUpdateWebhook(slug);
  const remove = useDeleteWebhook(slug);
  const rotate = useRotateSecret(slug);
  const [adding, setAdding] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<WebhookEndpoint | null>(null);
  const [rotated, setRotated] = useState<string | null>(null);
  const items = endpoints.data?.items ?? [];
  const current = items.find((e) => e.id === selected) ?? null;

  return (
    <Stack>
      <Group justify="flex-end">
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
          Add endpoint
        </Button>
      </Group>
      <QueryStatus query={endpoints} rows={3} label="Loading webhook endpoints" />
      {(update.isError || rotate.isError) && <ErrorState error={update.error ?? rotate.error} />}
      {endpoints.isSuccess && items.length === 0 && (
        <EmptyState
          icon={<IconWebhook aria-hidden />}
          title="No webhook endpoints"
          description="Add an endpoint to post ticket, SLA and incident events to a chat tool, a provider’s PSA or your own automation."
        />
      )}
      {items.length > 0 && (
        <DataTable
          minWidth={720}
          verticalSpacing="sm"
          aria-label="Webhook endpoints"
          head={['URL', 'Events', 'Failing', 'Last delivery', 'Active', null]}
        >
          {items.map((e) => (
            <Table.Tr key={e.id} bg={selected === e.id ? 'var(--mantine-color-blue-light)' : undefined}>
              <Table.Td>
                <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                  {e.url}
                </Text>
                {e.description && (
                  <Text size="xs" c="dimmed">
                    {e.description}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {e.events.map((ev) => (
                    <Badge key={ev} size="xs" variant="outline">
                      {ev}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>
                {e.failingDeliveries ? (
                  <Badge color="red" variant="light">
                    {e.failingDeliveries}
                  </Badge>
                ) : (
                  '0'
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm" title={formatDateTime(e.lastAttemptAt)}>
                  {formatRelative(e.lastAttemptAt)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Switch
                  checked={e.active}
                  aria-label={`Deliver to ${e.url}`}
                  onChange={(ev) =>
                    update.mutate({ id: e.id, version: e.version, active: ev.currentTarget.checked })
                  }
                />
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap" justify="flex-end">
                  <Button
                    size="xs"
                    variant="light"
                    onClick={() => setSelected(selected === e.id ? null : e.id)}
                  >
                    {selected === e.id ? 'Hide log' : 'Delivery log'}
                  </Button>
                  <Button
                    size="xs"
                    variant="subtle"
                    loading={rotate.isPending && rotate.variables === e.id}
                    onClick={() => rotate.mutate(e.id, { onSuccess: (data) => setRotated(data.secret) })}
                  >
                    Rotate secret
                  </Button>
                  <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(e)}>
                    Delete
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
      {current && (
        <Card withBorder radius="md">
          <WebhookDeliveries slug={slug} endpointId={current.id} url={current.url} />
        </Card>
      )}
      <Dialog opened={adding} onClose={() => setAdding(false)} size="lg" closeOnClickOutside={false}>
        <NewWebhookDialogBody slug={slug} onClose={() => setAdding(false)} />
      </Dialog>
      <Dialog opened={rotated !== null} onClose={() => setRotated(null)} closeOnClickOutside={false}>
        <DialogHeader title="New signing secret: copy it now" />
        <DialogBody>
          <Stack>
            <Text size="sm">
              The old secret no longer signs deliveries. This is the only time the new one is shown.
            </Text>
            {rotated && <CopyField label="Signing secret" value={rotated} />}
            <Group justify="flex-end">
              <Button onClick={() => setRotated(null)}>Done</Button>
            </Group>
          </Stack>
        </DialogBody>
      </Dialog>
      <ConfirmDialog
        opened={deleting !== null}
        title="Delete this endpoint?"
        confirmLabel="Delete endpoint"
        danger
        pending={remove.isPending}
        error={remove.error}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              notifications.show({ color: 'teal', message: 'The endpoint is deleted.' });
              if (selected === deleting.id) setSelected(null);
              setDeleting(null);
            },
          })
        }
      >
        Nothing more is sent to {deleting?.url}, and its delivery log is removed.
      </ConfirmDialog>
    </Stack>
  );
}

const EMAIL_COLOURS: Record<string, string> = {
  queued: 'gray',
  retrying: 'orange',
  sent: 'teal',
  failed: 'red',
  digest_pending: 'blue',
};

function EmailLog({ slug }: { slug: string }) {
  const log = useEmailDeliveries(slug);
  const items = log.data?.items ?? [];
  return (
    <Stack>
      <QueryStatus query={log} rows={4} label="Loading the e-mail log" />
      {log.isSuccess && items.length === 0 && (
        <EmptyState
          icon={<IconMail aria-hidden />}
          title="No e-mail yet"
          description="Notification e-mails appear here once sent, queued for a retry, or waiting for someone’s daily digest."
        />
      )}
      {items.length > 0 && (
        <DataTable
          minWidth={720}
          verticalSpacing="xs"
          aria-label="E-mail log"
          head={['To', 'Subject', 'Status', 'Attempts', 'Last error', 'When']}
        >
          {items.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>
                <Text size="sm">{d.to}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" lineClamp={1}>
                  {d.subject}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge color={EMAIL_COLOURS[d.status] ?? 'gray'} variant="light">
                  {d.status.replace('_', ' ')}
                </Badge>
              </Table.Td>
              <Table.Td>{d.attempts}</Table.Td>
              <Table.Td>
                <Text size="xs" c={d.lastError ? 'red' : 'dimmed'} lineClamp={2}>
                  {d.lastError ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" title={formatDateTime(d.sentAt ?? d.lastAttemptAt ?? d.createdAt)}>
                  {formatRelative(d.sentAt ?? d.lastAttemptAt ?? d.createdAt)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </Stack>
  );
}
