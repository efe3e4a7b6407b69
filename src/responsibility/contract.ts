import { z } from 'zod';
import { RACI_ROLES } from '../domain/raci.ts';
import { ItemsSchema, Timestamp, WorkspaceIdParamsSchema, WorkspaceParamsSchema } from '../server/http.ts';
import { PartyRefSchema } from '../workspaces/contract.ts';

export const MAP_EXPORT_FORMATS = ['csv', 'md', 'html'] as const;
export type MapExportFormat = (typeof MAP_EXPORT_FORMATS)[number];
const PROPOSAL_STATUSES = ['proposed', 'approved', 'rejected', 'withdrawn'] as const;

export const VersionQuerySchema = z.strictObject({ version: z.coerce.number().int().positive().optional() });
export const ExportParamsSchema = WorkspaceParamsSchema.extend({ format: z.enum(MAP_EXPORT_FORMATS) });
export const DiffQuerySchema = z.strictObject({
  from: z.coerce.number().int().positive(),
  to: z.coerce.number().int().positive(),
});
export const ServiceParamsSchema = WorkspaceIdParamsSchema;
export const ProposalParamsSchema = WorkspaceParamsSchema.extend({
  number: z.coerce.number().int().positive(),
});
const TextSchema = (max: number) => z.string().trim().max(max);
export const ServiceBodySchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(120),
  description: TextSchema(2000).default(''),
  carriesBusinessDecisions: z.boolean().default(false),
  decisionTypeKeys: z.array(z.string().min(1).max(100)).max(50).default([]),
});
export const ServicePatchSchema = z.strictObject({
  version: z.number().int().positive(),
  name: z.string().trim().min(1, 'must not be empty').max(120).optional(),
  description: TextSchema(2000).optional(),
  carriesBusinessDecisions: z.boolean().optional(),
  decisionTypeKeys: z.array(z.string().min(1).max(100)).max(50).optional(),
});
/** 1 critical, 2 high, 3 medium, 4 low; null: not set. */
export const BUSINESS_PRIORITIES = [1, 2, 3, 4] as const;
const BusinessPrioritySchema = z
  .number()
  .int()
  .min(1, 'must be 1 (critical) to 4 (low)')
  .max(4, 'must be 1 (critical) to 4 (low)')
  .nullable();
export const ServicePriorityBodySchema = z.strictObject({
  version: z.number().int().positive(),
  businessPriority: BusinessPrioritySchema,
});
const PriorityChangeSchema = z.strictObject({
  serviceId: z.uuid(),
  businessPriority: BusinessPrioritySchema,
});
const ChangeSchema = z.strictObject({
  op: z.enum(['add', 'remove']),
  serviceId: z.uuid(),
  partyId: z.uuid(),
  membershipId: z.uuid().nullable().default(null),
  role: z.enum(RACI_ROLES),
});
export const ProposalBodySchema = z
  .strictObject({
    title: z.string().trim().min(1, 'must not be empty').max(200),
    rationale: TextSchema(5000).default(''),
    changes: z.array(ChangeSchema).min(1).max(2000).optional(),
    fromSuggestionsForPartyId: z.uuid().optional(),
    /** Service priorities to set (the provider proposes; the internal lead accepts by approving). */
    priorityChanges: z.array(PriorityChangeSchema).min(1).max(200).optional(),
  })
  .refine(
    (b) =>
      !(b.changes !== undefined && b.fromSuggestionsForPartyId !== undefined) &&
      (b.changes !== undefined ||
        b.fromSuggestionsForPartyId !== undefined ||
        b.priorityChanges !== undefined),
    {
      message: 'send either changes or fromSuggestionsForPartyId, and/or priorityChanges',
      path: ['changes'],
    },
  );
export const ListProposalsQuerySchema = z.strictObject({ status: z.enum(PROPOSAL_STATUSES).optional() });
export const DecideProposalBodySchema = z.strictObject({ note: TextSchema(5000).optional() });
export const RejectProposalBodySchema = z.strictObject({
  note: z.string().trim().min(1, 'say why the proposal is rejected').max(5000),
});

// ---------- responses ----------

export const RaciRoleSchema = z.enum(RACI_ROLES);
export type RaciRole = z.output<typeof RaciRoleSchema>;
export const ProposalStatusSchema = z.enum(PROPOSAL_STATUSES);
export type ProposalStatus = z.output<typeof ProposalStatusSchema>;
const ServiceStatusSchema = z.enum(['active', 'retired']);

