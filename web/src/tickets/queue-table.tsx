import { Checkbox, Group, Table, Text } from '@mantine/core';
import { formatDateTime, formatRelative } from '../ui/format';
import { AnchorLink } from '../ui/router-links';
import { BouncingBadge, PriorityBadge, StatusBadge } from './badges';
import { laneName } from './labels';
import { SlaCell, useServerNow } from './sla-cell';
import type { QueueColumn } from './tickets-search';
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
  hidden = new Set(),
}: {
  slug: string;
  tickets: TicketRow[];
  serverOffsetMs: number;
  activeIndex: number;
  selected?: ReadonlySet<string>;
  onToggle?: (key: string, checked: boolean) => void;
  partyName: (id: string) => string | undefined;
  /** Columns the person hid (kept in the URL and in saved views). */
  hidden?: ReadonlySet<QueueColumn>;
}) {
  const serverNow = useServerNow(serverOffsetMs);
  const show = (c: QueueColumn) => !hidden.has(c);
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table
        striped
        highlightOnHover
        verticalSpacing={2}
        horizontalSpacing={6}
        fz="sm"
        aria-label="Tickets"
        aria-rowcount={tickets.length + 1}
      >
        <Table.Thead>
          <Table.Tr style={{ whiteSpace: 'nowrap' }}>
            {selected && onToggle && (
              <Table.Th w={32}>
                <span className="visually-hidden">Select</span>
              </Table.Th>
            )}
            <Table.Th>Key</Table.Th>
            <Table.Th>Subject</Table.Th>
            {show('requester') && <Table.Th>Requester</Table.Th>}
            {show('service') && <Table.Th>Service</Table.Th>}
            {show('lane') && <Table.Th>Lane</Table.Th>}
            {show('assignee') && <Table.Th>Assignee</Table.Th>}
            {show('status') && <Table.Th>Status</Table.Th>}
            {show('priority') && <Table.Th>Priority</Table.Th>}
            {show('sla') && <Table.Th>SLA</Table.Th>}
            {show('updated') && <Table.Th>Updated</Table.Th>}
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
                <Table.Td maw={250}>
                  <Group gap={4} wrap="nowrap">
                    <Text size="sm" truncate="end" title={ticket.subject}>
                      {ticket.subject}
                    </Text>
                    {ticket.bouncing && <BouncingBadge handoffCount={ticket.handoffCount} />}
                  </Group>
                </Table.Td>
                {show('requester') && (
                  <Table.Td maw={110}>
                    <Text size="sm" truncate="end">
                      {ticket.requester.name ?? 'A former member'}
                    </Text>
                  </Table.Td>
                )}
                {show('service') && (
                  <Table.Td maw={110}>
                    <Text size="sm" truncate="end">
                      {ticket.service.name ?? '—'}
                    </Text>
                  </Table.Td>
                )}
                {show('lane') && (
                  <Table.Td maw={110}>
                    <Text size="sm" truncate="end">
                      {laneName(ticket.lane, partyName)}
                    </Text>
                  </Table.Td>
                )}
                {show('assignee') && (
                  <Table.Td maw={110}>
                    <Text size="sm" truncate="end" c={ticket.assignee ? undefined : 'dimmed'}>
                      {ticket.assignee ? (ticket.assignee.name ?? 'A former member') : 'Unassigned'}
                    </Text>
                  </Table.Td>
                )}
                {show('status') && (
                  <Table.Td miw={100} style={{ whiteSpace: 'nowrap' }}>
                    <StatusBadge status={ticket.status} size="xs" />
                  </Table.Td>
                )}
                {show('priority') && (
                  <Table.Td>
                    <PriorityBadge priority={ticket.priority} />
                  </Table.Td>
                )}
                {show('sla') && (
                  <Table.Td>
                    <SlaCell sla={ticket.sla} serverNow={serverNow} />
                  </Table.Td>
                )}
                {show('updated') && (
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <span title={formatDateTime(ticket.updatedAt)}>{formatRelative(ticket.updatedAt)}</span>
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
