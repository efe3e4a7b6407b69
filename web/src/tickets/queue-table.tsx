import { Table } from '@mantine/core';
import { memo } from 'react';
import { formatDateTime, formatRelative } from '../ui/format';
import { AnchorLink } from '../ui/router-links';
import { BouncingBadge, PriorityBadge, StatusBadge } from './badges';
import { laneName } from './labels';
import { SlaCell } from './sla-cell';
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
  hidden = NO_COLUMNS_HIDDEN,
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
          {tickets.map((ticket, index) => (
            <QueueRow
              key={ticket.id}
              slug={slug}
              ticket={ticket}
              active={index === activeIndex}
              checked={selected?.has(ticket.key)}
              onToggle={selected ? onToggle : undefined}
              laneLabel={laneName(ticket.lane, partyName)}
              hidden={hidden}
              serverOffsetMs={serverOffsetMs}
            />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const NO_COLUMNS_HIDDEN: ReadonlySet<QueueColumn> = new Set();
const cut = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const;
const dimmed = { color: 'var(--mantine-color-dimmed)' } as const;

/**
 * One queue row. Memoised with plain elements inside the cells: a 100-row table re-renders only the
 * rows whose ticket, mark or selection changed (the SLA cells tick on their own).
 */
const QueueRow = memo(function QueueRow({
  slug,
  ticket,
  active,
  checked,
  onToggle,
  laneLabel,
  hidden,
  serverOffsetMs,
}: {
  slug: string;
  ticket: TicketRow;
  active: boolean;
  checked: boolean | undefined;
  onToggle: ((key: string, checked: boolean) => void) | undefined;
  laneLabel: string;
  hidden: ReadonlySet<QueueColumn>;
  serverOffsetMs: number;
}) {
  const show = (c: QueueColumn) => !hidden.has(c);
  return (
    <Table.Tr
      data-ticket-key={ticket.key}
      data-active={active || undefined}
      aria-current={active ? 'true' : undefined}
      style={
        active ? { outline: '2px solid var(--mantine-primary-color-filled)', outlineOffset: -2 } : undefined
      }
    >
      {onToggle && (
        <Table.Td>
          <input
            type="checkbox"
            aria-label={`Select ${ticket.key}`}
            checked={checked ?? false}
            onChange={(event) => onToggle(ticket.key, event.currentTarget.checked)}
            style={{ accentColor: 'var(--mantine-primary-color-filled)', margin: 0, verticalAlign: 'middle' }}
          />
        </Table.Td>
      )}
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <AnchorLink to="/w/$ws/tickets/$key" params={{ ws: slug, key: ticket.key }} fw={600} size="sm">
          {ticket.key}
        </AnchorLink>
      </Table.Td>
      <Table.Td maw={250}>
        <div style={{ display: 'flex', gap: 4, alignItems: 'center', minWidth: 0 }}>
          <span style={cut} title={ticket.subject}>
            {ticket.subject}
          </span>
          {ticket.bouncing && <BouncingBadge handoffCount={ticket.handoffCount} />}
        </div>
      </Table.Td>
      {show('requester') && (
        <Table.Td maw={110} style={cut}>
          {ticket.requester.name ?? 'A former member'}
        </Table.Td>
      )}
      {show('service') && (
        <Table.Td maw={110} style={cut}>
          {ticket.service.name ?? '—'}
        </Table.Td>
      )}
      {show('lane') && (
        <Table.Td maw={110} style={cut}>
          {laneLabel}
        </Table.Td>
      )}
      {show('assignee') && (
        <Table.Td maw={110} style={ticket.assignee ? cut : { ...cut, ...dimmed }}>
          {ticket.assignee ? (ticket.assignee.name ?? 'A former member') : 'Unassigned'}
        </Table.Td>
      )}
      {show('status') && (
        <Table.Td miw={100} style={{ whiteSpace: 'nowrap' }}>
          <StatusBadge status={ticket.status} size="xs" />
        </Table.Td>
      )}
      {show('priority') && (
        <Table.Td miw={52}>
          <PriorityBadge priority={ticket.priority} />
        </Table.Td>
      )}
      {show('sla') && (
        <Table.Td>
          <SlaCell sla={ticket.sla} serverOffsetMs={serverOffsetMs} />
        </Table.Td>
      )}
      {show('updated') && (
        <Table.Td style={{ whiteSpace: 'nowrap' }}>
          <span title={formatDateTime(ticket.updatedAt)}>{formatRelative(ticket.updatedAt)}</span>
        </Table.Td>
      )}
    </Table.Tr>
  );
});
