import { Badge, Group, Paper, Progress, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconHourglass } from '@tabler/icons-react';
import { ErrorState } from '../ui/error-display';
import { formatDateTime } from '../ui/format';
import { type SlaClock, type TicketSla, useTicketSla } from './api';
import { clockLabel, eventLabel, formatBusinessMinutes } from './labels';

/** The ticket's SLA clocks: time left in business time, due times, breaches and their history. */
export function SlaPanel({ slug, ticketKey }: { slug: string; ticketKey: string }) {
  const sla = useTicketSla(slug, ticketKey);
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="sla-title">
      <Title order={2} size="h4" id="sla-title" mb="xs">
        <IconHourglass size={18} aria-hidden style={{ verticalAlign: '-3px', marginRight: 6 }} />
        SLA
      </Title>
      {sla.isPending ? (
        <Stack gap={6} aria-busy="true" aria-label="Loading SLA clocks">
          <Skeleton h={16} />
          <Skeleton h={16} />
        </Stack>
      ) : sla.isError ? (
        <ErrorState error={sla.error} onRetry={() => void sla.refetch()} title="SLA not loaded" />
      ) : (
        <SlaBody sla={sla.data} />
      )}
    </Paper>
  );
}

function SlaBody({ sla }: { sla: TicketSla }) {
  if (sla.clocks.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No SLA policy covers this ticket’s priority, so no clock runs.
      </Text>
    );
  return (
    <Stack gap="sm">
      {sla.clocks.map((clock) => (
        <ClockRow key={clock.id} clock={clock} />
      ))}
      {sla.pages.map((page) => (
        <Text key={page.id} size="xs" c={page.membershipId ? 'orange' : 'red'}>
          {page.reason} · <time dateTime={page.createdAt}>{formatDateTime(page.createdAt)}</time>
        </Text>
      ))}
      <details>
        <summary>
          <Text span size="sm">
            Clock history ({sla.history.length})
          </Text>
        </summary>
        <Stack
          component="ol"
          gap={4}
          p={0}
          m={0}
          mt={6}
          style={{ listStyle: 'none' }}
          aria-label="Clock history"
        >
          {sla.history.map((e) => (
            <li key={e.id}>
              <Text size="xs">
                <time dateTime={e.at}>{formatDateTime(e.at)}</time> · {clockLabel(e.clockKind)}:{' '}
                {eventLabel(e.kind, e.detail)}
                {e.by ? ` · ${e.by}` : ''}
              </Text>
            </li>
          ))}
        </Stack>
      </details>
    </Stack>
  );
}

function ClockRow({ clock }: { clock: SlaClock }) {
  const share = Math.min(100, Math.max(0, (clock.usedMinutes / clock.targetMinutes) * 100));
  const color = clock.breached ? 'red' : share >= 75 ? 'orange' : 'teal';
  const state = clock.state === 'running' ? null : clock.state === 'paused' ? 'Paused' : 'Stopped';
  return (
    <div>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" fw={600}>
          {clockLabel(clock.kind)}
        </Text>
        <Group gap={4}>
          {state && (
            <Badge size="sm" variant="light" color="gray">
              {state}
            </Badge>
          )}
          {clock.breached && (
            <Badge size="sm" color="red">
              Breached
            </Badge>
          )}
        </Group>
      </Group>
      <Progress
        value={share}
        color={color}
        size="sm"
        my={4}
        aria-label={`${clockLabel(clock.kind)}: ${Math.round(share)} % of the target used`}
      />
      <Text size="xs" c="dimmed">
        {clock.state === 'stopped'
          ? `Took ${formatBusinessMinutes(clock.usedMinutes)} of ${formatBusinessMinutes(clock.targetMinutes)}`
          : clock.leftMinutes >= 0
            ? `${formatBusinessMinutes(clock.leftMinutes)} left of ${formatBusinessMinutes(clock.targetMinutes)}`
            : `${formatBusinessMinutes(-clock.leftMinutes)} over the ${formatBusinessMinutes(clock.targetMinutes)} target`}
        {clock.dueAt && (
          <>
            {' · due '}
            <time dateTime={clock.dueAt}>{formatDateTime(clock.dueAt)}</time>
          </>
        )}
      </Text>
      <Text size="xs" c="dimmed">
        {clock.policyName} · {clock.calendarName}
      </Text>
    </div>
  );
}
