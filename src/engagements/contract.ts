import { z } from 'zod';
import {
  CLAUSE_KINDS,
  ENGAGEMENT_PROPOSAL_STATUSES,
  ENGAGEMENT_PURPOSES,
  INCIDENT_ROLES,
  REVIEW_CADENCES,
} from '../domain/engagements.ts';
import { Timestamp, WorkspaceParamsSchema } from '../server/http.ts';

// ---- Requests ----

export const EngagementParamsSchema = WorkspaceParamsSchema.extend({ engagementId: z.uuid() });
export const ProposalParamsSchema = EngagementParamsSchema.extend({ proposalId: z.uuid() });
export const VersionParamsSchema = EngagementParamsSchema.extend({
  number: z.coerce.number().int().positive().max(1_000_000),
});
export const AnnexParamsSchema = EngagementParamsSchema.extend({ format: z.enum(['md', 'html', 'csv']) });

const Text = (max: number) => z.string().trim().max(max);

export const ClauseSchema = z.strictObject({
  kind: z.enum(CLAUSE_KINDS),
  text: Text(10_000).min(1, 'must not be empty'),
  obligationIds: z.array(z.uuid()).max(50).optional(),
  incidentRoles: z
    .array(
      z.strictObject({
        role: z.enum(INCIDENT_ROLES),
        partyId: z.uuid(),
        person: Text(200).min(1, 'must not be empty'),
      }),
    )
    .max(20)
    .optional(),
  subcontractors: z
    .array(z.strictObject({ name: Text(200).min(1, 'must not be empty'), reach: Text(1000) }))
    .max(50)
    .optional(),
  noticeDays: z.number().int().min(0).max(730).optional(),
  deliverables: z.array(Text(500).min(1, 'must not be empty')).max(50).optional(),
});

export const TermsSchema = z.strictObject({
  purposes: z
    .array(z.enum(ENGAGEMENT_PURPOSES))
    .min(1, 'name at least one purpose: capacity, specialist_depth, coverage or governance')
    .max(ENGAGEMENT_PURPOSES.length),
  intent: Text(1000).min(1, 'say in a sentence what the engagement is for'),
  ownerMembershipId: z.uuid(),
  reviewCadence: z.enum(REVIEW_CADENCES),
  clauses: z.array(ClauseSchema).max(CLAUSE_KINDS.length).default([]),
});
export type TermsBody = z.output<typeof TermsSchema>;

export const CreateEngagementBodySchema = TermsSchema.extend({
  providerPartyId: z.uuid(),
  startsOn: z.iso.date('must be a date (YYYY-MM-DD)'),
});
export type CreateEngagementBody = z.output<typeof CreateEngagementBodySchema>;

/** The whole terms as they should read, based on the version the editor saw. */
export const EditTermsBodySchema = TermsSchema.extend({
  baseVersion: z.number().int().positive(),
  summary: Text(500).optional(),
});
export type EditTermsBody = z.output<typeof EditTermsBodySchema>;

export const DecideProposalBodySchema = z.strictObject({ note: Text(2000).optional() });

// ---- Responses ----

const Person = z.object({ membershipId: z.string(), name: z.string().nullable() });
const Link = z.object({ label: z.string(), path: z.string().nullable() });

export const ClauseViewSchema = z.object({
  kind: z.enum(CLAUSE_KINDS),
  title: z.string(),
  text: z.string(),
  obligationIds: z.array(z.string()).optional(),
  incidentRoles: z
    .array(z.object({ role: z.enum(INCIDENT_ROLES), partyId: z.string(), person: z.string() }))
    .optional(),
  subcontractors: z.array(z.object({ name: z.string(), reach: z.string() })).optional(),
  noticeDays: z.number().optional(),
  deliverables: z.array(z.string()).optional(),
  /** Where Tandem enforces the clause, computed from the records. */
  enforcedBy: z.array(Link),
});
export type ClauseView = z.output<typeof ClauseViewSchema>;

export const TermsViewSchema = z.object({
  purposes: z.array(z.enum(ENGAGEMENT_PURPOSES)),
  intent: z.string(),
  owner: Person,
  reviewCadence: z.enum(REVIEW_CADENCES),
  clauses: z.array(ClauseViewSchema),
  missingClauses: z.array(z.enum(CLAUSE_KINDS)),
});

export const EngagementAbilitiesSchema = z.object({
  edit: z.boolean(),
  propose: z.boolean(),
  decide: z.boolean(),
});

export const EngagementSummarySchema = z.object({
  id: z.string(),
  provider: z.object({ partyId: z.string(), name: z.string() }),
  startsOn: z.string(),
  currentVersion: z.number(),
  purposes: z.array(z.enum(ENGAGEMENT_PURPOSES)),
  intent: z.string(),
  owner: Person,
  reviewCadence: z.enum(REVIEW_CADENCES),
  openProposals: z.number(),
  updatedAt: Timestamp,
});
export type EngagementSummary = z.output<typeof EngagementSummarySchema>;

export const VersionSummarySchema = z.object({
  number: z.number(),
  summary: z.string(),
  fromProposal: z.boolean(),
  createdBy: Person.nullable(),
  createdAt: Timestamp,
});

export const ProposalViewSchema = z.object({
  id: z.string(),
  baseVersion: z.number(),
  summary: z.string(),
  status: z.enum(ENGAGEMENT_PROPOSAL_STATUSES),
  proposedBy: Person.nullable(),
  decidedBy: Person.nullable(),
  decidedAt: Timestamp.nullable(),
  decisionNote: z.string().nullable(),
  resultVersion: z.number().nullable(),
  createdAt: Timestamp,
  terms: TermsViewSchema,
});
export type ProposalView = z.output<typeof ProposalViewSchema>;

export const EngagementDetailSchema = EngagementSummarySchema.extend({
  terms: TermsViewSchema,
  versions: z.array(VersionSummarySchema),
  proposals: z.array(ProposalViewSchema),
  abilities: EngagementAbilitiesSchema,
});
export type EngagementDetail = z.output<typeof EngagementDetailSchema>;

export const EngagementListResponseSchema = z.object({
  engagements: z.array(EngagementSummarySchema),
  abilities: z.object({ create: z.boolean() }),
});
export type EngagementListResponse = z.output<typeof EngagementListResponseSchema>;
export const EngagementResponseSchema = z.object({ engagement: EngagementDetailSchema });
export type EngagementResponse = z.output<typeof EngagementResponseSchema>;
export const ProposalResponseSchema = z.object({ proposal: ProposalViewSchema });
export const VersionResponseSchema = z.object({
  version: VersionSummarySchema.extend({ terms: TermsViewSchema }),
});
