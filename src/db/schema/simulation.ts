import { date, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, rowId, updatedAt, workspaceId, workspaceKey } from './columns.ts';

export const HISTORY_BUILD_STATES = ['queued', 'building', 'done', 'failed'] as const;
export type HistoryBuildState = (typeof HISTORY_BUILD_STATES)[number];
/** Who asked for a build: the demo's background build (serve resumes it), or a `tandem simulate` run. */
export const HISTORY_BUILD_ORIGINS = ['demo', 'cli'] as const;
export type HistoryBuildOrigin = (typeof HISTORY_BUILD_ORIGINS)[number];

/**
 * One simulated history of a workspace (src/simulation): its span, how many days are done, and the
 * engine's state after the last committed day, so a restart resumes there instead of starting again.
 */
export const historyBuilds = pgTable(
  'history_builds',
  {
    workspaceId: workspaceId(),
    id: rowId(),
    months: integer().notNull(),
    seed: integer().notNull(),
    ticketsPerDay: integer().notNull().default(3),
    origin: text({ enum: HISTORY_BUILD_ORIGINS }).notNull().default('demo'),
    state: text({ enum: HISTORY_BUILD_STATES }).notNull().default('queued'),
    /** First simulated day, and the day after the last one. */
    fromDay: date({ mode: 'string' }).notNull(),
    untilDay: date({ mode: 'string' }).notNull(),
    daysDone: integer().notNull().default(0),
    daysTotal: integer().notNull(),
    /** The engine's state after daysDone days (its dice, open tickets, the arc so far). */
    checkpoint: jsonb(),
    error: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [workspaceKey(t), index().on(t.workspaceId, t.createdAt)],
);
export type HistoryBuild = typeof historyBuilds.$inferSelect;
