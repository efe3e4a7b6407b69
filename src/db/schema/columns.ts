import {
  type AnyPgColumn,
  customType,
  foreignKey,
  integer,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { workspaces } from './workspaces.ts';

/** Column builders every schema file uses (one definition instead of a copy per file). */

/** The owning workspace: the first column of every workspace table's composite keys. */
export const workspaceId = () =>
  uuid()
    .notNull()
    .references(() => workspaces.id);

/** A row's own id; its key is (workspace_id, id) — see workspaceKey. */
export const rowId = () => uuid().notNull().defaultRandom();

export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

/** An intake's health (an alert integration, a mail channel): when it last took something in, its last error. */
export const intakeHealth = () => ({
  lastEventAt: timestamp({ withTimezone: true }),
  lastError: text(),
  lastErrorAt: timestamp({ withTimezone: true }),
});

/** Optimistic concurrency: an edit names the version it read and is refused if the row has moved on. */
export const version = () => integer().notNull().default(1);

type WorkspaceRow = { workspaceId: AnyPgColumn; id: AnyPgColumn };

/** The key (workspace_id, id): references to the row name its workspace too, so they cannot cross one. */
export const workspaceKey = (t: WorkspaceRow) => primaryKey({ columns: [t.workspaceId, t.id] });

/** A reference to a row of the same workspace: (workspace_id, column) → the target's (workspace_id, id). */
export const sameWorkspace = (t: { workspaceId: AnyPgColumn }, column: AnyPgColumn, target: WorkspaceRow) =>
  foreignKey({ columns: [t.workspaceId, column], foreignColumns: [target.workspaceId, target.id] });

/** Raw bytes (stored files): kept in the database, so backups and exports carry them. */
export const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });
