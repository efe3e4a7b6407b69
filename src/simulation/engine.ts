import { and, eq, sql } from 'drizzle-orm';
import { type Database, selectRows, type Tx } from '../db/client.ts';
import { accounts } from '../db/schema/accounts.ts';
import { services } from '../db/schema/responsibility.ts';
import { tickets } from '../db/schema/tickets.ts';
import { memberships, parties, workspaces } from '../db/schema/workspaces.ts';
import { withScopedTx } from '../db/tenant.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import { addDays, daysBetween, isoDay } from '../domain/measures.ts';
import { routeByMap } from '../domain/tickets.ts';
import { createSession } from '../handovers/service.ts';
import type { Jobs } from '../jobs/queue.ts';
import { createArticle, updateArticle } from '../knowledge/service/write-articles.ts';
import type { TicketNotifySink } from '../notifications/ticket-events.ts';
import { createProblem, linkTicketToProblem, updateProblem } from '../problems/service.ts';
import { systemMeta, type WorkspaceContext } from '../server/context.ts';
import { loadRoutingInputs } from '../tickets/queries.ts';
import { auditTicket, scopeOf } from '../tickets/service/common.ts';
import { applyComment } from '../tickets/service/conversation.ts';
import { createTicket } from '../tickets/service/create-ticket.ts';
import { applyTicketUpdate, type UpdateTicketInput } from '../tickets/service/update-ticket.ts';
import { type SimulatedTimer, SimulatedTimers } from './timers.ts';

/**
 * The living demo's engine: Tandem's own services (ticket create, reply, status change, problem
 * create and resolve, handover session, article create and update) driven day by day on simulated
 * time through the context's clock, so every record carries the day it "happened" and the measures
 * backfill from them like from real history. Nothing writes figures into tables.
 *
 * The arc, at fixed shares of the span: a recurring fault (the same request again and again on one
 * service) is grouped into a problem at 25 %, fixed at 45 %, and then all but stops; one service is
 * worked by a single person until handover sessions at 50 % and 60 % teach a colleague, who then
 * resolves its tickets too and keeps its runbook. A seeded PRNG makes a run repeatable.
 */

/** mulberry32: small, fast, good enough for a demo's dice; `state` is what a checkpoint keeps. */
export function prng(seed: number, state?: number) {
  let a = (state ?? seed) >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return Object.assign(next, { state: () => a });
}

export type SimulationOptions = {
  slug: string;
  months: number;
  seed?: number;
  /** The day after the last simulated day (default today, UTC): history ends yesterday. */
  until?: string;
  /** Background tickets per working day (default 3). */
  ticketsPerDay?: number;
  /** Where an interrupted run stopped (the last onDay's checkpoint): the run goes on from there. */
  resume?: Checkpoint | null | undefined;
  /**
   * After each step (a ticket raised or resolved, an arc event), inside its transaction: the step and
   * what onStep records (the checkpoint) commit together or not at all, so a restart never repeats one.
   * `done` counts the days fully simulated.
   */
  onStep?: (tx: Tx, done: number, total: number, day: string, checkpoint: Checkpoint) => Promise<void>;
  /**
   * After each step, given how long it took: a background build waits here so the server's own
   * requests are served meanwhile (the embedded database answers on this thread; without a pause the
   * steps' promises chain on and starve the event loop). Absent: no pause (`tandem simulate`).
   */
  pause?: ((stepMs: number) => Promise<void>) | undefined;
  /**
   * The live queue: the SLA timers still ahead when the history ends (they fall due in the present)
   * are queued on it in the last step. Absent, the live sweep finds those clocks when they fall due.
   */
  live?: Jobs | undefined;
};

export type Phase =
  | 'finished'
  | 'resolve'
  | 'draw'
  | 'background'
  | 'recurring'
  | 'dependency'
  | 'problem'
  | 'fix'
  | 'session';

/** The engine's state between two steps, as JSON (history_builds.checkpoint). */
export type Checkpoint = {
  /** Days fully simulated; the step cursor within the next one; steps committed so far. */
  days: number;
  phase: Phase;
  pending: number;
  steps: number;
  dice: number;
  open: { number: number; version: number; resolveAt: string; by: string; serviceId: string }[];
  recurringNumbers: number[];
  problem: { number: number; version: number } | null;
  runbook: { number: number; version: number } | null;
  learned: boolean;
  /** The SLA timers the services set, not yet reached by simulated time. */
  timers?: SimulatedTimer[];
  report: SimulationReport;
};

