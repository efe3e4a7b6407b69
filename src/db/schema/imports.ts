import { index, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, rowId, workspaceId, workspaceKey } from './columns.ts';

export const IMPORT_KINDS = ['tickets', 'systems', 'articles', 'invitations', 'accounts'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/**
 * A record brought in from another desk, by the id it had there: importing the same file again
 * finds its rows here and creates nothing twice.
 */
export const importKeys = pgTable(
  'import_keys',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    kind: text({ enum: IMPORT_KINDS }).notNull(),
    externalId: text().notNull(),
    entityId: uuid().notNull(),
    importedByMembershipId: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique().on(t.workspaceId, t.kind, t.externalId),
    index().on(t.workspaceId, t.entityId),
    workspaceKey(t),
  ],
);
export type ImportKey = typeof importKeys.$inferSelect;
