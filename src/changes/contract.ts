import { z } from 'zod';
import { BACKLOG_PRIORITIES, BACKLOG_STATUSES } from '../db/schema/backlog.ts';
import { TEMPLATE_STATUSES } from '../db/schema/changes.ts';
import {
  CHANGE_OUTCOMES,
  CHANGE_STATUSES,
  CHANGE_TYPES,
  isTimeZone,
  RISK_LEVELS,
} from '../domain/changes.ts';
import { csvEnumList, Timestamp, WorkspaceParamsSchema } from '../server/http.ts';

/** The change area's HTTP contract: request schemas and the presenters' response schemas. */

// ---- Requests ----

export const ChangeParamsSchema = WorkspaceParamsSchema.extend({
  // Accepts CHG-3 or 3.
  key: z
    .string()
    .regex(/^(?:CHG-)?\d{1,9}$/i, 'is not a change key such as CHG-3')
    .transform((k) => Number(k.split('-').pop())),
});
export const IdParamsSchema = WorkspaceParamsSchema.extend({ id: z.uuid() });

const Text = (max: number) => z.string().trim().max(max);
const Score = z.number().int().min(1, 'must be 1 to 5').max(5, 'must be 1 to 5');
const Instant = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset' })
  .transform((s) => new Date(s));
const Keys = (example: string) =>
  z.array(z.string().trim().min(1).max(30)).max(50, `at most 50 (such as ${example})`);

const ChangeFields = {
  title: z.string().trim().min(1, 'must not be empty').max(200),
  description: Text(20_000),
  serviceIds: z.array(z.uuid()).max(20),
  systemIds: z.array(z.uuid()).max(50),
  ticketKeys: Keys('ACME-42'),
  problemKeys: Keys('PRB-4'),
  incidentKeys: Keys('MI-3'),
  implementingPartyId: z.uuid().nullable(),
  likelihood: Score,
  impact: Score,
  implementationPlan: Text(20_000),
  testPlan: Text(20_000),
  backoutPlan: Text(20_000),
  plannedStart: Instant.nullable(),
  plannedEnd: Instant.nullable(),
  timezone: z.string().max(100).refine(isTimeZone, 'must be an IANA time zone such as Europe/London'),
  userImpact: Text(5000),
  downtimeMinutes: z.number().int().min(0).max(44_640),
  emergencyReason: Text(5000).nullable(),
};

export const CreateChangeBodySchema = z.strictObject({
  type: z.enum(CHANGE_TYPES),
  templateId: z.uuid().optional(),
  title: ChangeFields.title,
  description: ChangeFields.description.default(''),
  serviceIds: ChangeFields.serviceIds.default([]),
  systemIds: ChangeFields.systemIds.default([]),
  ticketKeys: ChangeFields.ticketKeys.default([]),
  problemKeys: ChangeFields.problemKeys.default([]),
  incidentKeys: ChangeFields.incidentKeys.default([]),
  implementingPartyId: ChangeFields.implementingPartyId.optional(),
  likelihood: ChangeFields.likelihood.default(1),
  impact: ChangeFields.impact.default(1),
  implementationPlan: ChangeFields.implementationPlan.default(''),
  testPlan: ChangeFields.testPlan.default(''),
  backoutPlan: ChangeFields.backoutPlan.default(''),
  plannedStart: ChangeFields.plannedStart.default(null),
  plannedEnd: ChangeFields.plannedEnd.default(null),
  timezone: ChangeFields.timezone.default('UTC'),
  userImpact: ChangeFields.userImpact.default(''),
  downtimeMinutes: ChangeFields.downtimeMinutes.default(0),
  emergencyReason: ChangeFields.emergencyReason.default(null),
});
export type CreateChangeBody = z.output<typeof CreateChangeBodySchema>;

export const EditChangeBodySchema = z.strictObject({
  version: z.number().int().positive(),
  title: ChangeFields.title.optional(),
  description: ChangeFields.description.optional(),
  serviceIds: ChangeFields.serviceIds.optional(),
  systemIds: ChangeFields.systemIds.optional(),
  ticketKeys: ChangeFields.ticketKeys.optional(),
  problemKeys: ChangeFields.problemKeys.optional(),
  incidentKeys: ChangeFields.incidentKeys.optional(),
  implementingPartyId: ChangeFields.implementingPartyId.optional(),
  likelihood: ChangeFields.likelihood.optional(),
  impact: ChangeFields.impact.optional(),
  implementationPlan: ChangeFields.implementationPlan.optional(),
  testPlan: ChangeFields.testPlan.optional(),
  backoutPlan: ChangeFields.backoutPlan.optional(),
  plannedStart: ChangeFields.plannedStart.optional(),
  plannedEnd: ChangeFields.plannedEnd.optional(),
  timezone: ChangeFields.timezone.optional(),
  userImpact: ChangeFields.userImpact.optional(),
  downtimeMinutes: ChangeFields.downtimeMinutes.optional(),
  emergencyReason: ChangeFields.emergencyReason.optional(),
});
export type EditChangeBody = z.output<typeof EditChangeBodySchema>;

