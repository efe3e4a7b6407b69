import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { type Database, type DatabaseHandle, selectRows } from '../db/client.ts';
import { withScopedTx } from '../db/tenant.ts';
import type { JobPayloads, Jobs } from '../jobs/queue.ts';
import type { SlaActor } from './actor.ts';
import { EscalationBatch, type EscalationOutcome } from './escalation-batch.ts';

export type EscalationPayload = JobPayloads['sla.escalate'];
export type { EscalationOutcome } from './escalation-batch.ts';

/**
 * Fires the escalations of one clock at one threshold (its durable timer). The clock is re-read
 * under a row lock and its threshold recomputed, so a timer of a clock that paused, moved or
 * stopped does nothing; sla_escalations_fired's unique key makes each rule act once even with two
 * workers.
 */
export async function runEscalation(
  deps: { db: Database; jobs: Jobs },
  payload: EscalationPayload,
  now = new Date(),
): Promise<EscalationOutcome> {
  return withScopedTx(deps.db, { workspaceId: payload.workspaceId, accountId: null }, async (tx) => {
    const batch = new EscalationBatch(tx, systemActor(payload.workspaceId, deps.jobs), now);
    await batch.load([payload.clockId]);
    const outcome = await batch.escalate(payload.clockId, payload.atPercent);
    await batch.flush();
    return outcome;
  });
}

const systemActor = (workspaceId: string, jobs: Jobs): SlaActor => ({
  workspaceId,
  membershipId: null,
  accountId: null,
  jobs,
});

/** Every minute, one sweep across workspaces (pg-boss keeps one schedule however many instances run). */
export const SLA_SWEEP_CRON = '* * * * *';
const SWEEP_BATCH = 5_000;
/** Clocks escalated in one transaction (bounds how long their rows and the audit head stay locked). */
const TX_BATCH = 100;

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
  // Clocks of one workspace are escalated together, a batch per transaction: one lock of the
  // clocks, one read of rules and people, one audit statement (not a transaction per clock).
  let escalated = 0;
  const byWorkspace = new Map<string, string[]>();
  for (const clock of due) {
    const ids = byWorkspace.get(clock.workspace_id) ?? [];
    ids.push(clock.id);
    byWorkspace.set(clock.workspace_id, ids);
  }
  for (const [workspaceId, ids] of byWorkspace)
    for (let from = 0; from < ids.length; from += TX_BATCH) {
      const chunk = ids.slice(from, from + TX_BATCH);
      escalated += await withScopedTx(deps.database.db, { workspaceId, accountId: null }, async (tx) => {
        const batch = new EscalationBatch(tx, systemActor(workspaceId, deps.jobs), now);
        await batch.load(chunk);
        let done = 0;
        for (const clockId of chunk)
          for (const atPercent of await batch.percentsOf(clockId))
            if ((await batch.escalate(clockId, atPercent)) === 'done') done++;
        await batch.flush();
        return done;
      });
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