export type SimulationReport = {
  workspaceId: string;
  from: string;
  to: string;
  days: number;
  tickets: number;
  recurring: { before: number; after: number; problemNumber: number | null; fixedOn: string | null };
  dependency: { service: string | null; expertResolved: number; learnerResolved: number; sessions: number };
  articles: number;
};

type Person = { actor: WorkspaceActor };
type Service = { id: string; name: string; lanePartyId: string | null };
type Open = { number: number; version: number; resolveAt: Date; by: Person; serviceId: string };

/**
 * History notifies no one: months-old "new reply" and "resolved" notifications would fill the demo
 * people's inboxes, and no measure reads them. Half the simulation's statements were these.
 */
const quiet: TicketNotifySink = async () => undefined;
const addComment = (ctx: WorkspaceContext, number: number, body: string) =>
  withScopedTx(ctx.db, scopeOf(ctx), (tx) =>
    applyComment(tx, ctx, number, { body, visibility: 'public' }, auditTicket, quiet),
  );
/**
 * Changes a ticket at its current version: an SLA escalation fired in between (on simulated time) may
 * have changed it, raising its priority.
 */
const updateTicket = (ctx: WorkspaceContext, number: number, input: Omit<UpdateTicketInput, 'version'>) =>
  withScopedTx(ctx.db, scopeOf(ctx), async (tx) => {
    const [row] = await tx
      .select({ version: tickets.version })
      .from(tickets)
      .where(and(eq(tickets.workspaceId, ctx.actor.workspaceId), eq(tickets.number, number)));
    return applyTicketUpdate(tx, ctx, number, { ...input, version: row!.version }, auditTicket, quiet);
  });

const RECURRING_SUBJECT = 'VPN disconnects after the laptop wakes from sleep';

async function loadCast(db: Database, slug: string) {
  const ids = await selectRows<{ id: string }>(db, sql`select id from tandem_workspace_ids()`);
  for (const { id } of ids) {
    const found = await withScopedTx(db, { workspaceId: id, accountId: null }, async (tx) => {
      const [ws] = await tx
        .select({ id: workspaces.id, slug: workspaces.slug, prefix: workspaces.ticketPrefix })
        .from(workspaces)
        .where(and(eq(workspaces.id, id), eq(workspaces.slug, slug)));
      if (!ws) return null;
      const people = await tx
        .select({
          membershipId: memberships.id,
          accountId: memberships.accountId,
          role: memberships.role,
          partyId: memberships.partyId,
          partyKind: parties.kind,
        })
        .from(memberships)
        .leftJoin(parties, eq(parties.id, memberships.partyId))
        .innerJoin(accounts, eq(accounts.id, memberships.accountId))
        .where(and(eq(memberships.workspaceId, id), eq(memberships.status, 'active')))
        // Seeded members share a creation time; the e-mail keeps the cast (and so the history) the same.
        .orderBy(memberships.createdAt, accounts.email);
      const active = await tx
        .select({ id: services.id, name: services.name })
        .from(services)
        .where(and(eq(services.workspaceId, id), eq(services.status, 'active')))
        .orderBy(services.name);
      const routed: Service[] = [];
      for (const s of active) {
        const { assignments, parties: ps } = await loadRoutingInputs(tx, id, s.id);
        const route = routeByMap(s, assignments, ps);
        routed.push({ ...s, lanePartyId: route.lane.kind === 'party' ? route.lane.partyId : null });
      }
      return { ws, people, services: routed };
    });
    if (found) {
      const person = (p: (typeof found.people)[number]): Person => ({
        actor: {
          accountId: p.accountId,
          isAdmin: false,
          membershipId: p.membershipId,
          workspaceId: found.ws.id,
          workspaceSlug: found.ws.slug,
          ticketPrefix: found.ws.prefix,
          role: p.role,
          partyId: p.partyId,
          partyKind: p.partyKind ?? null,
        },
      });
      return { ...found, people: found.people.map(person) };
    }
  }
  throw new Error(`No workspace has the address "${slug}".`);
}

/** The days `months` of history ending the day before `until` cover. */
export function historySpan(months: number, until: string) {
  const from = addDays(until, -Math.round(months * 30.4));
  return { from, until, total: Math.round((Date.parse(until) - Date.parse(from)) / 86_400_000) };
}

export async function simulate(db: Database, options: SimulationOptions): Promise<SimulationReport> {
  const resume = options.resume ?? null;
  const random = prng(options.seed ?? 16, resume?.dice);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const cast = await loadCast(db, options.slug);
  const staff = cast.people.filter((p) => p.actor.partyId !== null && p.actor.role !== 'viewer');
  const internal = staff.filter((p) => p.actor.partyKind === 'internal');
  const requesters = cast.people.filter((p) => p.actor.role === 'requester');
  const lead = internal.find((p) => p.actor.role === 'lead') ?? internal[0];
  if (!lead) throw new Error('The workspace needs an internal lead or agent to simulate its history.');
  const inLane = (partyId: string | null) =>
    partyId === null ? staff : staff.filter((p) => p.actor.partyId === partyId);
  const lanes = cast.services.filter((s) => inLane(s.lanePartyId).length > 0);
  if (lanes.length < 2)
    throw new Error('The workspace needs at least two active services with staff in their lane.');

  // The arc's two services: the recurring fault's, and the one only one person knows (an internal lane
  // with two internal people, so a colleague can learn it).
  const depService = lanes.find(
    (s) => s.lanePartyId !== null && internal.filter((p) => p.actor.partyId === s.lanePartyId).length >= 2,
  );
  const recService = lanes.find((s) => s !== depService)!;
  const depPeople = depService ? internal.filter((p) => p.actor.partyId === depService.lanePartyId) : [];
  const expert = depPeople[0];
  const learner = depPeople[1];
  const background = lanes.filter((s) => s !== depService && s !== recService);

  let now = new Date();
  // Each step runs in one transaction; the services' own transactions become savepoints inside it.
  let dayDb: Database = db;
  // The services' SLA timers run on simulated time: each fires when the simulation reaches it.
  const sla = new SimulatedTimers(resume?.timers);
  const ctxOf = (p: Person): WorkspaceContext => ({
    db: dayDb,
    actor: p.actor,
    meta: systemMeta('simulation'),
    jobs: sla.jobs,
    clock: () => now,
  });
  /** Simulated time moves to `to`: the timers due by then fire first, each at its own instant. */
  const advance = async (to: Date) => {
    await sla.fireUntil(dayDb, to);
    now = to;
  };
  const { until, from, total } = historySpan(options.months, options.until ?? isoDay(new Date()));
  const at = (day: string, hour: number) => new Date(Date.parse(day) + hour * 3_600_000);
  const share = (day: string) => (Date.parse(day) - Date.parse(from)) / (total * 86_400_000);

  const report: SimulationReport = resume?.report ?? {
    workspaceId: cast.ws.id,
    from,
    to: addDays(until, -1),
    days: total,
    tickets: 0,
    recurring: { before: 0, after: 0, problemNumber: null, fixedOn: null },
    dependency: { service: depService?.name ?? null, expertResolved: 0, learnerResolved: 0, sessions: 0 },
    articles: 0,
  };
  const byMembership = new Map(staff.map((p) => [p.actor.membershipId, p]));
  const open: Open[] = (resume?.open ?? []).map((o) => ({
    ...o,
    resolveAt: new Date(o.resolveAt),
    by: byMembership.get(o.by) ?? lead,
  }));
  const recurringNumbers: number[] = [...(resume?.recurringNumbers ?? [])];
  let problem = resume?.problem ?? null;
  let runbook = resume?.runbook ?? null;
  let learned = resume?.learned ?? false;
  const cursor = {
    day: resume?.days ?? 0,
    phase: resume?.phase ?? ('resolve' as Phase),
    pending: resume?.pending ?? 0,
    steps: resume?.steps ?? 0,
  };
  const checkpoint = (): Checkpoint => ({
    days: cursor.day,
    phase: cursor.phase,
    pending: cursor.pending,
    steps: cursor.steps,
    dice: random.state(),
    open: open.map((o) => ({ ...o, resolveAt: o.resolveAt.toISOString(), by: o.by.actor.membershipId })),
    recurringNumbers: [...recurringNumbers],
    problem,
    runbook,
    learned,
    timers: [...sla.timers],
    report,
  });

  const raise = async (service: Service, subject: string, hour: number, day: string, resolver?: Person) => {
    await advance(at(day, hour));
    // The internal desk logs the call for a requester (no catalogue form needed).
    sla.ticket = null;
    const ticket = await createTicket(
      ctxOf(pick(internal)),
      {
        serviceId: service.id,
        subject,
        description: `${subject}. Raised on ${day}.`,
        impact: pick(['low', 'medium', 'medium', 'high'] as const),
        urgency: pick(['low', 'medium', 'medium', 'high'] as const),
        requesterMembershipId: requesters.length > 0 ? pick(requesters).actor.membershipId : undefined,
      },
      quiet,
    );
    report.tickets += 1;
    // The timers its clocks set while it was raised watch this ticket.
    for (const t of sla.timers) if (t.ticket === null) t.ticket = ticket.number;
    // The given resolver works it in their own lane only: out of hours (a bank holiday) a cover rule
    // may have routed it to another party, whose people the server lets take it.
    const lane = inLane(ticket.lanePartyId);
    const by = resolver && lane.includes(resolver) ? resolver : pick(lane);
    // A staff reply within a few working hours, then the work, then the resolution days later.
    await advance(new Date(now.getTime() + (0.25 + random() * 4) * 3_600_000));
    await addComment(ctxOf(by), ticket.number, 'Looking into it now.');
    const started = await updateTicket(ctxOf(by), ticket.number, {
      status: 'in_progress',
      assigneeMembershipId: by.actor.membershipId,
    });
    const days = random() < 0.5 ? random() * 1 : 1 + random() * 6;
    open.push({
      number: ticket.number,
      version: started.version,
      resolveAt: new Date(now.getTime() + days * 86_400_000),
      by,
      serviceId: service.id,
    });
    return ticket;
  };

  /**
   * One step: the next piece of the current day's work (one ticket raised, resolved, or one arc
   * event), then the cursor moves on. Steps stay short so the server's own requests get the
   * database between them (one embedded connection), and each commits with its checkpoint.
   */
  const step = async (): Promise<void> => {
    for (;;) {
      if (cursor.day >= total) {
        // The end of history: what fell due in the simulated past fires in it; the rest is the present's.
        await advance(new Date(Date.parse(until)));
        await sla.handOver(dayDb as unknown as Tx, options.live);
        cursor.phase = 'finished';
        return;
      }
      const day = addDays(from, cursor.day);
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      const working = weekday !== 0 && weekday !== 6;
      const s = share(day);
      switch (cursor.phase) {
        case 'resolve': {
          // Resolve what is due today, in order.
          open.sort((x, y) => x.resolveAt.getTime() - y.resolveAt.getTime());
          if (open.length > 0 && open[0]!.resolveAt < at(day, 24)) {
            const t = open.shift()!;
            await advance(t.resolveAt);
            await updateTicket(ctxOf(t.by), t.number, { status: 'resolved' });
            sla.dropTicket(t.number);
            if (depService && t.serviceId === depService.id) {
              if (t.by === expert) report.dependency.expertResolved += 1;
              if (t.by === learner) report.dependency.learnerResolved += 1;
            }
            return;
          }
          cursor.phase = working ? 'draw' : 'problem';
          continue;
        }
        case 'draw':
          cursor.pending = Math.max(0, Math.round((options.ticketsPerDay ?? 3) * (0.5 + random())));
          cursor.phase = 'background';
          continue;
        case 'background':
          if (cursor.pending > 0 && background.length > 0) {
            cursor.pending -= 1;
            const service = pick(background);
            await raise(service, `${service.name}: ${pick(REQUESTS)}`, 8 + random() * 8, day);
            return;
          }
          cursor.phase = 'recurring';
          continue;
        case 'recurring': {
          cursor.phase = 'dependency';
          // The recurring fault: most working days until the fix, rarely after it. After the fix at
          // most one in every three weeks: a chance alone let a short history's arc depend on the
          // calendar (the dice fall on other weekdays each day the simulation ends).
          const fixedOn = problem !== null ? report.recurring.fixedOn : null;
          const roll = random();
          const recurs =
            fixedOn === null
              ? roll < 0.55
              : roll < 0.3 && report.recurring.after < Math.floor(daysBetween(fixedOn, day) / 21);
          if (recurs) {
            const ticket = await raise(recService, RECURRING_SUBJECT, 8 + random() * 2, day);
            recurringNumbers.push(ticket.number);
            if (fixedOn !== null) report.recurring.after += 1;
            else report.recurring.before += 1;
            if (problem) {
              await advance(new Date(now.getTime() + 60_000));
              await linkTicketToProblem(ctxOf(lead), problem.number, ticket.number);
            }
            return;
          }
          continue;
        }
        case 'dependency':
          cursor.phase = 'problem';
          // The single-person service: its expert alone until the colleague has learnt it.
          if (depService && expert && random() < 0.35) {
            const by = learned && learner && random() < 0.6 ? learner : expert;
            await raise(depService, `${depService.name}: ${pick(REQUESTS)}`, 9 + random() * 7, day, by);
            return;
          }
          continue;
        case 'problem':
          cursor.phase = 'fix';
          // 25 %: the recurring tickets are grouped into a problem; 45 %: its root cause is fixed.
          if (!problem && s >= 0.25 && recurringNumbers.length > 0) {
            await advance(at(day, 16));
            const created = await createProblem(ctxOf(lead), {
              title: RECURRING_SUBJECT,
              description: 'The same disconnect is reported again and again after sleep.',
              serviceId: recService.id,
              ticketNumbers: recurringNumbers,
            });
            problem = { number: created.number, version: created.version };
            report.recurring.problemNumber = created.number;
            return;
          }
          continue;
        case 'fix':
          cursor.phase = 'session';
          if (problem && !report.recurring.fixedOn && s >= 0.45) {
            await advance(at(day, 17));
            const fixed = await updateProblem(ctxOf(lead), problem.number, {
              version: problem.version,
              rootCause: 'The VPN client’s power-saving setting drops the tunnel on resume.',
              resolution: 'Client updated and the power-saving setting turned off by policy on every laptop.',
              status: 'resolved',
            });
            problem = { number: problem.number, version: fixed.problem.version };
            report.recurring.fixedOn = day;
            return;
          }
          continue;
        case 'finished':
          return;
        case 'session': {
          cursor.phase = 'resolve';
          cursor.day += 1;
          // 50 % and 60 %: handover sessions on the single-person service; the learner writes its runbook.
          const sessionDue =
            (s >= 0.5 && report.dependency.sessions === 0) || (s >= 0.6 && report.dependency.sessions === 1);
          if (depService && expert && learner && working && sessionDue) {
            await handover(day, depService, expert, learner);
            return;
          }
          continue;
        }
      }
    }
  };

  const handover = async (day: string, service: Service, from: Person, to: Person) => {
    await advance(at(day, 14));
    await createSession(ctxOf(from), {
      topic: `${service.name}: how it is run and recovered`,
      heldAt: at(day, 14),
      presenterPartyId: from.actor.partyId!,
      serviceIds: [service.id],
      attendees: [{ membershipId: to.actor.membershipId, attended: true }],
    });
    report.dependency.sessions += 1;
    await advance(at(day, 17));
    if (!runbook) {
      const article = await createArticle(ctxOf(to), {
        type: 'runbook',
        title: `${service.name} runbook`,
        body: 'Checks, common fixes and who to call, written after the handover session.',
        links: [{ kind: 'service', targetId: service.id }],
      });
      runbook = { number: article.article.number, version: article.article.version };
    } else {
      const article = await updateArticle(ctxOf(to), runbook.number, {
        version: runbook.version,
        body: `Checks, common fixes and who to call; recovery steps added after the session of ${day}.`,
      });
      runbook = { number: article.article.number, version: article.article.version };
    }
    report.articles += 1;
    if (report.dependency.sessions === 2) learned = true;
  };

  while (cursor.phase !== 'finished') {
    const day = addDays(from, Math.min(cursor.day, total - 1));
    const started = performance.now();
    await db.transaction(async (tx) => {
      dayDb = tx as unknown as Database;
      await step();
      cursor.steps += 1;
      await options.onStep?.(tx, cursor.day, total, day, checkpoint());
    });
    dayDb = db;
    await options.pause?.(performance.now() - started);
  }
  return report;
}

const REQUESTS = [
  'access request for a new starter',
  'password reset',
  'shared mailbox permissions',
  'printer on the second floor is offline',
  'laptop is slow after the update',
  'cannot open the monthly report',
  'new monitor for a desk move',
  'software install request',
];