export const VersionBodySchema = z.strictObject({ version: z.number().int().positive() });
export const CompleteBodySchema = z.strictObject({
  version: z.number().int().positive(),
  outcome: z.enum(CHANGE_OUTCOMES),
  note: Text(10_000).default(''),
});
export const ReviewBodySchema = z.strictObject({
  version: z.number().int().positive(),
  summary: Text(20_000),
  lessons: Text(20_000),
});
export const ReviewActionBodySchema = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(200),
  why: Text(5000).default(''),
  ownerPartyId: z.uuid(),
  priority: z.enum(BACKLOG_PRIORITIES).default('medium'),
});
export const WatcherBodySchema = z.strictObject({ membershipId: z.uuid().optional() });

export const ListChangesQuerySchema = z.strictObject({
  status: csvEnumList(CHANGE_STATUSES).optional(),
  type: z.enum(CHANGE_TYPES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const CalendarQuerySchema = z.strictObject({
  from: Instant,
  to: Instant,
  partyId: z.uuid().optional(),
  serviceId: z.uuid().optional(),
  systemId: z.uuid().optional(),
});
export type CalendarQuery = z.output<typeof CalendarQuerySchema>;

export const SuccessRateQuerySchema = z.strictObject({
  from: Instant,
  to: Instant,
  period: z.enum(['month', 'quarter']).default('month'),
});

export const FreezeBodySchema = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(200),
  startsAt: Instant,
  endsAt: Instant,
  reason: Text(5000).default(''),
});
export type FreezeBody = z.output<typeof FreezeBodySchema>;

export const TemplateBodySchema = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(200),
  description: Text(20_000).default(''),
  implementationPlan: Text(20_000).default(''),
  testPlan: Text(20_000).default(''),
  backoutPlan: Text(20_000).default(''),
  likelihood: Score.default(1),
  impact: Score.default(1),
});
export type TemplateBody = z.output<typeof TemplateBodySchema>;

export const FeedBodySchema = z.strictObject({
  scope: z.enum(['workspace', 'personal']),
  label: Text(200).default(''),
});
export const FeedTokenParamsSchema = z.strictObject({
  token: z
    .string()
    .regex(/^[A-Za-z0-9_-]{20,100}\.ics$/, 'is not a calendar feed address')
    .transform((t) => t.slice(0, -4)),
});

// ---- Responses ----

const PartyRef = z.object({ id: z.uuid(), name: z.string(), kind: z.string() });
const LinkRef = z.object({ id: z.uuid(), key: z.string().nullable(), title: z.string() });

const ChangeAbilitiesSchema = z.object({
  edit: z.boolean(),
  submit: z.boolean(),
  decide: z.boolean(),
  setImplementingParty: z.boolean(),
  start: z.boolean(),
  complete: z.boolean(),
  writeReview: z.boolean(),
  close: z.boolean(),
  reviewRequired: z.boolean(),
  watch: z.boolean(),
});

export const ChangeSummarySchema = z.object({
  id: z.uuid(),
  key: z.string(),
  number: z.number(),
  type: z.enum(CHANGE_TYPES),
  status: z.enum(CHANGE_STATUSES),
  title: z.string(),
  riskLevel: z.enum(RISK_LEVELS),
  likelihood: z.number(),
  impact: z.number(),
  implementingParty: PartyRef.nullable(),
  plannedStart: Timestamp.nullable(),
  plannedEnd: Timestamp.nullable(),
  timezone: z.string(),
  outcome: z.enum(CHANGE_OUTCOMES).nullable(),
  updatedAt: Timestamp,
});
export type ChangeSummary = z.output<typeof ChangeSummarySchema>;

export const ConflictSchema = z.object({
  change: z.object({ id: z.uuid(), key: z.string(), title: z.string(), status: z.enum(CHANGE_STATUSES) }),
  system: z.object({ id: z.uuid(), name: z.string() }),
  otherSystem: z.object({ id: z.uuid(), name: z.string() }),
  reason: z.enum(['same_system', 'depends_on', 'dependency_of']),
  plannedStart: Timestamp,
  plannedEnd: Timestamp,
});
export type ChangeConflictView = z.output<typeof ConflictSchema>;

