import { index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { CRITICALITIES, SYSTEM_KINDS } from '../../domain/systems.ts';
import { createdAt, rowId, sameWorkspace, updatedAt, version, workspaceId, workspaceKey } from './columns.ts';
import { articles } from './knowledge.ts';
import { services } from './responsibility.ts';
import { tickets } from './tickets.ts';
import { parties } from './workspaces.ts';

/** A business system or asset: what it is, how critical, who owns it, how to recover it. */
export const systems = pgTable(
  'systems',
  {
    id: rowId(),
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
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index().on(t.workspaceId, t.criticality),
    index().on(t.workspaceId, t.serviceId),
    workspaceKey(t),
    sameWorkspace(t, t.ownerPartyId, parties),
    sameWorkspace(t, t.serviceId, services),
    sameWorkspace(t, t.recoveryArticleId, articles),
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
    sameWorkspace(t, t.systemId, systems),
    sameWorkspace(t, t.dependsOnSystemId, systems),
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
    sameWorkspace(t, t.ticketId, tickets),
    sameWorkspace(t, t.systemId, systems),
  ],
);

export type System = typeof systems.$inferSelect;
