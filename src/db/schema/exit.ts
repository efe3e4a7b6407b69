import { bigint, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea, createdAt, rowId, sameWorkspace, workspaceId, workspaceKey } from './columns.ts';

export const EXIT_RUN_KINDS = ['export', 'verify'] as const;
export const EXIT_RUN_STATUSES = ['queued', 'running', 'ready', 'passed', 'failed', 'expired'] as const;
export type ExitRunKind = (typeof EXIT_RUN_KINDS)[number];
export type ExitRunStatus = (typeof EXIT_RUN_STATUSES)[number];

/**
 * Each export prepared for download and each verification (export → import into a scratch
 * database → export → compare), with its progress and result; the readiness check reads the
 * newest passed verification.
 */
export const exitRuns = pgTable(
  'exit_runs',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    kind: text({ enum: EXIT_RUN_KINDS }).notNull(),
    status: text({ enum: EXIT_RUN_STATUSES }).notNull().default('queued'),
    /** Null when started from the command line. */
    requestedByMembershipId: uuid(),
    progressDone: integer().notNull().default(0),
    progressTotal: integer().notNull().default(0),
    archiveBytes: bigint({ mode: 'number' }),
    archiveSha256: text(),
    /** A verification's first difference, or why the run failed. */
    detail: text(),
    createdAt: createdAt(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.workspaceId, t.kind, t.createdAt), workspaceKey(t)],
);

/**
 * A prepared archive, in 1 MB chunks in the database: with several instances on PostgreSQL the
 * database is the one place every instance can read it back from.
 */
export const exitRunChunks = pgTable(
  'exit_run_chunks',
  {
    workspaceId: workspaceId(),
    runId: uuid().notNull(),
    seq: integer().notNull(),
    data: bytea().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.runId, t.seq] }),
    sameWorkspace(t, t.runId, exitRuns).onDelete('cascade'),
  ],
);

export type ExitRun = typeof exitRuns.$inferSelect;
