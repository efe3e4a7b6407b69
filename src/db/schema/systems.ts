import { foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { CRITICALITIES, SYSTEM_KINDS } from '../../domain/systems.ts';
import { createdAt, workspaceId } from './columns.ts';
import { articles } from './knowledge.ts';
import { services } from './responsibility.ts';
import { tickets } from './tickets.ts';
import { parties } from './workspaces.ts';

/** A business system or asset: what it is, how critical, who owns it, how to recover it. */
export const systems = pgTable(
  'systems',
  {
    id: uuid().notNull().defaultRandom(),
    workspaceId: workspaceId(),
    name: text().notNull(),
    kind: text({ enum: SYSTEM_KINDS }).notNull(),
    criticality: text({ enum: CRITICALITIES }).notNull(),
    ownerPartyId: uuid().notNull(),
    serviceId: uuid(),
    description: text().notNull().default(''),
    /** The knowledge article holding its recovery procedure; null = none written yet. */
    recoveryArticleId: uuid(),
    status: text({ enum: ['active', 'retired'] })
      .notNull()
      .default('active'),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [
    index().on(t.workspaceId, t.criticality),
    index().on(t.workspaceId, t.serviceId),
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.ownerPartyId],
      foreignColumns: [parties.workspaceId, parties.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.serviceId],
      foreignColumns: [services.workspaceId, services.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.recoveryArticleId],
      foreignColumns: [articles.workspaceId, articles.id],
    }),
  ],
);

/** systemId depends on dependsOnSystemId (it stops when that one stops). */
export const systemDependencies = pgTable(
  'system_dependencies',
  {
    workspaceId: workspaceId(),
    systemId: uuid().notNull(),
    dependsOnSystemId: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.systemId, t.dependsOnSystemId] }),
    index().on(t.dependsOnSystemId),
    foreignKey({ columns: [t.workspaceId, t.systemId], foreignColumns: [systems.workspaceId, systems.id] }),
    foreignKey({
      columns: [t.workspaceId, t.dependsOnSystemId],
      foreignColumns: [systems.workspaceId, systems.id],
    }),
  ],
);

/** A ticket about an asset (the recurrence job groups tickets per asset too). */
export const ticketAssets = pgTable(
  'ticket_assets',
  {
    workspaceId: workspaceId(),
    ticketId: uuid().notNull(),
    systemId: uuid().notNull(),
    linkedByMembershipId: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.ticketId, t.systemId] }),
    index().on(t.systemId),
    foreignKey({ columns: [t.workspaceId, t.ticketId], foreignColumns: [tickets.workspaceId, tickets.id] }),
    foreignKey({ columns: [t.workspaceId, t.systemId], foreignColumns: [systems.workspaceId, systems.id] }),
  ],
);

export type System = typeof systems.$inferSelect;
