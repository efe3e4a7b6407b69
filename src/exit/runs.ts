import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { and, asc, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { recordAudit, recordWorkspaceAudit } from '../audit/record.ts';
import type { Database } from '../db/client.ts';
import { type ExitRun, type ExitRunKind, exitRunChunks, exitRuns } from '../db/schema/exit.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import type { Jobs } from '../jobs/queue.ts';
import { systemMeta, type WorkspaceContext } from '../server/context.ts';
import { AppError, Conflict, NotFound } from '../server/errors.ts';
import type { ExitRunner } from './child-runner.ts';
import { exportWorkspace } from './export.ts';
import { assertCanExit } from './policy.ts';
import { verifyExport } from './verify.ts';

const CHUNK_BYTES = 1024 * 1024;
/** Prepared archives kept per workspace; older ones are deleted when a new one is ready. */
const KEEP_ARCHIVES = 3;
const STALE_AFTER_MS = 2 * 60 * 60 * 1000;

const scope = (workspaceId: string) => ({ workspaceId, accountId: null });

/** The lead asks for an export or a verification; the job is queued in the same transaction. */
export async function requestRun(ctx: WorkspaceContext, kind: ExitRunKind): Promise<ExitRun> {
  assertCanExit(ctx.actor, kind);
  if (!ctx.jobs) {
    throw new AppError(503, 'JOBS_UNAVAILABLE', 'The background job worker is not running on this server.');
  }
  const jobs = ctx.jobs;
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const [busy] = await tx
      .select({ id: exitRuns.id })
      .from(exitRuns)
      .where(
        and(
          eq(exitRuns.workspaceId, ctx.actor.workspaceId),
          eq(exitRuns.kind, kind),
          inArray(exitRuns.status, ['queued', 'running']),
          // A run left 'running' by a killed worker stops blocking after a while.
          gt(exitRuns.createdAt, new Date(Date.now() - STALE_AFTER_MS)),
        ),
      );
    if (busy) {
      throw new Conflict(
        `An ${kind === 'export' ? 'export' : 'export verification'} is already being prepared; wait for it to finish.`,
        'EXIT_RUN_IN_PROGRESS',
      );
    }
    const [run] = await tx
      .insert(exitRuns)
      .values({ workspaceId: ctx.actor.workspaceId, kind, requestedByMembershipId: ctx.actor.membershipId })
      .returning();
    await recordWorkspaceAudit(tx, ctx, {
      action: kind === 'export' ? 'exit.export-requested' : 'exit.verify-requested',
      entityType: 'exit_run',
      entityId: run!.id,
      after: { kind },
    });
    await jobs.enqueue(tx, 'exit.run', { workspaceId: ctx.actor.workspaceId, runId: run!.id });
    return run!;
  });
}

export async function listRuns(ctx: WorkspaceContext): Promise<ExitRun[]> {
  assertCanExit(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    tx
      .select()
      .from(exitRuns)
      .where(eq(exitRuns.workspaceId, ctx.actor.workspaceId))
      .orderBy(desc(exitRuns.createdAt))
      .limit(20),
  );
}

/** The newest passed verification (the readiness checklist's Exit-plan check reads this). */
export async function lastVerifiedExport(db: Database, workspaceId: string): Promise<ExitRun | null> {
  const [run] = await withScopedTx(db, scope(workspaceId), (tx) =>
    tx
      .select()
      .from(exitRuns)
      .where(
        and(
          eq(exitRuns.workspaceId, workspaceId),
          eq(exitRuns.kind, 'verify'),
          eq(exitRuns.status, 'passed'),
        ),
      )
      .orderBy(desc(exitRuns.finishedAt))
      .limit(1),
  );
  return run ?? null;
}

