import type { CommentVisibility, Lane, Level, Priority, TicketStatus } from './types';

/** Status names for IT staff. */
export const STATUS_LABELS: Record<TicketStatus, string> = {
  new: 'New',
  triaged: 'Triaged',
  in_progress: 'In progress',
  waiting_on_requester: 'Waiting on requester',
  waiting_on_party: 'Waiting on a party',
  resolved: 'Resolved',
  closed: 'Closed',
};

/** The same statuses as a requester reads them. */
export const REQUESTER_STATUS_LABELS: Record<TicketStatus, string> = {
  new: 'Received',
  triaged: 'Received',
  in_progress: 'Being worked on',
  waiting_on_requester: 'Waiting for your reply',
  waiting_on_party: 'Being worked on',
  resolved: 'Resolved',
  closed: 'Closed',
};

export const STATUS_COLORS: Record<TicketStatus, string> = {
  new: 'blue',
  triaged: 'cyan',
  in_progress: 'teal',
  waiting_on_requester: 'orange',
  waiting_on_party: 'yellow',
  resolved: 'green',
  closed: 'gray',
};

export const PRIORITY_COLORS: Record<Priority, string> = {
  P1: 'red',
  P2: 'orange',
  P3: 'yellow',
  P4: 'gray',
};

export const PRIORITY_LABELS: Record<Priority, string> = {
  P1: 'P1 · critical',
  P2: 'P2 · high',
  P3: 'P3 · moderate',
  P4: 'P4 · low',
};

export const LEVEL_LABELS: Record<Level, string> = { high: 'High', medium: 'Medium', low: 'Low' };

/** Urgency in a requester's words. */
export const URGENCY_CHOICES: { value: Level; label: string; description: string }[] = [
  { value: 'low', label: 'It can wait', description: 'Nothing is stopped; whenever IT gets to it.' },
  { value: 'medium', label: 'It slows me down', description: 'I can work around it for now.' },
  { value: 'high', label: 'I cannot work', description: 'I am stopped until this is fixed.' },
];

export const VISIBILITY_LABELS: Record<CommentVisibility, string> = {
  public: 'Public reply',
  staff: 'Staff note (both parties)',
  party: 'Only my party',
};

export const isOpenStatus = (status: TicketStatus) => status !== 'resolved' && status !== 'closed';

export function laneName(lane: Lane, partyName?: (id: string) => string | undefined): string {
  if (lane.kind === 'joint') return 'Joint triage';
  return lane.name ?? partyName?.(lane.partyId) ?? 'A party';
}

/** "45 min", "2 h", "1 h 30 min". */
export function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** Accepts ACME-42 or 42, as the API does. */
export const isTicketKey = (raw: string) => /^(?:[A-Za-z0-9]+-)?\d{1,9}$/.test(raw);