export const ChangeDetailSchema = ChangeSummarySchema.extend({
  description: z.string(),
  template: z.object({ id: z.uuid(), key: z.string(), title: z.string() }).nullable(),
  implementingPartyOverridden: z.boolean(),
  suggestedImplementingParty: PartyRef.nullable(),
  implementationPlan: z.string(),
  testPlan: z.string(),
  backoutPlan: z.string(),
  userImpact: z.string(),
  downtimeMinutes: z.number(),
  emergencyReason: z.string().nullable(),
  links: z.object({
    services: z.array(LinkRef),
    systems: z.array(LinkRef.extend({ criticality: z.string() })),
    tickets: z.array(LinkRef),
    problems: z.array(LinkRef),
    incidents: z.array(LinkRef),
  }),
  decision: z
    .object({
      number: z.number(),
      key: z.string(),
      status: z.string(),
      holder: z.string(),
      rationale: z.string().nullable(),
    })
    .nullable(),
  decisionRight: z.object({ name: z.string(), holder: z.string() }),
  createdBy: z.string().nullable(),
  submittedBy: z.string().nullable(),
  submittedAt: Timestamp.nullable(),
  rejectionReason: z.string().nullable(),
  approvedAt: Timestamp.nullable(),
  startedAt: Timestamp.nullable(),
  completedAt: Timestamp.nullable(),
  completionNote: z.string().nullable(),
  review: z.object({ summary: z.string(), lessons: z.string(), required: z.boolean() }),
  reviewActions: z.array(
    z.object({
      id: z.uuid(),
      key: z.string(),
      title: z.string(),
      status: z.enum(BACKLOG_STATUSES),
      ownerPartyName: z.string().nullable(),
    }),
  ),
  closedAt: Timestamp.nullable(),
  /** Risks whose treatment this change carries out ("treats RISK-3"). */
  treatsRisks: z.array(
    z.object({ id: z.uuid(), key: z.string(), title: z.string(), status: z.string(), path: z.string() }),
  ),
  conflicts: z.array(ConflictSchema),
  freeze: z.object({ id: z.uuid(), title: z.string(), overridden: z.boolean() }).nullable(),
  watchers: z.array(z.object({ membershipId: z.uuid(), name: z.string() })),
  watching: z.boolean(),
  events: z.array(
    z.object({
      kind: z.string(),
      actor: z.string().nullable(),
      detail: z.record(z.string(), z.unknown()),
      at: Timestamp,
    }),
  ),
  createdAt: Timestamp,
  version: z.number(),
  abilities: ChangeAbilitiesSchema,
});
export type ChangeDetail = z.output<typeof ChangeDetailSchema>;

export const ChangeResponseSchema = z.object({ change: ChangeDetailSchema });

export const ChangeListResponseSchema = z.object({
  items: z.array(ChangeSummarySchema),
  nextCursor: z.string().nullable(),
  abilities: z.object({
    create: z.boolean(),
    manageFreezes: z.boolean(),
    proposeTemplate: z.boolean(),
    manageWorkspaceFeed: z.boolean(),
  }),
});
export type ChangeListResponse = z.output<typeof ChangeListResponseSchema>;

export const FreezeSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  startsAt: Timestamp,
  endsAt: Timestamp,
  reason: z.string(),
  createdAt: Timestamp,
});
export type FreezeView = z.output<typeof FreezeSchema>;
export const FreezeListResponseSchema = z.object({
  items: z.array(FreezeSchema),
  abilities: z.object({ manage: z.boolean() }),
});
export type FreezeListResponse = z.output<typeof FreezeListResponseSchema>;

export const CalendarItemSchema = ChangeSummarySchema.extend({
  serviceIds: z.array(z.uuid()),
  systemIds: z.array(z.uuid()),
});
export const CalendarResponseSchema = z.object({
  changes: z.array(CalendarItemSchema),
  freezes: z.array(FreezeSchema),
});
export type CalendarResponse = z.output<typeof CalendarResponseSchema>;

export const SuccessRateResponseSchema = z.object({
  period: z.enum(['month', 'quarter']),
  periods: z.array(
    z.object({
      period: z.string(),
      completed: z.number(),
      implemented: z.number(),
      failed: z.number(),
      backedOut: z.number(),
      rate: z.number().nullable(),
    }),
  ),
  overall: z.object({ completed: z.number(), implemented: z.number(), rate: z.number().nullable() }),
});
export type SuccessRateResponse = z.output<typeof SuccessRateResponseSchema>;

export const TemplateSchema = z.object({
  id: z.uuid(),
  key: z.string(),
  title: z.string(),
  description: z.string(),
  implementationPlan: z.string(),
  testPlan: z.string(),
  backoutPlan: z.string(),
  likelihood: z.number(),
  impact: z.number(),
  riskLevel: z.enum(RISK_LEVELS),
  status: z.enum(TEMPLATE_STATUSES),
  decision: z.object({ number: z.number(), key: z.string(), status: z.string() }).nullable(),
  createdAt: Timestamp,
});
export type TemplateView = z.output<typeof TemplateSchema>;
export const TemplateListResponseSchema = z.object({
  items: z.array(TemplateSchema),
  abilities: z.object({ propose: z.boolean() }),
});
export type TemplateListResponse = z.output<typeof TemplateListResponseSchema>;

export const FeedSchema = z.object({
  id: z.uuid(),
  scope: z.enum(['workspace', 'personal']),
  label: z.string(),
  owner: z.string().nullable(),
  createdAt: Timestamp,
  revokedAt: Timestamp.nullable(),
  /** Only in the response that creates it: the secret address is shown once. */
  url: z.string().optional(),
  canRevoke: z.boolean(),
});
export type FeedView = z.output<typeof FeedSchema>;
export const FeedListResponseSchema = z.object({
  items: z.array(FeedSchema),
  abilities: z.object({ createWorkspaceFeed: z.boolean(), createPersonalFeed: z.boolean() }),
});
export type FeedListResponse = z.output<typeof FeedListResponseSchema>;
