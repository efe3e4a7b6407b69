import { and, asc, eq, inArray, ne, type Placeholder, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { type Lookups, lookup } from '../db/lookups.ts';
import {
  type ClockPause,
  type SlaCalendar,
  type SlaClock,
  type SlaClockEventKind,
  type SlaPolicy,
  slaCalendars,
  slaClockEvents,
  slaClocks,
  slaEscalationRules,
  slaPolicies,
} from '../db/schema/sla.ts';
import type { Ticket } from '../db/schema/tickets.ts';
import { addBusinessMinutes, type Calendar, type Pause } from '../domain/business-time.ts';
import { pickPolicy, thresholdMinutes } from '../domain/sla.ts';
import { isOpenStatus, isPausedStatus, type TicketStatus } from '../domain/tickets.ts';
import type { EnqueueOptions, JobPayloads, Jobs } from '../jobs/queue.ts';
import type { SlaActor } from './actor.ts';
import { routeOutOfHours } from './cover.ts';
import { notifyExpectationChanged } from './expectations.ts';
import { type EscalationRuleRow, preloadSlaReferences, slaKeys } from './references.ts';
import { insertStartedClocks } from './start-clocks-statement.ts';

export type { SlaActor };

const actorOf = (ctx: {
  actor: { workspaceId: string; membershipId: string; accountId: string };
  jobs: Jobs;
  lookups?: Lookups | undefined;
}): SlaActor => ({
  workspaceId: ctx.actor.workspaceId,
  membershipId: ctx.actor.membershipId,
  accountId: ctx.actor.accountId,
  jobs: ctx.jobs,
  lookups: ctx.lookups,
});
type Ctx = Parameters<typeof actorOf>[0] | SlaActor;
const toActor = (ctx: Ctx): SlaActor => ('actor' in ctx ? actorOf(ctx) : ctx);

export const toCalendar = (c: SlaCalendar): Calendar => ({
  timeZone: c.timeZone,
  is24x7: c.is24x7,
  weeklyHours: c.weeklyHours,
  holidays: c.holidays,
});
export const toPauses = (pauses: ClockPause[]): Pause[] =>
  pauses.map((p) => ({ start: new Date(p.start), end: p.end ? new Date(p.end) : null }));

/** The due time of a running clock with its pauses so far (all of them closed). */
export const dueOf = (cal: Calendar, clock: Pick<SlaClock, 'startedAt' | 'targetMinutes' | 'pauses'>) =>
  addBusinessMinutes(cal, clock.startedAt, clock.targetMinutes, toPauses(clock.pauses));

async function loadCalendar(tx: Tx, workspaceId: string, id: string, lookups?: Lookups) {
  return lookup(lookups, slaKeys.calendar(id), async () => {
    const [cal] = await tx
      .select()
      .from(slaCalendars)
      .where(and(eq(slaCalendars.id, id), eq(slaCalendars.workspaceId, workspaceId)));
    return cal ?? null;
  });
}

const policiesFor = (tx: Tx, a: SlaActor, priority: Ticket['priority']) =>
  lookup(a.lookups, slaKeys.policies(a.workspaceId, priority), () =>
    tx
      .select()
      .from(slaPolicies)
      .where(and(eq(slaPolicies.workspaceId, a.workspaceId), eq(slaPolicies.priority, priority))),
  );

/** The escalation thresholds (percent) of one priority, per clock kind. */
async function escalationPercents(tx: Tx, a: SlaActor, priority: Ticket['priority']) {
  const rules: EscalationRuleRow[] = await lookup(
    a.lookups,
    slaKeys.escalationRules(a.workspaceId, priority),
    () =>
      tx
        .select({ kind: slaEscalationRules.clockKind, atPercent: slaEscalationRules.atPercent })
        .from(slaEscalationRules)
        .where(
          and(eq(slaEscalationRules.workspaceId, a.workspaceId), eq(slaEscalationRules.priority, priority)),
        ),
  );
  return (kind: SlaClock['kind']) => [
    ...new Set([...rules.filter((r) => r.kind === kind).map((r) => r.atPercent), 100]),
  ];
}

async function addEvent(
  tx: Tx,
  a: SlaActor,
  clock: SlaClock,
  kind: SlaClockEventKind,
  at: Date,
  detail: Record<string, unknown> = {},
) {
  await tx.insert(slaClockEvents).values({
    workspaceId: a.workspaceId,
    ticketId: clock.ticketId,
    clockId: clock.id,
    kind,
    at,
    detail,
    byMembershipId: a.membershipId,
  });
}

type EscalationJob = { queue: 'sla.escalate'; payload: JobPayloads['sla.escalate']; options: EnqueueOptions };

/** The escalation timers of a running clock: one per threshold of its priority, and the breach. */
async function escalationJobs(
  tx: Tx,
  a: SlaActor,
  clock: SlaClock,
  ticket: Ticket,
  cal: Calendar,
): Promise<EscalationJob[]> {
  if (clock.state !== 'running') return [];
  const percents = (await escalationPercents(tx, a, ticket.priority))(clock.kind);
  return percents.map((atPercent) => {
    const at = addBusinessMinutes(
      cal,
      clock.startedAt,
      thresholdMinutes(clock.targetMinutes, atPercent),
      toPauses(clock.pauses),
    );
    return {
      queue: 'sla.escalate',
      payload: { workspaceId: a.workspaceId, clockId: clock.id, atPercent, dueAt: at.toISOString() },
      options: { startAfter: at, singletonKey: `sla:${clock.id}:${atPercent}:${at.toISOString()}` },
    };
  });
}

/**
 * Durable timers: one job per escalation threshold (and the breach), enqueued in the caller's
 * transaction. The key carries the due instant, so a clock that moved gets new timers and the
 * old ones find nothing to do when they fire.
 */
export async function scheduleEscalations(
  tx: Tx,
  a: SlaActor,
  clock: SlaClock,
  ticket: Ticket,
  cal: Calendar,
) {
  const jobs = await escalationJobs(tx, a, clock, ticket, cal);
  if (jobs.length > 0) await a.jobs.enqueueMany(tx, jobs);
}

/**
 * The clocks a new ticket will start: its policy, calendar and due times (clocks null when no
 * policy matches). They depend only on the ticket's priority, service, catalogue item and creation
 * time, so a creation plans them before the ticket is written and stores the ticket with its nearest
 * due time (the sla_due_at trigger then has nothing to rewrite).
 */
export type SlaClockPlan = {
  /** The actor with the SLA's reference rows read (lookups), for the rest of the start. */
  actor: SlaActor;
  clocks: ClockPlan | null;
};
type ClockPlan = { policy: SlaPolicy; calendar: SlaCalendar; at: Date; dueAt: Record<ClockKind, Date> };
type ClockKind = SlaClock['kind'];
type PlannedTicket = Pick<Ticket, 'priority' | 'serviceId' | 'catalogueItemId'>;

export async function planSlaClocks(
  tx: Tx,
  ctx: Ctx,
  ticket: PlannedTicket,
  at: Date,
): Promise<SlaClockPlan> {
  const actor = toActor(ctx);
  // The SLA's reference rows in one statement, read once per ticket (or per batch), not once per use.
  const a = { ...actor, lookups: actor.lookups ?? new Map() };
  await preloadSlaReferences(tx, a.workspaceId, ticket.priority, a.lookups);
  return { actor: a, clocks: await planClocks(tx, a, ticket, at) };
}

/** The ticket's SLA policy and its calendar (null when no policy matches or its calendar is gone). */
async function policyOf(tx: Tx, a: SlaActor, ticket: PlannedTicket) {
  const policy = pickPolicy(await policiesFor(tx, a, ticket.priority), ticket);
  if (!policy) return null;
  const calendar = await loadCalendar(tx, a.workspaceId, policy.calendarId, a.lookups);
  return calendar ? { policy, calendar } : null;
}

async function planClocks(tx: Tx, a: SlaActor, ticket: PlannedTicket, at: Date): Promise<ClockPlan | null> {
  const found = await policyOf(tx, a, ticket);
  if (!found) return null;
  const { policy, calendar } = found;
  const cal = toCalendar(calendar);
  const dueAt = {
    first_response: addBusinessMinutes(cal, at, policy.firstResponseMinutes),
    resolution: addBusinessMinutes(cal, at, policy.resolutionMinutes),
  };
  return { policy, calendar, at, dueAt };
}

/** The ticket's nearest due time once its planned clocks run (null without a policy). */
export const plannedSlaDue = ({ clocks }: SlaClockPlan): Date | null =>
  clocks
    ? new Date(Math.min(clocks.dueAt.first_response.getTime(), clocks.dueAt.resolution.getTime()))
    : null;

/**
 * Starts the first-response and resolution clocks of a new ticket under its SLA policy (none
 * when no policy matches), and routes it to the covering party when it arrives out of hours.
 * A creation that planned the clocks (planSlaClocks) passes its plan.
 */
export async function startSlaClocks(
  tx: Tx,
  ctx: Ctx,
  ticket: Ticket,
  planned?: SlaClockPlan,
): Promise<SlaClock[]> {
  const plan = planned ?? (await planSlaClocks(tx, ctx, ticket, ticket.createdAt));
  await routeOutOfHours(tx, plan.actor, ticket);
  return plan.clocks ? startPlannedClocks(tx, plan.actor, plan.clocks, ticket) : [];
}

async function startClocksFor(tx: Tx, a: SlaActor, ticket: Ticket, at: Date) {
  const clocks = await planClocks(tx, a, ticket, at);
  return clocks ? startPlannedClocks(tx, a, clocks, ticket) : [];
}

async function startPlannedClocks(tx: Tx, a: SlaActor, plan: ClockPlan, ticket: Ticket) {
  const { policy, calendar, at } = plan;
  // Both clocks and their 'started' events in one statement, their timers in another.
  const targets = { first_response: policy.firstResponseMinutes, resolution: policy.resolutionMinutes };
  const details = Object.fromEntries(
    (['first_response', 'resolution'] as const).map((kind) => [
      kind,
      { policy: policy.name, targetMinutes: targets[kind], calendar: calendar.name, dueAt: plan.dueAt[kind] },
    ]),
  );
  const clocks = await insertStartedClocks(tx, {
    workspaceId: a.workspaceId,
    ticketId: ticket.id,
    policyId: policy.id,
    calendarId: calendar.id,
    at,
    firstResponseMinutes: policy.firstResponseMinutes,
    firstResponseDue: plan.dueAt.first_response,
    resolutionMinutes: policy.resolutionMinutes,
    resolutionDue: plan.dueAt.resolution,
    details: JSON.stringify(details),
    membershipId: a.membershipId,
  });
  if (clocks.length === 0) return [];
  clocks.sort((x, y) => (x.kind === y.kind ? 0 : x.kind === 'first_response' ? -1 : 1));
  const cal = toCalendar(calendar);
  const timers: EscalationJob[] = [];
  for (const clock of clocks) timers.push(...(await escalationJobs(tx, a, clock, ticket, cal)));
  if (timers.length > 0) await a.jobs.enqueueMany(tx, timers);
  return clocks;
}

async function saveClock(tx: Tx, clock: SlaClock, set: Partial<SlaClock>) {
  const [after] = await tx
    .update(slaClocks)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(slaClocks.id, clock.id))
    .returning();
  return after!;
}