/** A ready archive as a stream of its chunks, read one at a time. */
export async function openArchiveDownload(
  ctx: WorkspaceContext,
  runId: string,
): Promise<{ run: ExitRun; stream: Readable }> {
  assertCanExit(ctx.actor, 'download');
  const [run] = await withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    tx
      .select()
      .from(exitRuns)
      .where(and(eq(exitRuns.id, runId), eq(exitRuns.workspaceId, ctx.actor.workspaceId))),
  );
  // Verifications have no archive: the same answer as an id that does not exist.
  if (!run) throw new NotFound('No such export.');
  if (run.kind !== 'export') throw new NotFound('No such export.');
  if (run.status !== 'ready') {
    throw new Conflict(
      run.status === 'queued' || run.status === 'running'
        ? 'This export is not ready yet.'
        : 'This export is no longer available; prepare a new one.',
      'EXPORT_NOT_READY',
    );
  }
  const archiveRunId = run.id;
  const [count] = await withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    await recordWorkspaceAudit(tx, ctx, {
      action: 'exit.export-downloaded',
      entityType: 'exit_run',
      entityId: archiveRunId,
    });
    return tx
      .select({ n: sql<number>`count(*)::int` })
      .from(exitRunChunks)
      .where(eq(exitRunChunks.runId, archiveRunId));
  });
  const chunks = count?.n ?? 0;
  async function* read() {
    for (let seq = 0; seq < chunks; seq++) {
      const [chunk] = await withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
        tx
          .select({ data: exitRunChunks.data })
          .from(exitRunChunks)
          .where(and(eq(exitRunChunks.runId, archiveRunId), eq(exitRunChunks.seq, seq))),
      );
      yield Buffer.from(chunk!.data);
    }
  }
  return { run, stream: Readable.from(read()) };
}

/** The worker: runs one requested export or verification, reporting progress as it goes. */
export async function executeRun(db: Database, workspaceId: string, runId: string): Promise<void> {
  const update = (values: Partial<typeof exitRuns.$inferInsert>) =>
    withScopedTx(db, scope(workspaceId), (tx) =>
      tx.update(exitRuns).set(values).where(eq(exitRuns.id, runId)),
    );
  const [run] = await withScopedTx(db, scope(workspaceId), (tx) =>
    tx.select().from(exitRuns).where(eq(exitRuns.id, runId)),
  );
  if (!run || run.status === 'ready' || run.status === 'passed') return;
  await update({ status: 'running', progressDone: 0 });
  let last = 0;
  let writing = false;
  const progress = (done: number, total: number) => {
    liveProgress.set(runId, { done, total });
    const now = Date.now();
    // One progress write at a time: on the embedded engine it waits for the export's transaction.
    if (writing || (now - last < 1000 && done < total)) return;
    last = now;
    writing = true;
    void update({ progressDone: done, progressTotal: total })
      .catch(() => {})
      .finally(() => {
        writing = false;
      });
  };
  try {
    if (run.kind === 'export') {
      const stored = await prepareArchive(db, workspaceId, runId, progress);
      await finish(db, workspaceId, runId, { status: 'ready', ...stored }, 'exit.export-ready');
    } else {
      const result = await verifyExport(db, workspaceId, progress);
      await finish(
        db,
        workspaceId,
        runId,
        { status: result.passed ? 'passed' : 'failed', detail: result.difference },
        result.passed ? 'exit.verify-passed' : 'exit.verify-failed',
      );
    }
  } catch (error) {
    await finish(
      db,
      workspaceId,
      runId,
      { status: 'failed', detail: error instanceof Error ? error.message : String(error) },
      'exit.run-failed',
    );
  } finally {
    liveProgress.delete(runId);
  }
}

/** The newest progress of runs working in this process, ahead of the throttled database write. */
const liveProgress = new Map<string, { done: number; total: number }>();

export const progressOf = (run: ExitRun) =>
  liveProgress.get(run.id) ?? { done: run.progressDone, total: run.progressTotal };

async function finish(
  db: Database,
  workspaceId: string,
  runId: string,
  values: Partial<typeof exitRuns.$inferInsert>,
  action: string,
) {
  await withScopedTx(db, scope(workspaceId), async (tx) => {
    const [done] = await tx
      .update(exitRuns)
      .set({ ...values, finishedAt: new Date() })
      .where(eq(exitRuns.id, runId))
      .returning();
    await tx
      .update(exitRuns)
      .set({ progressDone: sql`${exitRuns.progressTotal}` })
      .where(and(eq(exitRuns.id, runId), eq(exitRuns.status, 'ready')));
    await recordAudit(tx, systemMeta('exit-run'), {
      workspaceId,
      actorAccountId: null,
      actorMembershipId: null,
      action,
      entityType: 'exit_run',
      entityId: runId,
      after: { status: done?.status, detail: done?.detail ?? null, archiveBytes: done?.archiveBytes ?? null },
    });
  });
}

