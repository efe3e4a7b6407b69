import { and, eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { type Database, type DatabaseHandle, selectRows, type Tx } from '../db/client.ts';
import { type HistoryBuildOrigin, historyBuilds } from '../db/schema/simulation.ts';
import { workspaces } from '../db/schema/workspaces.ts';
import { withScopedTx } from '../db/tenant.ts';
import { addDays, BACKFILL_DAYS, dayRange, isoDay } from '../domain/measures.ts';
import type { Jobs } from '../jobs/queue.ts';
import { computeHistoricMeasures } from '../reviews/measures.ts';
import { writeSnapshots } from '../reviews/snapshots.ts';
import { type Checkpoint, historySpan, type SimulationReport, simulate } from './engine.ts';
import { latestBuild } from './progress.ts';

/**
 * Recomputes the stored daily figures of a workspace from its records over the backfill span (up to
 * yesterday): after history was added behind an earlier snapshot (the simulation), the trends show it.
 */
export async function refreshSnapshots(db: Database, workspaceId: string, from: string, now = new Date()) {
  const to = addDays(isoDay(now), -1);
  const start = [from, addDays(to, 1 - BACKFILL_DAYS)].sort().at(-1)!;
  if (start > to) return 0;
  return withScopedTx(db, { workspaceId, accountId: null }, async (tx) => {
    const values = await computeHistoricMeasures(tx, workspaceId, dayRange(start, to));
    await writeSnapshots(tx, workspaceId, values);
    return values.length;
  });
}

const scope = (workspaceId: string) => ({ workspaceId, accountId: null });

/** The workspace's id from its address (any workspace: the system acts here, not a member). */
export async function workspaceIdOf(db: Database, slug: string): Promise<string | null> {
  const ids = await selectRows<{ id: string }>(db, sql`select id from tandem_workspace_ids()`);
  for (const { id } of ids) {
    const [ws] = await withScopedTx(db, scope(id), (tx) =>
      tx
        .select({ id: workspaces.id })
        .from(workspaces)
        .where(and(eq(workspaces.id, id), eq(workspaces.slug, slug))),
    );
    if (ws) return ws.id;
  }
  return null;
}

export type BuildRequest = { months: number; seed: number; ticketsPerDay?: number | undefined };

/**
 * Records a build of `months` ending yesterday, queued; inside the caller's (scoped) transaction.
 * `origin` 'demo' is the background build serve resumes; 'cli' a `tandem simulate` run, recorded for
 * its checkpoint and so the SLA sweep leaves its simulated past alone, never resumed by serve.
 */
export async function recordBuild(
  tx: Tx,
  workspaceId: string,
  request: BuildRequest,
  origin: HistoryBuildOrigin,
  now = new Date(),
) {
  const span = historySpan(request.months, isoDay(now));
  const [build] = await tx
    .insert(historyBuilds)
    .values({
      workspaceId,
      origin,
      months: request.months,
      seed: request.seed,
      ticketsPerDay: request.ticketsPerDay ?? 3,
      fromDay: span.from,
      untilDay: span.until,
      daysTotal: span.total,
    })
    .returning();
  return build!;
}

/** The demo's history as a job: the build recorded and the job queued in one transaction. */
export async function queueHistoryBuild(db: Database, jobs: Jobs, slug: string, request: BuildRequest) {
  const workspaceId = await workspaceIdOf(db, slug);
  if (!workspaceId) return null;
  return withScopedTx(db, scope(workspaceId), async (tx) => {
    const build = await recordBuild(tx, workspaceId, request, 'demo');
    await jobs.enqueue(tx, 'simulation.history', { slug, workspaceId, buildId: build.id });
    return build;
  });
}

/** Another run committed this day first (a retried job racing a resumed one): this run stops. */
class DayTaken extends Error {}

/**
 * Runs (or resumes) one recorded build: each simulated day commits together with the build's
 * progress and the engine's checkpoint, so an interrupted build goes on from its last committed day
 * and no day is ever simulated twice. A build already done returns null (exactly once).
 */
export async function runBuild(
  db: Database,
  slug: string,
  workspaceId: string,
  buildId: string,
  onDay?: (done: number, total: number, day: string) => void,
  pause?: (stepMs: number) => Promise<void>,
  live?: Jobs,
): Promise<SimulationReport | null> {
  const where = and(eq(historyBuilds.workspaceId, workspaceId), eq(historyBuilds.id, buildId));
  const [build] = await withScopedTx(db, scope(workspaceId), (tx) =>
    tx
      .update(historyBuilds)
      .set({ state: 'building', updatedAt: new Date() })
      .where(and(where, sql`state <> 'done'`))
      .returning(),
  );
  if (!build) return null;
  let lastDone = build.daysDone;
  try {
    const report = await simulate(db, {
      slug,
      months: build.months,
      seed: build.seed,
      ticketsPerDay: build.ticketsPerDay,
      until: build.untilDay,
      resume: (build.checkpoint as Checkpoint | null) ?? null,
      pause,
      live,
      onStep: async (tx, done, total, day, checkpoint) => {
        // Guarded by the step count: a second run of the same build (a retried job racing a resumed
        // one) finds its step already taken and stops instead of repeating it.
        const moved = await withScopedTx(tx as unknown as Database, scope(workspaceId), (stx) =>
          stx
            .update(historyBuilds)
            .set({ daysDone: done, checkpoint, updatedAt: new Date() })
            .where(and(where, sql`coalesce((checkpoint->>'steps')::int, 0) = ${checkpoint.steps - 1}`))
            .returning({ id: historyBuilds.id }),
        );
        if (moved.length === 0) throw new DayTaken(`A step of ${day} was already built by another run.`);
        if (done !== lastDone) onDay?.(done, total, day);
        lastDone = done;
      },
    });
    await refreshSnapshots(db, workspaceId, report.from);
    await withScopedTx(db, scope(workspaceId), (tx) =>
      tx
        .update(historyBuilds)
        .set({ state: 'done', checkpoint: null, updatedAt: new Date(), finishedAt: new Date() })
        .where(where),
    );
    return report;
  } catch (error) {
    if (error instanceof DayTaken) return null;
    const message = error instanceof Error ? error.message : String(error);
    await withScopedTx(db, scope(workspaceId), (tx) =>
      tx.update(historyBuilds).set({ state: 'failed', error: message, updatedAt: new Date() }).where(where),
    );
    throw error;
  }
}

/** Records a build and runs it here and now (`tandem simulate`). */
export async function buildHistory(
  db: Database,
  slug: string,
  request: BuildRequest,
  onDay?: (done: number, total: number, day: string) => void,
) {
  const workspaceId = await workspaceIdOf(db, slug);
  if (!workspaceId) throw new Error(`No workspace has the address "${slug}".`);
  const build = await withScopedTx(db, scope(workspaceId), (tx) =>
    recordBuild(tx, workspaceId, request, 'cli'),
  );
  return (await runBuild(db, slug, workspaceId, build.id, onDay))!;
}

/**
 * The demo's background build, if a stop interrupted it (still building, or failed), is queued again
 * at start-up; the day-by-day progress check makes a second job for the same build harmless. A
 * `tandem simulate` run is never resumed here: it belonged to its command, which reported its end.
 */
export async function resumeHistoryBuilds(db: Database, jobs: Jobs) {
  const ids = await selectRows<{ id: string }>(db, sql`select id from tandem_workspace_ids()`);
  let resumed = 0;
  for (const { id } of ids) {
    resumed += await withScopedTx(db, scope(id), async (tx) => {
      const build = await latestBuild(tx, id);
      if (!build || (build.state !== 'building' && build.state !== 'failed')) return 0;
      const [ws] = await tx.select({ slug: workspaces.slug }).from(workspaces).where(eq(workspaces.id, id));
      await jobs.enqueue(
        tx,
        'simulation.history',
        { slug: ws!.slug, workspaceId: id, buildId: build.id },
        { singletonKey: build.id },
      );
      return 1;
    });
  }
  return resumed;
}

/** The build in the background takes at most about half the server's time: it rests as long as each step took. */
const backgroundPause = (stepMs: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.min(stepMs, 500)));

/**
 * The demo's history as a durable job (`simulation.history`), run after the server is ready: the
 * simulation of months on the embedded database takes minutes, start-up must take seconds.
 */
export async function startSimulationWorker(jobs: Jobs, database: DatabaseHandle, logger?: Logger) {
  await jobs.work('simulation.history', async (payload) => {
    const started = Date.now();
    const report = await runBuild(
      database.db,
      payload.slug,
      payload.workspaceId,
      payload.buildId,
      (done, total, day) => {
        if (done % 30 === 0 || done === total)
          logger?.info({ slug: payload.slug, done, total, day }, 'history');
      },
      backgroundPause,
      jobs,
    );
    if (report) logger?.info({ ...payload, ...report, ms: Date.now() - started }, 'demo history built');
  });
}
