import { Badge, type BadgeProps } from '@mantine/core';
import { IconArrowsExchange } from '@tabler/icons-react';
import { partyColor } from '../members/api';
import type { PartyKind } from '../ui/api-types';
import {
  laneName,
  PRIORITY_COLORS,
  PRIORITY_LABELS,
  REQUESTER_STATUS_LABELS,
  STATUS_COLORS,
  STATUS_LABELS,
} from './labels';
import type { Lane, Priority, TicketStatus } from './types';

export function StatusBadge({
  status,
  forRequester = false,
  size,
}: {
  status: TicketStatus;
  /** Words a requester understands ("Waiting for your reply"). */
  forRequester?: boolean;
  size?: BadgeProps['size'];
}) {
  const labels = forRequester ? REQUESTER_STATUS_LABELS : STATUS_LABELS;
  return (
    // A status is a few fixed words: beside a long subject it keeps its width instead of clipping.
    <Badge color={STATUS_COLORS[status] ?? 'gray'} variant="light" tt="none" size={size} flex="none">
      {labels[status] ?? status}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: Priority }) {
  return (
    <Badge
      color={PRIORITY_COLORS[priority] ?? 'gray'}
      variant={priority === 'P1' ? 'filled' : 'outline'}
      title={PRIORITY_LABELS[priority]}
      style={{ flexShrink: 0 }}
    >
      {priority}
      <span className="visually-hidden"> priority</span>
    </Badge>
  );
}

export function LaneBadge({
  lane,
  partyKind,
  partyName,
}: {
  lane: Lane;
  partyKind?: PartyKind;
  partyName?: (id: string) => string | undefined;
}) {
  if (lane.kind === 'joint')
    return (
      <Badge color="grape" variant="light" tt="none">
        Joint triage
      </Badge>
    );
  return (
    <Badge color={partyKind ? partyColor(partyKind) : 'indigo'} variant="dot" tt="none">
      <span className="visually-hidden">Lane: </span>
      {laneName(lane, partyName)}
    </Badge>
  );
}

/** Three or more handoffs: nobody has taken the ticket on, and it needs a lead's eye. */
export function BouncingBadge({ handoffCount }: { handoffCount: number }) {
  return (
    <Badge
      color="red"
      variant="light"
      tt="none"
      leftSection={<IconArrowsExchange size={12} aria-hidden />}
      title={`Handed between parties ${handoffCount} times`}
    >
      Bouncing · {handoffCount} handoffs
    </Badge>
  );
}
