import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { CRITICALITIES, SYSTEM_KINDS } from '../../domain/systems.ts';
import { articles } from './knowledge.ts';
import { services } from './responsibility.ts';
import { tickets } from './tickets.ts';
import { parties, workspaces } from './workspaces.ts';

const workspaceId = () =>
  uuid()
    .notNull()
    .references(() => workspaces.id);
const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

/** A business system or asset: what it is, how critical, who owns it, how to recover it. */
export const systems = pgTable(
  'systems',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: workspaceId(),
    name: text().notNull(),
    kind: text({ enum: SYSTEM_KINDS }).notNull(),
    criticality: text({ enum: CRITICALITIES }).notNull(),
    ownerPartyId: uuid()
      .notNull()
      .references(() => parties.id),
    serviceId: uuid().references(() => services.id),
    description: text().notNull().default(''),
    /** The knowledge article holding its recovery procedure; null = none written yet. */
    recoveryArticleId: uuid().references(() => articles.id),
    status: text({ enum: ['active', 'retired'] })
      .notNull()
      .default('active'),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [index().on(t.workspaceId, t.criticality), index().on(t.workspaceId, t.serviceId)],
);

/** systemId depends on dependsOnSystemId (it stops when that one stops). */
export const systemDependencies = pgTable(
  'system_dependencies',
  {
    workspaceId: workspaceId(),
    systemId: uuid()
      .notNull()
      .references(() => systems.id),
    dependsOnSystemId: uuid()
      .notNull()
      .references(() => systems.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.systemId, t.dependsOnSystemId] }), index().on(t.dependsOnSystemId)],
);

/** A ticket about an asset (the recurrence job groups tickets per asset too). */
export const ticketAssets = pgTable(
  'ticket_assets',
  {
    workspaceId: workspaceId(),
    ticketId: uuid()
      .notNull()
      .references(() => tickets.id),
    systemId: uuid()
      .notNull()
      .references(() => systems.id),
    linkedByMembershipId: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.systemId] }), index().on(t.systemId)],
);

export type System = typeof systems.$inferSelect;
