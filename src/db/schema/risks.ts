import { date, index, integer, pgTable, smallint, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { ACCEPTANCE_STATES, RISK_SOURCE_KINDS, RISK_STATUSES, RISK_TREATMENTS } from '../../domain/risks.ts';
import { changes } from './changes.ts';
import { createdAt, rowId, sameWorkspace, updatedAt, version, workspaceId, workspaceKey } from './columns.ts';
import { parties } from './workspaces.ts';

/** A risk in the register, owned by a named member of the internal party. */
export const risks = pgTable(
  'risks',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    number: integer().notNull(),
    title: text().notNull(),
    description: text().notNull().default(''),
    /** NIST CSF 2.0 category (PR.AA), a Cyber Essentials control key, or a custom category. */
    csfCategory: text(),
    ceControl: text(),
    customCategory: text(),
    inherentLikelihood: smallint().notNull(),
    inherentImpact: smallint().notNull(),
    residualLikelihood: smallint().notNull(),
    residualImpact: smallint().notNull(),
    treatment: text({ enum: RISK_TREATMENTS }).notNull().default('mitigate'),
    /** The party carrying out the treatment (the provider may). */
    treatmentPartyId: uuid(),
    ownerMembershipId: uuid().notNull(),
    reviewOn: date({ mode: 'string' }),
    /** The review date a reminder was last sent for (one reminder per date). */
    reviewRemindedOn: date({ mode: 'string' }),
    status: text({ enum: RISK_STATUSES }).notNull().default('open'),
    acceptance: text({ enum: ACCEPTANCE_STATES }).notNull().default('none'),
    acceptanceDecisionId: uuid(),
    acceptedUntil: timestamp({ withTimezone: true }),
    acceptedAt: timestamp({ withTimezone: true }),
    acceptedByMembershipId: uuid(),
    sourceKind: text({ enum: RISK_SOURCE_KINDS }),
    sourceId: uuid(),
    createdByMembershipId: uuid(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    unique().on(t.workspaceId, t.number),
    index().on(t.workspaceId, t.status),
    index().on(t.workspaceId, t.sourceKind, t.sourceId),
    workspaceKey(t),
    sameWorkspace(t, t.treatmentPartyId, parties),
  ],
);
export type Risk = typeof risks.$inferSelect;

export const RISK_LINK_KINDS = ['system', 'service'] as const;
export type RiskLinkKind = (typeof RISK_LINK_KINDS)[number];

/** The systems and services a risk concerns. */
export const riskLinks = pgTable(
  'risk_links',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    riskId: uuid().notNull(),
    kind: text({ enum: RISK_LINK_KINDS }).notNull(),
    targetId: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique().on(t.workspaceId, t.riskId, t.kind, t.targetId),
    index().on(t.workspaceId, t.kind, t.targetId),
    workspaceKey(t),
    sameWorkspace(t, t.riskId, risks),
  ],
);

/** A change record that carries out part of a risk's treatment (besides backlog items). */
export const riskChanges = pgTable(
  'risk_changes',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    riskId: uuid().notNull(),
    changeId: uuid().notNull(),
    linkedByMembershipId: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique().on(t.workspaceId, t.riskId, t.changeId),
    index().on(t.changeId),
    workspaceKey(t),
    sameWorkspace(t, t.riskId, risks),
    sameWorkspace(t, t.changeId, changes),
  ],
);
