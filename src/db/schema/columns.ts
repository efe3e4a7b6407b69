import { customType, timestamp, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from './workspaces.ts';

/** Column builders every schema file uses (one definition instead of a copy per file). */

/** The owning workspace: the first column of every workspace table's composite keys. */
export const workspaceId = () =>
  uuid()
    .notNull()
    .references(() => workspaces.id);

export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

/** Raw bytes (stored files): kept in the database, so backups and exports carry them. */
export const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });
