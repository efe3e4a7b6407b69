import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { recordAudit } from '../audit/record.ts';
import { type Database, type DatabaseHandle, selectRows, type Tx } from '../db/client.ts';
import {
  type EscalationActions,
  slaCalendars,
  slaClockEvents,
  slaClocks,
  slaEscalationRules,
  slaEscalationsFired,
} from '../db/schema/sla.ts';
import { tickets } from '../db/schema/tickets.ts';
import { memberships, parties } from '../db/schema/workspaces.ts';
import { withScopedTx } from '../db/tenant.ts';
import { addBusinessMinutes } from '../domain/business-time.ts';
import { raisedPriority, thresholdMinutes } from '../domain/sla.ts';
import type { Priority } from '../domain/tickets.ts';
import type { JobPayloads, Jobs } from '../jobs/queue.ts';
import { systemMeta } from '../server/context.ts';
import { applySlaTicketChange, type SlaActor, toCalendar, toPauses } from './clocks.ts';
import { notifyMembers } from './notify.ts';

export type EscalationPayload = JobPayloads['sla.escalate'];
export type EscalationOutcome = 'not-running' | 'not-due' | 'done';

/** Clock time may lag the job's start by the queue's polling; this much early is still due. */
const EARLY_TOLERANCE_MS = 2_000;

async function activeMembers(tx: Tx, workspaceId: string, where: ReturnType<typeof and>) {
  return tx
    .select({ id: memberships.id, partyId: memberships.partyId, role: memberships.role })
    .from(memberships)
    .innerJoin(parties, eq(parties.id, memberships.partyId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.status, 'active'), where));
}

/**
 * Fires the escalations of one clock at one threshold. The clock is re-read under a row lock and
 * its threshold recomputed, so a timer of a clock that paused, moved or stopped does nothing;
 * sla_escalations_fired's unique key makes each rule act once even with two workers.
 */
export async function runEscalation(
  deps: { db: Database; jobs: Jobs },
  payload: EscalationPayload,
  now = new Date(),
): Promise<EscalationOutcome> {
  const a: SlaActor = {
    workspaceId: payload.workspaceId,
    membershipId: null,
    accountId: null,
    jobs: deps.jobs,
  };
  return withScopedTx(deps.db, { workspaceId: payload.workspaceId, accountId: null }, async (tx) => {
    const [clock] = await tx
      .select()
      .from(slaClocks)
      .where(and(eq(slaClocks.id, payload.clockId), eq(slaClocks.workspaceId, payload.workspaceId)))
      .for('update');
    if (clock?.state !== 'running') return 'not-running';
    const [calRow] = await tx.select().from(slaCalendars).where(eq(slaCalendars.id, clock.calendarId));
    const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, clock.ticketId));
    if (!calRow || !ticket) return 'not-running';
    const cal = toCalendar(calRow);
    const at = addBusinessMinutes(
      cal,
      clock.startedAt,
      thresholdMinutes(clock.targetMinutes, payload.atPercent),
      toPauses(clock.pauses),
    );
    if (at.getTime() > now.getTime() + EARLY_TOLERANCE_MS) return 'not-due';
    const audit = (action: string, after: unknown) =>
      recordAudit(tx, systemMeta('sla.escalate'), {
        workspaceId: a.workspaceId,
        actorAccountId: null,
        actorMembershipId: null,
        action,
        entityType: 'ticket',
        entityId: ticket.id,
        after,
      });
    if (payload.atPercent >= 100 && !clock.breachedAt) {
      await tx
        .update(slaClocks)
        .set({ breachedAt: clock.dueAt ?? at })
        .where(eq(slaClocks.id, clock.id));
      await tx.insert(slaClockEvents).values({
        workspaceId: a.workspaceId,
        ticketId: ticket.id,
        clockId: clock.id,
        kind: 'breached',
        at: clock.dueAt ?? at,
        detail: { targetMinutes: clock.targetMinutes },
      });
      await audit('ticket.sla_breached', { clock: clock.kind, dueAt: clock.dueAt });
    }
    const rules = await tx
      .select()
      .from(slaEscalationRules)
      .where(
        and(
          eq(slaEscalationRules.workspaceId, a.workspaceId),
          eq(slaEscalationRules.priority, ticket.priority),
          eq(slaEscalationRules.clockKind, clock.kind),
          eq(slaEscalationRules.atPercent, payload.atPercent),
        ),
      );
    for (const rule of rules) {
      const [fired] = await tx
        .insert(slaEscalationsFired)
        .values({ workspaceId: a.workspaceId, clockId: clock.id, ruleId: rule.id })
        .onConflictDoNothing()
        .returning();
      if (!fired) continue;
      const outcome = await act(tx, a, ticket, rule.actions);
      await tx.update(slaEscalationsFired).set({ outcome }).where(eq(slaEscalationsFired.id, fired.id));
      await tx.insert(slaClockEvents).values({
        workspaceId: a.workspaceId,
        ticketId: ticket.id,
        clockId: clock.id,
        kind: 'escalated',
        at: now,
        detail: { atPercent: rule.atPercent, note: rule.note, ...outcome },
      });
      await audit('ticket.sla_escalated', {
        clock: clock.kind,
        atPercent: rule.atPercent,
        ruleId: rule.id,
        ...outcome,
      });
      const label = clock.kind === 'first_response' ? 'first response' : 'resolution';
      await notifyMembers(tx, a, outcome.notified, {
        kind: rule.atPercent >= 100 ? 'sla.breached' : 'sla.escalated',
        ticketId: ticket.id,
        title:
          rule.atPercent >= 100
            ? `Ticket #${ticket.number} breached its ${label} target`
            : `Ticket #${ticket.number} has used ${rule.atPercent}% of its ${label} target`,
        body: [ticket.subject, rule.note].filter(Boolean).join('\n\n'),
        dedupeKey: `sla:${clock.id}:${rule.id}`,
      });
    }
    return 'done';
  });
}

async function act(
  tx: Tx,
  a: SlaActor,
  ticket: typeof tickets.$inferSelect,
  actions: EscalationActions,
): Promise<{ notified: string[]; reassignedTo: string | null; raisedTo: Priority | null }> {
  const [internal] = await tx
    .select({ id: parties.id })
    .from(parties)
    .where(and(eq(parties.workspaceId, a.workspaceId), eq(parties.kind, 'internal')));
  const lanePartyId = ticket.lanePartyId ?? internal?.id ?? null;
  const notified = new Set<string>();
  if (actions.notifyRoles.length > 0 && lanePartyId) {
    for (const m of await activeMembers(
      tx,
      a.workspaceId,
      and(eq(memberships.partyId, lanePartyId), inArray(memberships.role, actions.notifyRoles)),
    ))
      notified.add(m.id);
  }
  if (actions.notifyOtherPartyLead) {
    const others = ticket.lanePartyId ? ne(memberships.partyId, ticket.lanePartyId) : undefined;
    for (const m of await activeMembers(tx, a.workspaceId, and(eq(memberships.role, 'lead'), others)))
      notified.add(m.id);
  }
  let reassignedTo: string | null = null;
  let raisedTo: Priority | null = null;
  const before = ticket;
  const set: Partial<typeof tickets.$inferInsert> = {};
  if (actions.reassignToMembershipId) {
    const [m] = await activeMembers(tx, a.workspaceId, eq(memberships.id, actions.reassignToMembershipId));
    // Only inside the lane: moving lanes is a handoff, which a timer does not decide.
    if (m && m.role !== 'viewer' && (!ticket.lanePartyId || m.partyId === ticket.lanePartyId)) {
      set.assigneeMembershipId = m.id;
      reassignedTo = m.id;
      notified.add(m.id);
    }
  }
  if (actions.raisePriority) {
    const next = raisedPriority(ticket.priority as Priority);
    if (next !== ticket.priority) {
      set.priority = next;
      raisedTo = next;
    }
  }
  if (Object.keys(set).length > 0) {
    const [after] = await tx
      .update(tickets)
      .set({ ...set, updatedAt: new Date(), version: sql`${tickets.version} + 1` })
      .where(eq(tickets.id, ticket.id))
      .returning();
    if (raisedTo) await applySlaTicketChange(tx, a, before, after!, { byStaff: false });
  }
  return { notified: [...notified], reassignedTo, raisedTo };
}

