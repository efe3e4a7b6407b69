import { Badge } from '@mantine/core';
import type { Change } from './api';
import { RISK_COLORS, RISK_LABELS, STATUS_COLORS, STATUS_LABELS, TYPE_LABELS } from './api';

export const ChangeStatusBadge = ({ status }: { status: Change['status'] }) => (
  <Badge
    color={STATUS_COLORS[status]}
    variant="light"
    style={{ flexShrink: 0, overflow: 'visible', maxWidth: 'none' }}
  >
    {STATUS_LABELS[status]}
  </Badge>
);

export const RiskBadge = ({ level }: { level: Change['riskLevel'] }) => (
  <Badge
    color={RISK_COLORS[level]}
    variant="dot"
    style={{ flexShrink: 0, overflow: 'visible', maxWidth: 'none' }}
  >
    {RISK_LABELS[level]} risk
  </Badge>
);

export const TypeBadge = ({ type }: { type: Change['type'] }) => (
  <Badge
    color={type === 'emergency' ? 'red' : type === 'standard' ? 'teal' : 'gray'}
    variant="outline"
    style={{ flexShrink: 0, overflow: 'visible', maxWidth: 'none' }}
  >
    {TYPE_LABELS[type]}
  </Badge>
);

/** A planned window in the time zone it was planned in. */
export function formatWindow(start: string | null, end: string | null, timeZone: string) {
  if (!start || !end) return 'Not planned yet';
  const fmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short', timeZone });
  const sameDay =
    new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(start)) ===
    new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(end));
  return `${fmt.format(new Date(start))} – ${sameDay ? time.format(new Date(end)) : fmt.format(new Date(end))} (${timeZone})`;
}