/** Exports to a scratch file, then stores it in 1 MB chunks; older archives beyond the last few are dropped. */
async function prepareArchive(
  db: Database,
  workspaceId: string,
  runId: string,
  progress: (done: number, total: number) => void,
) {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-exit-'));
  try {
    const path = join(dir, 'archive.tar.gz');
    const out = createWriteStream(path);
    await exportWorkspace(db, workspaceId, out, progress);
    if (!out.closed) await once(out, 'close');
    const hash = createHash('sha256');
    let bytes = 0;
    let seq = 0;
    await withScopedTx(db, scope(workspaceId), async (tx) => {
      for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
        const data = chunk as Buffer;
        hash.update(data);
        bytes += data.length;
        await tx.insert(exitRunChunks).values({ workspaceId, runId, seq: seq++, data });
      }
      const older = await tx
        .select({ id: exitRuns.id })
        .from(exitRuns)
        .where(
          and(
            eq(exitRuns.workspaceId, workspaceId),
            eq(exitRuns.kind, 'export'),
            eq(exitRuns.status, 'ready'),
          ),
        )
        .orderBy(desc(exitRuns.finishedAt), asc(exitRuns.id))
        .offset(KEEP_ARCHIVES - 1);
      if (older.length > 0) {
        const ids = older.map((o) => o.id);
        await tx.delete(exitRunChunks).where(inArray(exitRunChunks.runId, ids));
        await tx
          .update(exitRuns)
          .set({ status: 'expired', detail: 'removed: only the newest archives are kept' })
          .where(and(inArray(exitRuns.id, ids), lt(exitRuns.createdAt, new Date())));
      }
    });
    return { archiveBytes: bytes, archiveSha256: hash.digest('hex') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Works the queued runs: in this process, or through `runner` (a child process on PostgreSQL). A
 * runner that dies (out of memory, killed) leaves its run failed with the reason, not running.
 */
export async function startExitWorker(jobs: Jobs, db: Database, logger?: Logger, runner?: ExitRunner) {
  await jobs.work('exit.run', async ({ workspaceId, runId }) => {
    if (!runner) await executeRun(db, workspaceId, runId);
    else {
      try {
        await runner.run(workspaceId, runId);
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        logger?.error({ workspaceId, runId, err: error }, 'exit run failed');
        await failUnfinished(db, workspaceId, runId, detail);
        return;
      }
    }
    logger?.info({ workspaceId, runId }, 'exit run finished');
  });
}

/** Marks a run failed unless it got to its end (a child may die after recording its result). */
async function failUnfinished(db: Database, workspaceId: string, runId: string, detail: string) {
  const [run] = await withScopedTx(db, scope(workspaceId), (tx) =>
    tx.select({ status: exitRuns.status }).from(exitRuns).where(eq(exitRuns.id, runId)),
  );
  if (run && (run.status === 'queued' || run.status === 'running'))
    await finish(db, workspaceId, runId, { status: 'failed', detail }, 'exit.run-failed');
}

/** `tandem export --verify` records its result like a verification run from the page. */
export async function recordVerification(
  db: Database,
  workspaceId: string,
  result: { passed: boolean; difference: string | null },
): Promise<void> {
  const [run] = await withScopedTx(db, scope(workspaceId), (tx) =>
    tx.insert(exitRuns).values({ workspaceId, kind: 'verify', status: 'running' }).returning(),
  );
  await finish(
    db,
    workspaceId,
    run!.id,
    { status: result.passed ? 'passed' : 'failed', detail: result.difference },
    result.passed ? 'exit.verify-passed' : 'exit.verify-failed',
  );
}
