import { and, count, eq, lt, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { type Database, type DatabaseHandle, selectRows, type Tx } from '../db/client.ts';
import { measureSnapshotRuns, measureSnapshots } from '../db/schema/reviews.ts';
import { withScopedTx } from '../db/tenant.ts';
import { addDays, BACKFILL_DAYS, dayRange, isoDay, type MeasureValue } from '../domain/measures.ts';
import type { Jobs } from '../jobs/queue.ts';
import { computeCurrentMeasures, computeHistoricMeasures } from './measures.ts';
import type { ReadinessProvider } from './readiness-hook.ts';
import { closeLastPeriod } from './service/period-close.ts';

/** Hourly: each workspace's yesterday is snapshotted once (a missed hour is caught up by the next). */
export const SNAPSHOT_CRON = '20 * * * *';

const CHUNK = 1_000;

/** Upserts figures: a day written again (by hand, after a fix) replaces its figures. */
export async function writeSnapshots(tx: Tx, workspaceId: string, values: MeasureValue[]) {
  for (let i = 0; i < values.length; i += CHUNK) {
    await tx
      .insert(measureSnapshots)
      .values(values.slice(i, i + CHUNK).map((v) => ({ workspaceId, ...v })))
      .onConflictDoUpdate({
        target: [
          measureSnapshots.workspaceId,
          measureSnapshots.day,
          measureSnapshots.measure,
          measureSnapshots.dimension,
        ],
        set: { value: sql`excluded.value` },
      });
  }
}

export type SnapshotOutcome = { claimed: boolean; days: number; values: number };

/**
 * One workspace's snapshot of `day` (the state at its end). The claim row (workspace, day) is
 * inserted first in the same transaction: a second run of the same day, on any instance, finds it
 * and does nothing, so each day is computed exactly once. A workspace's first snapshot backfills the
 * BACKFILL_DAYS before it from the records' timestamps, so trends show on the first day.
 */
export async function snapshotWorkspace(
  db: Database,
  workspaceId: string,
  day: string,
  options: { jobs: Jobs; now?: Date; backfillDays?: number; readiness?: ReadinessProvider | undefined },
): Promise<SnapshotOutcome> {
  const started = Date.now();
  const outcome = await withScopedTx(db, { workspaceId, accountId: null }, async (tx) => {
    const claimed = await tx
      .insert(measureSnapshotRuns)
      .values({ workspaceId, day, days: 1 })
      .onConflictDoNothing()
      .returning({ day: measureSnapshotRuns.day });
    if (claimed.length === 0) return { claimed: false, days: 0, values: 0 };
    const [earlier] = await tx
      .select({ n: count() })
      .from(measureSnapshotRuns)
      .where(and(eq(measureSnapshotRuns.workspaceId, workspaceId), lt(measureSnapshotRuns.day, day)));
    const backfill = options.backfillDays ?? BACKFILL_DAYS;
    const days = earlier!.n === 0 && backfill > 1 ? dayRange(addDays(day, 1 - backfill), day) : [day];
    const values = [
      ...(await computeHistoricMeasures(tx, workspaceId, days)),
      ...(await computeCurrentMeasures(tx, workspaceId, day)),
    ];
    await writeSnapshots(tx, workspaceId, values);
    await tx
      .update(measureSnapshotRuns)
      .set({ days: days.length, durationMs: Date.now() - started })
      .where(and(eq(measureSnapshotRuns.workspaceId, workspaceId), eq(measureSnapshotRuns.day, day)));
    return { claimed: true, days: days.length, values: values.length };
  });
  // The period that ended gets its review and its e-mail, in its own transaction.
  await closeLastPeriod(db, workspaceId, options);
  return outcome;
}

/** Every workspace's id (a narrow tandem_definer function: row-level security hides the others). */
async function workspaceIds(database: DatabaseHandle) {
  return (await selectRows<{ id: string }>(database.db, sql`select id from tandem_workspace_ids()`)).map(
    (r) => r.id,
  );
}

/**
 * Queues one snapshot job per workspace for yesterday, keyed by the workspace and the day. Several
 * instances (or a repeated hour) may queue it more than once (queues do not de-duplicate keys,
 * jobs/queue.ts); the claim row makes the work itself run once.
 */
export async function queueDailySnapshots(database: DatabaseHandle, jobs: Jobs, now = new Date()) {
  const day = addDays(isoDay(now), -1);
  const ids = await workspaceIds(database);
  await database.db.transaction(async (tx) => {
    for (const workspaceId of ids)
      await jobs.enqueue(
        tx,
        'reviews.snapshot',
        { workspaceId, day },
        { singletonKey: `reviews.snapshot:${workspaceId}:${day}` },
      );
  });
  return { day, workspaces: ids.length };
}

export async function startReviewWorkers(
  jobs: Jobs,
  database: DatabaseHandle,
  options: { logger?: Logger | undefined; readiness?: ReadinessProvider | undefined } = {},
) {
  await jobs.work('reviews.snapshot-sweep', async () => {
    await queueDailySnapshots(database, jobs);
  });
  await jobs.work('reviews.snapshot', async (payload) => {
    const outcome = await snapshotWorkspace(database.db, payload.workspaceId, payload.day, {
      jobs,
      readiness: options.readiness,
    });
    if (outcome.claimed) options.logger?.info({ ...payload, ...outcome }, 'measures snapshotted');
  });
  await jobs.schedule('reviews.snapshot-sweep', SNAPSHOT_CRON, {});
}