async function pauseClock(tx: Tx, a: SlaActor, clock: SlaClock, at: Date, reason: string) {
  const breachedAt = clock.breachedAt ?? (clock.dueAt && clock.dueAt <= at ? clock.dueAt : null);
  await saveClock(tx, clock, {
    state: 'paused',
    dueAt: null,
    breachedAt,
    pauses: [...clock.pauses, { start: at.toISOString(), end: null }],
  });
  await addEvent(tx, a, clock, 'paused', at, { reason });
}

async function resumeClock(
  tx: Tx,
  a: SlaActor,
  clock: SlaClock,
  ticket: Ticket,
  at: Date,
  reason: string,
  pauseStart?: Date,
) {
  const cal = await loadCalendar(tx, a.workspaceId, clock.calendarId);
  if (!cal) return;
  const pauses = pauseStart
    ? [...clock.pauses, { start: pauseStart.toISOString(), end: at.toISOString() }]
    : clock.pauses.map((p) => (p.end === null ? { ...p, end: at.toISOString() } : p));
  const dueAt = addBusinessMinutes(toCalendar(cal), clock.startedAt, clock.targetMinutes, toPauses(pauses));
  const after = await saveClock(tx, clock, { state: 'running', pauses, dueAt, stoppedAt: null });
  await addEvent(tx, a, clock, 'resumed', at, { reason, dueAt });
  await scheduleEscalations(tx, a, after, ticket, toCalendar(cal));
}