/** Every minute, one sweep across workspaces (pg-boss keeps one schedule however many instances run). */
export const SLA_SWEEP_CRON = '* * * * *';
const SWEEP_BATCH = 250;

/**
 * The safety net under the timers: running clocks past their due time and not yet flagged (a
 * clock seeded without timers, a timer lost with a database restored from backup). Each is
 * escalated through the same once-only path as its timer, at each rule's share and at breach.
 */
export async function sweepDueClocks(
  deps: { database: DatabaseHandle; jobs: Jobs },
  now = new Date(),
  limit = SWEEP_BATCH,
) {
  const started = performance.now();
  // The sweep must find due clocks of every workspace: a narrow owner function answers (row-level
  // security hides other workspaces from the application role); each escalation then runs
  // inside its workspace's own RLS scope.
  const due = await selectRows<{ id: string; workspace_id: string; due_at: Date | string }>(
    deps.database.db,
    sql`select id, workspace_id, due_at from tandem_due_sla_clocks(${now.toISOString()}::timestamptz, ${limit}::int)`,
  );
  const found = performance.now() - started;
  let escalated = 0;
  for (const clock of due) {
    const percents = await withScopedTx(
      deps.database.db,
      { workspaceId: clock.workspace_id, accountId: null },
      async (tx) => {
        const [row] = await tx
          .select({ priority: tickets.priority, kind: slaClocks.kind })
          .from(slaClocks)
          .innerJoin(tickets, eq(tickets.id, slaClocks.ticketId))
          .where(eq(slaClocks.id, clock.id));
        if (!row) return [];
        const rules = await tx
          .select({ atPercent: slaEscalationRules.atPercent })
          .from(slaEscalationRules)
          .where(
            and(
              eq(slaEscalationRules.workspaceId, clock.workspace_id),
              eq(slaEscalationRules.priority, row.priority),
              eq(slaEscalationRules.clockKind, row.kind),
            ),
          );
        return [...new Set([...rules.map((r) => r.atPercent), 100])].sort((a, b) => a - b);
      },
    );
    for (const atPercent of percents) {
      const outcome = await runEscalation(
        { db: deps.database.db, jobs: deps.jobs },
        {
          workspaceId: clock.workspace_id,
          clockId: clock.id,
          atPercent,
          dueAt: new Date(clock.due_at).toISOString(),
        },
        now,
      );
      if (outcome === 'done') escalated++;
    }
  }
  return {
    due: due.length,
    escalated,
    findMs: Math.round(found),
    totalMs: Math.round(performance.now() - started),
  };
}

/** Runs due escalations from the durable queue, and the minute sweep. */
export async function startSlaWorker(jobs: Jobs, database: DatabaseHandle, logger?: Logger) {
  await jobs.work('sla.escalate', async (payload) => {
    const outcome = await runEscalation({ db: database.db, jobs }, payload);
    logger?.info({ clockId: payload.clockId, atPercent: payload.atPercent, outcome }, 'sla escalation');
  });
  await jobs.work('sla.sweep', async () => {
    const result = await sweepDueClocks({ database, jobs });
    if (result.due > 0) logger?.info(result, 'sla sweep');
  });
  await jobs.schedule('sla.sweep', SLA_SWEEP_CRON, {});
}
