import { Group, List, Paper, Skeleton, Text, Title } from '@mantine/core';
import { IconClockHour4 } from '@tabler/icons-react';
import { formatRelative } from '../ui/format';
import { type Expectation, useTicketExpectations } from './api';

const DAY_MS = 86_400_000;
const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'long' });
const longDay = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' });

/** "today at 14:00", "tomorrow at 09:00", "Thursday 14:00", or "Monday 14 December, 09:00" further out. */
export function plainWhen(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const startOf = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((startOf(at) - startOf(now)) / DAY_MS);
  if (days === 0) return `today at ${time.format(at)}`;
  if (days === 1) return `tomorrow at ${time.format(at)}`;
  if (days > 1 && days < 7) return `${weekday.format(at)} ${time.format(at)}`;
  return `${longDay.format(at)}, ${time.format(at)}`;
}

const VERB = { first_response: 'reply', resolution: 'resolve it' } as const;

/** One line in the requester's words for one clock; null when there is nothing to say. */
export function expectationLine(e: Expectation, waitingOnYou: boolean, now = new Date()): string | null {
  if (e.state === 'done') return e.kind === 'first_response' ? 'IT has replied.' : null;
  if (e.state === 'paused')
    return waitingOnYou
      ? `Paused while we wait for your reply: the time to ${VERB[e.kind]} starts again when you answer.`
      : `Paused while we wait on someone outside IT; the time to ${VERB[e.kind]} starts again when they answer.`;
  if (!e.dueAt) return null;
  return e.late
    ? `We aimed to ${VERB[e.kind]} by ${plainWhen(e.dueAt, now)}. It is taking longer than we hoped; we are on it.`
    : `We aim to ${VERB[e.kind]} by ${plainWhen(e.dueAt, now)}.`;
}

/** On a requester's open request: when to expect a reply and a resolution, and whether that changed. */
export function ExpectationsCard(props: { slug: string; ticketKey: string; waitingOnYou: boolean }) {
  const query = useTicketExpectations(props.slug, props.ticketKey);
  if (query.isPending) return <Skeleton h={64} radius="md" aria-label="Loading when to expect an answer" />;
  // The request page works without it; a failed read says nothing rather than something wrong.
  if (query.isError) return null;
  const { items, changedAt } = query.data;
  const lines = items
    .map((e) => expectationLine(e, props.waitingOnYou))
    .filter((l): l is string => l !== null);
  if (lines.length === 0) return null;
  const recentlyChanged = changedAt !== null && Date.now() - Date.parse(changedAt) < 7 * DAY_MS;
  return (
    // A section, not an alert: it informs, and a screen reader should not interrupt with it.
    <Paper
      withBorder
      radius="md"
      p="md"
      component="section"
      aria-labelledby="expect-title"
      bg="var(--mantine-color-blue-light)"
    >
      <Group gap="xs" mb={6} wrap="nowrap">
        <IconClockHour4 size={20} aria-hidden color="var(--mantine-color-blue-light-color)" />
        <Title order={2} size="h5" id="expect-title">
          What to expect
        </Title>
      </Group>
      <List size="sm" spacing={4}>
        {lines.map((l) => (
          <List.Item key={l}>{l}</List.Item>
        ))}
      </List>
      {recentlyChanged && (
        <Text size="xs" c="dimmed" mt={6}>
          These times changed {formatRelative(changedAt)}, when the priority of your request changed.
        </Text>
      )}
    </Paper>
  );
}