async function stopClock(tx: Tx, a: SlaActor, clock: SlaClock, at: Date, reason: string) {
  const due = clock.state === 'running' ? clock.dueAt : null;
  const breachedAt = clock.breachedAt ?? (due && due < at ? due : null);
  const pauses = clock.pauses.map((p) => (p.end === null ? { ...p, end: at.toISOString() } : p));
  await saveClock(tx, clock, { state: 'stopped', stoppedAt: at, breachedAt, pauses });
  await addEvent(tx, a, clock, 'stopped', at, { reason, breached: breachedAt !== null });
}

const clocksOf = (tx: Tx, ticketId: string) =>
  tx.select().from(slaClocks).where(eq(slaClocks.ticketId, ticketId)).orderBy(asc(slaClocks.kind));

/**
 * A ticket's SLA due time once a staff public reply has stopped its first-response clock (below): the
 * nearest other running clock. The reply's own update of the ticket writes it, so the clocks' trigger
 * (migration 0060) finds it right and does not write the ticket row a second time.
 */
export const slaDueAfterStaffReply = (workspaceId: string | Placeholder, ticketId: string | Placeholder) =>
  // The conditions on the clock as the aggregate's FILTER: the ticket's clocks read by its key, not the
  // workspace's running clocks walked in due order (migration 0064).
  sql`(select min(${slaClocks.dueAt}) filter (where ${slaClocks.state} = 'running' and ${slaClocks.kind} <> 'first_response')
    from ${slaClocks} where ${slaClocks.workspaceId} = ${workspaceId} and ${slaClocks.ticketId} = ${ticketId})`;

