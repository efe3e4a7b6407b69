import { Checkbox, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Party, PartyKind } from '../ui/api-types';
import { CardList } from '../ui/card-list';
import { formatDateTime, formatRelative } from '../ui/format';
import { BouncingBadge, LaneBadge, PriorityBadge, StatusBadge } from './badges';
import { TicketCard } from './ticket-card';
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
    <CardList label="Tickets">
      {tickets.map((ticket) => (
        <StaffTicketCard
          key={ticket.id}
          ticket={ticket}
          ws={slug}
          heading={`${ticket.key} · ${ticket.service.name ?? 'Service'}`}
          laneKind={ticket.lane.kind === 'party' ? kindOf(ticket.lane.partyId) : undefined}
          leading={
            selected &&
            onToggle && (
              <Checkbox
                mt={4}
                aria-label={`Select ${ticket.key}`}
                checked={selected.has(ticket.key)}
                onChange={(event) => onToggle(ticket.key, event.currentTarget.checked)}
              />
            )
          }
        />
      ))}
    </CardList>
  );
}

/** A ticket as staff list it (one workspace's queue or all of theirs): who has it, when it moved, its badges. */
export function StaffTicketCard({
  ticket,
  ws,
  heading,
  laneKind,
  leading,
}: {
  ticket: TicketSummary;
  ws: string;
  heading: string;
  /** The kind of party whose lane it is in, when known. */
  laneKind?: PartyKind;
  leading?: ReactNode;
}) {
  return (
    <TicketCard
      ticket={ticket}
      ws={ws}
      to="/w/$ws/tickets/$key"
      heading={heading}
      leading={leading}
      details={
        <>
          {ticket.assignee ? `Assigned to ${ticket.assignee.name ?? 'a former member'}` : 'Unassigned'}
          {' · updated '}
          <span title={formatDateTime(ticket.updatedAt)}>{formatRelative(ticket.updatedAt)}</span>
        </>
      }
      aside={<PriorityBadge priority={ticket.priority} />}
    >
      <Group gap={6} mt={6}>
        <StatusBadge status={ticket.status} size="sm" />
        <LaneBadge lane={ticket.lane} partyKind={laneKind} />
        {ticket.bouncing && <BouncingBadge handoffCount={ticket.handoffCount} />}
      </Group>
    </TicketCard>
  );
}
