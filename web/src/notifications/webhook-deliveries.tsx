import { Badge, Button, Code, Collapse, Group, Stack, Table, Text } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useState } from 'react';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { ErrorState } from '../ui/error-display';
import { formatDateTime, formatRelative } from '../ui/format';
import { QueryStatus } from '../ui/query-status';
import { useDeliveries, usePing, useRedeliver, type WebhookDelivery } from './api';

const STATUS_COLOURS: Record<WebhookDelivery['status'], string> = {
  queued: 'gray',
  retrying: 'orange',
  succeeded: 'teal',
  failed: 'red',
};

/** One endpoint's delivery log: status, response code, duration, attempts; redelivery by hand. */
export function WebhookDeliveries({
  slug,
  endpointId,
  url,
}: {
  slug: string;
  endpointId: string;
  url: string;
}) {
  const deliveries = useDeliveries(slug, endpointId);
  const redeliver = useRedeliver(slug, endpointId);
  const ping = usePing(slug, endpointId);
  const [open, setOpen] = useState<string | null>(null);
  const items = deliveries.data?.items ?? [];

  return (
    <Stack gap="sm" component="section" aria-label={`Deliveries to ${url}`}>
      <Group justify="space-between">
        <Text fw={600}>Deliveries to {url}</Text>
        <Button size="xs" variant="light" loading={ping.isPending} onClick={() => ping.mutate()}>
          Send a test ping
        </Button>
      </Group>
      {(redeliver.isError || ping.isError) && <ErrorState error={redeliver.error ?? ping.error} />}
      <QueryStatus query={deliveries} rows={3} label="Loading deliveries" />
      {deliveries.isSuccess && items.length === 0 && (
        <EmptyState
          icon={<IconHistory aria-hidden />}
          title="Nothing delivered yet"
          description="Deliveries appear here when a subscribed event happens. Send a test ping to check the endpoint."
        />
      )}
      {items.length > 0 && (
        <DataTable
          minWidth={700}
          verticalSpacing="xs"
          aria-label="Delivery log"
          head={['Event', 'Status', 'Response', 'Duration', 'Attempts', 'Last try', null]}
        >
          {items.map((d) => (
            <DeliveryRow
              key={d.id}
              delivery={d}
              open={open === d.id}
              onToggle={() => setOpen(open === d.id ? null : d.id)}
              onRedeliver={() => redeliver.mutate(d.id)}
              redelivering={redeliver.isPending && redeliver.variables === d.id}
            />
          ))}
        </DataTable>
      )}
    </Stack>
  );
}

function DeliveryRow(props: {
  delivery: WebhookDelivery;
  open: boolean;
  onToggle: () => void;
  onRedeliver: () => void;
  redelivering: boolean;
}) {
  const { delivery: d } = props;
  return (
    <>
      <Table.Tr>
        <Table.Td>
          <Text size="sm">{d.event}</Text>
        </Table.Td>
        <Table.Td>
          <Badge color={STATUS_COLOURS[d.status]} variant="light">
            {d.status}
          </Badge>
        </Table.Td>
        <Table.Td>
          <Text size="sm">{d.lastStatusCode ?? (d.lastError ? 'no answer' : '—')}</Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm">{d.lastDurationMs === null ? '—' : `${d.lastDurationMs} ms`}</Text>
        </Table.Td>
        <Table.Td>{d.attempts}</Table.Td>
        <Table.Td>
          <Text size="sm" title={formatDateTime(d.lastAttemptAt)}>
            {formatRelative(d.lastAttemptAt)}
          </Text>
        </Table.Td>
        <Table.Td>
          <Group gap={4} wrap="nowrap" justify="flex-end">
            <Button size="xs" variant="subtle" onClick={props.onToggle} aria-expanded={props.open}>
              {props.open ? 'Hide' : 'Details'}
            </Button>
            <Button
              size="xs"
              variant="light"
              onClick={props.onRedeliver}
              loading={props.redelivering}
              disabled={d.status === 'queued' || d.status === 'retrying'}
              aria-label={`Redeliver ${d.event} from ${formatDateTime(d.createdAt)}`}
            >
              Redeliver
            </Button>
          </Group>
        </Table.Td>
      </Table.Tr>
      <Table.Tr style={props.open ? undefined : { display: 'none' }}>
        <Table.Td colSpan={7}>
          <Collapse expanded={props.open}>
            <Stack gap="xs">
              {d.lastError && (
                <Text size="sm" c="red">
                  Last error: {d.lastError}
                </Text>
              )}
              <Text size="sm" fw={600}>
                Attempts
              </Text>
              {d.attemptLog.map((a) => (
                <Text size="xs" key={a.at}>
                  {formatDateTime(a.at)} — {a.statusCode ?? 'no answer'} in {a.durationMs} ms
                  {a.error ? ` (${a.error})` : ''}
                </Text>
              ))}
              <Text size="sm" fw={600}>
                Payload
              </Text>
              <Code block>{JSON.stringify(d.payload, null, 2)}</Code>
            </Stack>
          </Collapse>
        </Table.Td>
      </Table.Tr>
    </>
  );
}