/** Whether the ticket has a first-response clock a staff public reply would stop (recordSlaResponse). */
export const firstResponseClockOpen = (workspaceId: string | Placeholder, ticketId: string | Placeholder) =>
  sql<boolean>`exists (select 1 from ${slaClocks}
    where ${slaClocks.workspaceId} = ${workspaceId} and ${slaClocks.ticketId} = ${ticketId}
      and ${slaClocks.kind} = 'first_response' and ${slaClocks.state} <> 'stopped')`;

/** A staff member's first public reply stops the first-response clock. */
export async function recordSlaResponse(tx: Tx, ctx: Ctx, ticket: Ticket, at = new Date()) {
  const a = toActor(ctx);
  const [clock] = await tx
    .select()
    .from(slaClocks)
    .where(
      and(
        eq(slaClocks.ticketId, ticket.id),
        eq(slaClocks.kind, 'first_response'),
        ne(slaClocks.state, 'stopped'),
      ),
    );
  if (clock) await stopClock(tx, a, clock, at, 'first public reply by staff');
}

/**
 * Follows a ticket change: pauses in waiting states, resumes, stops on resolve, restarts the
 * resolution clock on reopen, stops first response on a staff status change, and moves targets
 * when the priority changes. One call from every path that changes a ticket's status or priority.
 */