export const ServiceSchema = z.object({
  id: z.string(),
  key: z.string().meta({ example: 'email' }),
  name: z.string().meta({ example: 'E-mail and calendars' }),
  description: z.string(),
  carriesBusinessDecisions: z.boolean(),
  decisionTypeKeys: z.array(z.string()),
  /** The business's priority: 1 critical, 2 high, 3 medium, 4 low (null: not set). */
  businessPriority: z.number().int().nullable(),
  status: ServiceStatusSchema,
  version: z.number().int(),
  createdAt: Timestamp,
});
export type Service = z.output<typeof ServiceSchema>;

/** A service as the map shows it, with the names of the business decisions it carries. */
export const MapServiceSchema = ServiceSchema.omit({ createdAt: true }).extend({
  businessDecisionNames: z.array(z.string()),
});
export type MapService = z.output<typeof MapServiceSchema>;

export const AssignmentSchema = z.object({
  serviceId: z.string(),
  partyId: z.string(),
  /** Null: the whole party holds the role. */
  membershipId: z.string().nullable(),
  personName: z.string().nullable(),
  role: RaciRoleSchema,
});
export type Assignment = z.output<typeof AssignmentSchema>;
export const AssignmentChangeSchema = AssignmentSchema.extend({ op: z.enum(['add', 'remove']) });
export type AssignmentChange = z.output<typeof AssignmentChangeSchema>;

export const GapSchema = z.object({
  serviceId: z.string(),
  serviceName: z.string(),
  rule: z.enum(['NO_ACCOUNTABLE', 'NO_RESPONSIBLE', 'PROVIDER_ACCOUNTABLE_FOR_BUSINESS_DECISION']),
  severity: z.enum(['gap', 'warning']),
  message: z.string(),
});
export type Gap = z.output<typeof GapSchema>;

export const ResponsibilityAbilitiesSchema = z.object({
  view: z.boolean(),
  propose: z.boolean(),
  manageServices: z.boolean(),
  setServicePriority: z.boolean(),
  decideProposal: z.boolean(),
});

export const ResponsibilityMapSchema = z.object({
  version: z.object({
    number: z.number().int(),
    createdAt: Timestamp,
    summary: z.string(),
    isCurrent: z.boolean(),
  }),
  services: z.array(MapServiceSchema),
  parties: z.array(PartyRefSchema),
  assignments: z.array(AssignmentSchema),
  gaps: z.array(GapSchema),
  abilities: ResponsibilityAbilitiesSchema,
});
export type ResponsibilityMap = z.output<typeof ResponsibilityMapSchema>;

export const MapVersionSchema = z.object({
  number: z.number().int(),
  createdAt: Timestamp,
  summary: z.string(),
  approvedBy: z.string().nullable(),
  proposalId: z.string().nullable(),
});
export type MapVersion = z.output<typeof MapVersionSchema>;

export const VersionDiffSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  added: z.array(AssignmentSchema),
  removed: z.array(AssignmentSchema),
});
export type VersionDiff = z.output<typeof VersionDiffSchema>;

export const ProposalSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  title: z.string(),
  rationale: z.string(),
  status: ProposalStatusSchema,
  createdAt: Timestamp,
  decidedAt: Timestamp.nullable(),
  decisionNote: z.string().nullable(),
  proposedByMembershipId: z.string(),
  priorityChanges: z.array(
    z.object({ serviceId: z.string(), businessPriority: z.number().int().nullable() }),
  ),
});
export type Proposal = z.output<typeof ProposalSchema>;
export const ProposalSummarySchema = ProposalSchema.extend({
  proposedBy: z.string().nullable(),
  changeCount: z.number().int(),
});
export type ProposalSummary = z.output<typeof ProposalSummarySchema>;

export const ProposalDetailSchema = z.object({
  proposal: ProposalSchema.extend({ proposedBy: z.string().nullable(), decidedBy: z.string().nullable() }),
  changes: z.array(AssignmentChangeSchema),
  /**
   * An open proposal the current map has overtaken (another approved proposal made the same or a
   * clashing change): why, in people's words. It can no longer be approved; reject or withdraw it.
   */
  superseded: z.object({ reason: z.string() }).nullable(),
  abilities: z.object({ approve: z.boolean(), reject: z.boolean(), withdraw: z.boolean() }),
});
export type ProposalDetail = z.output<typeof ProposalDetailSchema>;

export const MapVersionsSchema = ItemsSchema(MapVersionSchema);
export const ServiceAnswerSchema = z.object({ service: ServiceSchema });
export const ProposalsSchema = ItemsSchema(ProposalSummarySchema);
export const ProposalAnswerSchema = z.object({ proposal: ProposalSchema });
export const ProposalApprovedSchema = z.object({
  proposal: ProposalSchema,
  version: z.object({ number: z.number().int(), createdAt: Timestamp }),
});
export const MapExportSchema = {
  content: {
    'text/csv': { schema: z.string() },
    'text/markdown': { schema: z.string() },
    'text/html': { schema: z.string() },
  },
};
