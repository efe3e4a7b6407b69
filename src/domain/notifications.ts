import { createHmac, timingSafeEqual } from 'node:crypto';

export type EmailMode = 'off' | 'immediate' | 'digest';

/**
 * Every event a person can be notified of or a webhook can subscribe to, with its default
 * channels. Adding an event is one line here; `notify()` refuses names not listed.
 */
export const NOTIFICATION_EVENTS = {
  'ticket.created': { label: 'A ticket is raised in my lane', email: 'digest' },
  'ticket.assigned': { label: 'A ticket is assigned to me', email: 'immediate' },
  'ticket.handed_off': { label: 'A ticket is handed off to my party', email: 'immediate' },
  'ticket.commented': { label: 'A public reply on a ticket I follow', email: 'immediate' },
  'ticket.resolved': { label: 'A ticket I follow is resolved', email: 'immediate' },
  'ticket.expectation_changed': {
    label: 'When to expect an answer on my request changes',
    email: 'immediate',
  },
  'sla.at_risk': { label: 'A ticket is close to its SLA target', email: 'immediate' },
  'sla.breached': { label: 'A ticket breached its SLA target', email: 'immediate' },
  'escalation.triggered': { label: 'A ticket is escalated to me', email: 'immediate' },
  'oncall.paged': { label: 'I am paged while on call', email: 'immediate' },
  'incident.declared': { label: 'A major incident is declared', email: 'immediate' },
  'incident.updated': { label: 'A stakeholder update on a major incident', email: 'immediate' },
  'incident.update_due': { label: 'A stakeholder update is due', email: 'immediate' },
  'incident.resolved': { label: 'A major incident is resolved', email: 'immediate' },
  'change.submitted': { label: 'A change awaits a decision I hold', email: 'immediate' },
  'change.approved': {
    label: 'A change I follow (or my party is affected by) is approved',
    email: 'immediate',
  },
  'change.rejected': { label: 'A change I follow is rejected', email: 'immediate' },
  'change.started': { label: 'A change I follow (or my party is affected by) starts', email: 'digest' },
  'change.completed': {
    label: 'A change I follow (or my party is affected by) is completed',
    email: 'immediate',
  },
  'backlog.item_assigned': { label: 'An improvement backlog item is given to my party', email: 'digest' },
  'risk.review_due': { label: 'A risk I own is due for review', email: 'digest' },
  'risk.acceptance_expired': { label: 'The acceptance of a risk I own has expired', email: 'immediate' },
  'obligation.overdue': { label: 'Evidence my party owes for an obligation is overdue', email: 'immediate' },
  'obligation.missed': {
    label: 'An obligation occurrence was missed (escalated to the leads)',
    email: 'immediate',
  },
  'obligation.submitted': {
    label: 'Evidence is handed in for an obligation I am accountable for',
    email: 'digest',
  },
  'obligation.rejected': { label: 'Evidence my party handed in was rejected', email: 'immediate' },
  'access.grant.requested': { label: 'Someone asks for privileged access', email: 'immediate' },
  'access.grant.decided': { label: 'My request for privileged access is decided', email: 'immediate' },
  'access.grant.expired': { label: 'A time-bound access grant expired: revoke it', email: 'immediate' },
  'access.review.assigned': { label: 'An access review gives me accounts to decide', email: 'immediate' },
  'access.review.line_overdue': {
    label: 'An access-review line I must decide is overdue',
    email: 'immediate',
  },
  'review.pack_ready': { label: 'The service review pack of a period is ready', email: 'immediate' },
  'article.review_due': {
    label: 'An article I review (or my party owns) is due for review',
    email: 'digest',
  },
} as const satisfies Record<string, { label: string; email: EmailMode }>;

export type NotificationEvent = keyof typeof NOTIFICATION_EVENTS;
export const NOTIFICATION_EVENT_NAMES = Object.keys(NOTIFICATION_EVENTS) as [
  NotificationEvent,
  ...NotificationEvent[],
];
/** Sent only by hand to check an endpoint; not a subscription choice. */
export const WEBHOOK_PING_EVENT = 'webhook.ping';

export const isNotificationEvent = (name: string): name is NotificationEvent =>
  Object.hasOwn(NOTIFICATION_EVENTS, name);

export type Preference = { inApp: boolean; email: EmailMode };
export const defaultPreference = (event: NotificationEvent): Preference => ({
  inApp: true,
  email: NOTIFICATION_EVENTS[event].email,
});

/** The next digest time: the coming `hour`:00 UTC strictly after now. */
export function nextDigestAt(hour: number, now: Date): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour));
  if (at.getTime() <= now.getTime()) at.setUTCDate(at.getUTCDate() + 1);
  return at;
}

// ---- Webhooks ----

/** A problem with a webhook URL, or null when it may be used. */
export function webhookUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute http:// or https:// URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must use http:// or https://';
  if (!url.hostname) return 'must name a host';
  if (url.username || url.password) return 'must not carry a user name or password; use the signing secret';
  if (url.hash) return 'must not have a #fragment';
  return null;
}

export const SIGNATURE_HEADER = 'Tandem-Signature';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, the Stripe-style signed timestamp. */
export function signWebhook(secret: string, body: string, timestampSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

/** What a receiver does: recompute the MAC and refuse old timestamps (replays). */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = Object.fromEntries(
    header.split(',').map((p) => {
      const i = p.indexOf('=');
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()];
    }),
  );
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, body, t).split('v1=')[1]!, 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// ---- Who hears about a ticket event ----

export type RecipientSelector =
  | { membershipId: string }
  | { partyId: string; roles?: ('lead' | 'agent' | 'viewer')[] }
  | { partyKind: 'internal' | 'provider'; roles?: ('lead' | 'agent' | 'viewer')[] }
  /** Members of the parties watching a ticket. */
  | { watchersOfTicketId: string; roles?: ('lead' | 'agent' | 'viewer')[] };

export type TicketFacts = {
  id: string;
  requesterMembershipId: string;
  assigneeMembershipId: string | null;
  lanePartyId: string | null;
};

/**
 * Requesters hear only of public events; the lane's staff of new work; the assignee of
 * everything on their ticket; watching parties' leads of the outcome.
 */
export function ticketAudience(
  event: 'ticket.created' | 'ticket.assigned' | 'ticket.handed_off' | 'ticket.commented' | 'ticket.resolved',
  t: TicketFacts,
): RecipientSelector[] {
  const requester = { membershipId: t.requesterMembershipId };
  const assignee = t.assigneeMembershipId ? [{ membershipId: t.assigneeMembershipId }] : [];
  const laneStaff: RecipientSelector[] = t.lanePartyId
    ? [{ partyId: t.lanePartyId, roles: ['lead', 'agent'] }]
    : // Joint triage: the leads of both sides decide who takes it.
      [
        { partyKind: 'internal', roles: ['lead'] },
        { partyKind: 'provider', roles: ['lead'] },
      ];
  const watcherLeads: RecipientSelector[] = [{ watchersOfTicketId: t.id, roles: ['lead'] }];
  switch (event) {
    case 'ticket.created':
      return [requester, ...laneStaff, ...watcherLeads];
    case 'ticket.assigned':
      return assignee;
    case 'ticket.handed_off':
      return [...laneStaff, ...assignee];
    case 'ticket.commented':
      return [requester, ...(assignee.length > 0 ? assignee : laneStaff)];
    case 'ticket.resolved':
      return [requester, ...assignee, ...watcherLeads];
  }
}