export async function applySlaTicketChange(
  tx: Tx,
  ctx: Ctx,
  before: Pick<Ticket, 'status' | 'priority'>,
  after: Ticket,
  options: { byStaff: boolean; at?: Date } = { byStaff: true },
) {
  const a = toActor(ctx);
  const at = options.at ?? new Date();
  if (before.priority !== after.priority) await retargetClocks(tx, a, after, at);
  const from = before.status as TicketStatus;
  const to = after.status as TicketStatus;
  if (from === to) return;
  let clocks = await clocksOf(tx, after.id);
  if (options.byStaff) {
    const fr = clocks.find((c) => c.kind === 'first_response' && c.state !== 'stopped');
    if (fr) await stopClock(tx, a, fr, at, `status changed to ${to.replace(/_/g, ' ')} by staff`);
    clocks = await clocksOf(tx, after.id);
  }
  const label = to.replace(/_/g, ' ');
  for (const clock of clocks) {
    if (!isOpenStatus(to)) {
      if (clock.state !== 'stopped') await stopClock(tx, a, clock, at, `ticket ${label}`);
    } else if (isPausedStatus(to)) {
      if (clock.state === 'running') await pauseClock(tx, a, clock, at, `ticket ${label}`);
    } else if (clock.state === 'paused') {
      await resumeClock(tx, a, clock, after, at, `ticket ${label}`);
    } else if (clock.state === 'stopped' && clock.kind === 'resolution' && !isOpenStatus(from)) {
      // Reopened: the time it spent resolved does not count.
      await resumeClock(tx, a, clock, after, at, 'ticket reopened', clock.stoppedAt ?? at);
    }
  }
}

/** A new priority brings the targets of its policy; clocks keep their start and pauses. */
async function retargetClocks(tx: Tx, a: SlaActor, ticket: Ticket, at: Date) {
  const clocks = await clocksOf(tx, ticket.id);
  if (clocks.length === 0) {
    if (isOpenStatus(ticket.status as TicketStatus)) await startClocksFor(tx, a, ticket, at);
    return;
  }
  const found = await policyOf(tx, a, ticket);
  if (!found) return;
  const { policy, calendar: calRow } = found;
  const cal = toCalendar(calRow);
  const movedDue: Array<{ kind: SlaClock['kind']; dueAt: Date }> = [];
  for (const clock of clocks) {
    if (clock.state === 'stopped') continue;
    const targetMinutes =
      clock.kind === 'first_response' ? policy.firstResponseMinutes : policy.resolutionMinutes;
    const moved = { ...clock, targetMinutes };
    const dueAt = clock.state === 'running' ? dueOf(cal, moved) : null;
    if (dueAt && dueAt.getTime() !== clock.dueAt?.getTime()) movedDue.push({ kind: clock.kind, dueAt });
    const after = await saveClock(tx, clock, {
      policyId: policy.id,
      calendarId: calRow.id,
      targetMinutes,
      dueAt,
    });
    await addEvent(tx, a, clock, 'retargeted', at, {
      priority: ticket.priority,
      policy: policy.name,
      targetMinutes,
      dueAt,
    });
    await scheduleEscalations(tx, a, after, ticket, cal);
  }
  // The requester hears when to expect an answer now (what they see on their request page).
  await notifyExpectationChanged(tx, a, ticket, movedDue, calRow.timeZone);
}

/** Clocks of several tickets (for lists): ticket id → clocks. */
export async function clocksForTickets(tx: Tx, workspaceId: string, ticketIds: string[]) {
  if (ticketIds.length === 0) return new Map<string, SlaClock[]>();
  const rows = await tx
    .select()
    .from(slaClocks)
    .where(and(eq(slaClocks.workspaceId, workspaceId), inArray(slaClocks.ticketId, ticketIds)));
  const map = new Map<string, SlaClock[]>();
  for (const r of rows) map.set(r.ticketId, [...(map.get(r.ticketId) ?? []), r]);
  return map;
}

/**
 * After a reply: a staff public reply stops first response (`stopsFirstResponse`: one was found open,
 * firstResponseClockOpen); a requester's reply that ends the wait resumes.
 */
export async function applySlaComment(
  tx: Tx,
  ctx: Ctx,
  ticket: Ticket,
  reply: { stopsFirstResponse: boolean; resumesWork: boolean },
) {
  // A workspace context's clock (simulated time) when it has one.
  const clock = 'clock' in ctx ? ctx.clock : undefined;
  const at = typeof clock === 'function' ? (clock as () => Date)() : new Date();
  if (reply.stopsFirstResponse) await recordSlaResponse(tx, ctx, ticket, at);
  if (reply.resumesWork)
    await applySlaTicketChange(tx, ctx, ticket, { ...ticket, status: 'in_progress' }, { byStaff: false, at });
}
