import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { OCCURRENCE_STATUSES } from '../../domain/obligations.ts';
import { bytea, createdAt, rowId, sameWorkspace, version, workspaceId, workspaceKey } from './columns.ts';
import { services } from './responsibility.ts';
import { systems } from './systems.ts';

export type EvidenceFigure = { name: string; unit: string };

/** A recurring control: what is done, by whom, when, and what counts as its evidence. */
export const obligations = pgTable(
  'obligations',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    number: integer().notNull(),
    title: text().notNull(),
    description: text().notNull().default(''),
    /** Control references: default control keys, `ce:<key>` or CSF categories (PR.AA). */
    controls: jsonb().$type<string[]>().notNull().default([]),
    /** The responsible party is whoever the current map makes Responsible for this service. */
    serviceId: uuid().notNull(),
    accountableMembershipId: uuid().notNull(),
    systemId: uuid(),
    rrule: text().notNull(),
    timeZone: text().notNull(),
    startsOn: date({ mode: 'string' }).notNull(),
    /** Local time of day the evidence is due (HH:MM). */
    dueTime: text().notNull().default('17:00'),
    graceHours: integer().notNull().default(72),
    checklist: jsonb().$type<string[]>().notNull().default([]),
    requiredFiles: jsonb().$type<string[]>().notNull().default([]),
    figure: jsonb().$type<EvidenceFigure | null>(),
    attestation: text().notNull(),
    status: text({ enum: ['active', 'retired'] })
      .notNull()
      .default('active'),
    /** Occurrences exist up to this date (the generator's high-water mark). */
    generatedUntil: date({ mode: 'string' }),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [
    unique().on(t.workspaceId, t.number),
    index().on(t.workspaceId, t.status),
    workspaceKey(t),
    sameWorkspace(t, t.serviceId, services),
    sameWorkspace(t, t.systemId, systems),
  ],
);
export type Obligation = typeof obligations.$inferSelect;

/** One dated instance of an obligation; exactly one per obligation and date. */
export const obligationOccurrences = pgTable(
  'obligation_occurrences',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    obligationId: uuid().notNull(),
    dueOn: date({ mode: 'string' }).notNull(),
    dueAt: timestamp({ withTimezone: true }).notNull(),
    graceUntil: timestamp({ withTimezone: true }).notNull(),
    status: text({ enum: OCCURRENCE_STATUSES }).notNull().default('open'),
    checkedItems: jsonb().$type<string[]>().notNull().default([]),
    figureValue: doublePrecision(),
    attestedByMembershipId: uuid(),
    submittedAt: timestamp({ withTimezone: true }),
    /** The first submission (on-time rate counts it, even if the evidence was later rejected). */
    firstSubmittedAt: timestamp({ withTimezone: true }),
    reviewedByMembershipId: uuid(),
    reviewedAt: timestamp({ withTimezone: true }),
    rejectionReason: text(),
    /** 0 none, 1 the responsible party was told it is overdue, 2 the leads were told it is missed. */
    escalationLevel: smallint().notNull().default(0),
    /** Grace passed with no evidence submitted. */
    missed: boolean().notNull().default(false),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [
    unique().on(t.workspaceId, t.obligationId, t.dueOn),
    index().on(t.workspaceId, t.dueOn),
    index('obligation_occurrences_escalation')
      .on(t.dueAt)
      .where(sql`status = 'open' and escalation_level < 2`),
    workspaceKey(t),
    sameWorkspace(t, t.obligationId, obligations),
  ],
);
export type Occurrence = typeof obligationOccurrences.$inferSelect;

/** A file of an occurrence's evidence, for one of the obligation's required files. */
export const obligationEvidenceFiles = pgTable(
  'obligation_evidence_files',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    occurrenceId: uuid().notNull(),
    requirement: text().notNull(),
    filename: text().notNull(),
    contentType: text().notNull(),
    sizeBytes: integer().notNull(),
    sha256: text().notNull(),
    content: bytea().notNull(),
    uploadedByMembershipId: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.occurrenceId),
    workspaceKey(t),
    sameWorkspace(t, t.occurrenceId, obligationOccurrences),
  ],
);
