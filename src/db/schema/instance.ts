import { sql } from 'drizzle-orm';
import { boolean, check, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

/**
 * Facts about the installation, one row. Global: no workspace. `secretKeyCheck` is an HMAC of a
 * fixed label under the secret key (never the key): an instance started with another key finds
 * it differs and refuses to start.
 */
export const instanceSettings = pgTable(
  'instance_settings',
  {
    id: boolean().primaryKey().default(true),
    secretKeyCheck: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [check('instance_settings_one_row', sql`${t.id}`)],
);
