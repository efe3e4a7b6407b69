import { Checkbox, Group, Table, Text } from '@mantine/core';
import { formatDateTime, formatRelative } from '../ui/format';
import { AnchorLink } from '../ui/router-links';
import { BouncingBadge, PriorityBadge, StatusBadge } from './badges';
import { laneName } from './labels';
import { SlaCell, useServerNow } from './sla-cell';
import type { TicketRow } from './types';

/**
 * The dense desk queue for wide screens: one line per ticket, the nearest SLA clock counting down
 * on the server's time. The active row (j/k) is marked for the eye and for screen readers.
 */
export function QueueTable({
  slug,
  tickets,
  serverOffsetMs,
  activeIndex,
  selected,
  onToggle,
  partyName,
}: {
  slug: string;
  tickets: TicketRow[];
  serverOffsetMs: number;
  activeIndex: number;
  selected?: ReadonlySet<string>;
  onToggle?: (key: string, checked: boolean) => void;
  partyName: (id: string) => string | undefined;
}) {
  const serverNow = useServerNow(serverOffsetMs);
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table
        striped
        highlightOnHover
        verticalSpacing={2}
        horizontalSpacing="xs"
        fz="sm"
        aria-label="Tickets"
        aria-rowcount={tickets.length + 1}
      >
        <Table.Thead>
          <Table.Tr>
            {selected && onToggle && (
              <Table.Th w={32}>
                <span className="visually-hidden">Select</span>
              </Table.Th>
            )}
            <Table.Th>Key</Table.Th>
            <Table.Th>Subject</Table.Th>
            <Table.Th>Requester</Table.Th>
            <Table.Th>Service</Table.Th>
            <Table.Th>Lane</Table.Th>
            <Table.Th>Assignee</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Priority</Table.Th>
            <Table.Th>SLA</Table.Th>
            <Table.Th>Updated</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tickets.map((ticket, index) => {
            const active = index === activeIndex;
            return (
              <Table.Tr
                key={ticket.id}
                data-ticket-key={ticket.key}
                data-active={active || undefined}
                aria-current={active ? 'true' : undefined}
                style={
                  active
                    ? { outline: '2px solid var(--mantine-primary-color-filled)', outlineOffset: -2 }
                    : undefined
                }
              >
                {selected && onToggle && (
                  <Table.Td>
                    <Checkbox
                      size="xs"
                      aria-label={`Select ${ticket.key}`}
                      checked={selected.has(ticket.key)}
                      onChange={(event) => onToggle(ticket.key, event.currentTarget.checked)}
                    />
                  </Table.Td>
                )}
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <AnchorLink
                    to="/w/$ws/tickets/$key"
                    params={{ ws: slug, key: ticket.key }}
                    fw={600}
                    size="sm"
                  >
                    {ticket.key}
                  </AnchorLink>
                </Table.Td>
                <Table.Td maw={260}>
                  <Group gap={4} wrap="nowrap">
                    <Text size="sm" truncate="end" title={ticket.subject}>
                      {ticket.subject}
                    </Text>
                    {ticket.bouncing && <BouncingBadge handoffCount={ticket.handoffCount} />}
                  </Group>
                </Table.Td>
                <Table.Td maw={120}>
                  <Text size="sm" truncate="end">
                    {ticket.requester.name ?? 'A former member'}
                  </Text>
                </Table.Td>
                <Table.Td maw={120}>
                  <Text size="sm" truncate="end">
                    {ticket.service.name ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td maw={120}>
                  <Text size="sm" truncate="end">
                    {laneName(ticket.lane, partyName)}
                  </Text>
                </Table.Td>
                <Table.Td maw={120}>
                  <Text size="sm" truncate="end" c={ticket.assignee ? undefined : 'dimmed'}>
                    {ticket.assignee ? (ticket.assignee.name ?? 'A former member') : 'Unassigned'}
                  </Text>
                </Table.Td>
                <Table.Td miw={120} style={{ whiteSpace: 'nowrap' }}>
                  <StatusBadge status={ticket.status} size="xs" />
                </Table.Td>
                <Table.Td>
                  <PriorityBadge priority={ticket.priority} />
                </Table.Td>
                <Table.Td>
                  <SlaCell sla={ticket.sla} serverNow={serverNow} />
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <span title={formatDateTime(ticket.updatedAt)}>{formatRelative(ticket.updatedAt)}</span>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
