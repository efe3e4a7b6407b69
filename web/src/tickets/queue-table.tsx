import { Table } from '@mantine/core';
import { memo } from 'react';
import { formatDateTime, formatRelative } from '../ui/format';
import { BouncingBadge, PriorityBadge, StatusBadge } from './badges';
import { laneName } from './labels';
import classes from './queue-table.module.css';
import { SlaCell } from './sla-cell';
import { ticketHref, useTicketLinks } from './ticket-links';
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
  const links = useTicketLinks(slug);
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
        <Table.Tbody {...links}>
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
const cutNarrow = { ...cut, maxWidth: 110 } as const;
const cutNarrowDimmed = { ...cutNarrow, color: 'var(--mantine-color-dimmed)' } as const;
const nowrap = { whiteSpace: 'nowrap' } as const;

// Mantine's row and cell classes on plain elements: Table.Tr and Table.Td are each a Box that
// resolves style props and context on every render, most of a row's mount time.
const tr = Table.classes.tr;
const td = Table.classes.td;

/**
 * One queue row. Memoised with plain elements inside the cells: a 100-row table re-renders only the
 * rows whose ticket, mark or selection changed (the SLA cells tick on their own). The key is a plain
 * link; the table body follows it in the app (useTicketLinks), one handler for every row.
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
    <tr
      className={tr}
      // What Table.Tr sets from the table's props (row borders, striped, highlightOnHover).
      data-with-row-border
      data-striped="odd"
      data-hover
      data-ticket-key={ticket.key}
      data-active={active || undefined}
      aria-current={active ? 'true' : undefined}
      style={
        active ? { outline: '2px solid var(--mantine-primary-color-filled)', outlineOffset: -2 } : undefined
      }
    >
      {onToggle && (
        <td className={td}>
          <input
            type="checkbox"
            aria-label={`Select ${ticket.key}`}
            checked={checked ?? false}
            onChange={(event) => onToggle(ticket.key, event.currentTarget.checked)}
            style={{ accentColor: 'var(--mantine-primary-color-filled)', margin: 0, verticalAlign: 'middle' }}
          />
        </td>
      )}
      <td className={td} style={nowrap}>
        <a className={classes.key} href={ticketHref(slug, ticket.key)} data-ticket-link={ticket.key}>
          {ticket.key}
        </a>
      </td>
      <td className={td} style={{ maxWidth: 250 }}>
        <div style={{ display: 'flex', gap: 4, alignItems: 'center', minWidth: 0 }}>
          <span style={cut} title={ticket.subject}>
            {ticket.subject}
          </span>
          {ticket.bouncing && <BouncingBadge handoffCount={ticket.handoffCount} />}
        </div>
      </td>
      {show('requester') && (
        <td className={td} style={cutNarrow}>
          {ticket.requester.name ?? 'A former member'}
        </td>
      )}
      {show('service') && (
        <td className={td} style={cutNarrow}>
          {ticket.service.name ?? '—'}
        </td>
      )}
      {show('lane') && (
        <td className={td} style={cutNarrow}>
          {laneLabel}
        </td>
      )}
      {show('assignee') && (
        <td className={td} style={ticket.assignee ? cutNarrow : cutNarrowDimmed}>
          {ticket.assignee ? (ticket.assignee.name ?? 'A former member') : 'Unassigned'}
        </td>
      )}
      {show('status') && (
        <td className={td} style={{ minWidth: 100, ...nowrap }}>
          <StatusBadge status={ticket.status} size="xs" />
        </td>
      )}
      {show('priority') && (
        <td className={td} style={{ minWidth: 52 }}>
          <PriorityBadge priority={ticket.priority} />
        </td>
      )}
      {show('sla') && (
        <td className={td}>
          <SlaCell sla={ticket.sla} serverOffsetMs={serverOffsetMs} />
        </td>
      )}
      {show('updated') && (
        <td className={td} style={nowrap}>
          <span title={formatDateTime(ticket.updatedAt)}>{formatRelative(ticket.updatedAt)}</span>
        </td>
      )}
    </tr>
  );
});
