import { Checkbox, Group, Paper, Stack, Text } from '@mantine/core';
import type { Party } from '../ui/api-types';
import { formatDateTime, formatRelative } from '../ui/format';
import { AnchorLink } from '../ui/router-links';
import { BouncingBadge, LaneBadge, PriorityBadge, StatusBadge } from './badges';
import type { TicketSummary } from './types';

/** Queue rows: key, subject, status, priority, lane, and who has it. One layout serves phone and desk. */
export function TicketList({
  slug,
  tickets,
  parties,
  selected,
  onToggle,
}: {
  slug: string;
  tickets: TicketSummary[];
  parties: Party[];
  /** Keys picked for a bulk change; without it the rows have no checkboxes. */
  selected?: ReadonlySet<string>;
  onToggle?: (key: string, checked: boolean) => void;
}) {
  const kindOf = (id: string) => parties.find((p) => p.id === id)?.kind;
  return (
    <Stack gap="xs" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Tickets">
      {tickets.map((ticket) => (
        <Paper key={ticket.id} component="li" withBorder radius="md" p="sm">
          <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
            {selected && onToggle && (
              <Checkbox
                mt={4}
                aria-label={`Select ${ticket.key}`}
                checked={selected.has(ticket.key)}
                onChange={(event) => onToggle(ticket.key, event.currentTarget.checked)}
              />
            )}
            <div style={{ minWidth: 0, flex: 1 }}>
              <Text size="xs" c="dimmed" fw={600}>
                {ticket.key} · {ticket.service.name ?? 'Service'}
              </Text>
              <AnchorLink
                to="/w/$ws/tickets/$key"
                params={{ ws: slug, key: ticket.key }}
                fw={600}
                style={{ overflowWrap: 'anywhere' }}
              >
                {ticket.subject}
              </AnchorLink>
              <Text size="xs" c="dimmed" mt={2}>
                {ticket.assignee ? `Assigned to ${ticket.assignee.name ?? 'a former member'}` : 'Unassigned'}
                {' · updated '}
                <span title={formatDateTime(ticket.updatedAt)}>{formatRelative(ticket.updatedAt)}</span>
              </Text>
            </div>
            <PriorityBadge priority={ticket.priority} />
          </Group>
          <Group gap={6} mt={6}>
            <StatusBadge status={ticket.status} size="sm" />
            <LaneBadge
              lane={ticket.lane}
              partyKind={ticket.lane.kind === 'party' ? kindOf(ticket.lane.partyId) : undefined}
            />
            {ticket.bouncing && <BouncingBadge handoffCount={ticket.handoffCount} />}
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
