import { z } from 'zod';
import {
  ACCESS_REVIEW_STATUSES,
  FINDING_KINDS,
  GRANT_STATUSES,
  MAX_GRANT_MINUTES_CEILING,
  MFA_STATES,
  PRIVILEGE_TIERS,
  REVIEW_OUTCOMES,
  REVOCATION_SOURCES,
} from '../domain/access.ts';
import { Timestamp, WorkspaceParamsSchema } from '../server/http.ts';

// ---------- requests ----------

const Instant = z.iso
  .datetime({ offset: true, error: 'must be an instant such as 2026-03-31T09:00:00Z' })
  .transform((s) => new Date(s));

export const AccountParamsSchema = WorkspaceParamsSchema.extend({ id: z.uuid() });
export const GrantParamsSchema = WorkspaceParamsSchema.extend({
  key: z
    .string()
    .regex(/^(?:AG-)?\d{1,9}$/i, 'is not a grant key such as AG-3')
    .transform((k) => Number(k.split('-').pop())),
});
export const ReviewParamsSchema = WorkspaceParamsSchema.extend({
  key: z
    .string()
    .regex(/^(?:AR-)?\d{1,9}$/i, 'is not a review key such as AR-2')
    .transform((k) => Number(k.split('-').pop())),
});
export const ReviewLineParamsSchema = ReviewParamsSchema.extend({ lineId: z.uuid() });
export const RevocationParamsSchema = WorkspaceParamsSchema.extend({ id: z.uuid() });

export const AccountBodySchema = z.strictObject({
  systemId: z.uuid(),
  accountName: z.string().trim().min(1, 'must not be empty').max(200),
  membershipId: z.uuid().nullable().default(null),
  tier: z.enum(PRIVILEGE_TIERS),
  mfa: z.enum(MFA_STATES).default('unknown'),
  decisionId: z.uuid().nullable().default(null),
  expiresAt: Instant.nullable().default(null),
  breakGlassLastUsedAt: Instant.nullable().default(null),
  notes: z.string().trim().max(2000).default(''),
});
export type AccountInput = z.output<typeof AccountBodySchema>;

export const AccountPatchSchema = z.strictObject({
  version: z.number().int().positive(),
  accountName: z.string().trim().min(1, 'must not be empty').max(200).optional(),
  membershipId: z.uuid().nullable().optional(),
  tier: z.enum(PRIVILEGE_TIERS).optional(),
  mfa: z.enum(MFA_STATES).optional(),
  decisionId: z.uuid().nullable().optional(),
  expiresAt: Instant.nullable().optional(),
  breakGlassLastUsedAt: Instant.nullable().optional(),
  notes: z.string().trim().max(2000).optional(),
  status: z.enum(['active', 'revoked']).optional(),
});
export type AccountPatch = z.output<typeof AccountPatchSchema>;

export const SettingsBodySchema = z.strictObject({
  version: z.number().int().positive(),
  maxGrantMinutes: z
    .number()
    .int()
    .min(15, 'must be at least 15 minutes')
    .max(MAX_GRANT_MINUTES_CEILING, `must be at most ${MAX_GRANT_MINUTES_CEILING} minutes (30 days)`),
});

export const GrantBodySchema = z.strictObject({
  systemId: z.uuid(),
  tier: z.enum(PRIVILEGE_TIERS),
  reason: z.string().trim().min(1, 'say why the access is needed').max(2000),
  durationMinutes: z.number().int('must be a whole number of minutes').positive('must be at least 1'),
});
export type GrantInput = z.output<typeof GrantBodySchema>;

export const GrantDecisionBodySchema = z.strictObject({
  outcome: z.enum(['approved', 'rejected']),
  rationale: z.string().trim().max(5000).default(''),
});
export const GrantWithdrawBodySchema = z.strictObject({ rationale: z.string().trim().max(5000).default('') });

export const RevocationsQuerySchema = z.strictObject({ status: z.enum(['open', 'done']).optional() });
export const ConfirmRevocationBodySchema = z.strictObject({
  evidence: z.string().trim().min(1, 'say how the access was removed').max(10_000),
});
export const EvidenceUploadQuerySchema = z.strictObject({ filename: z.string().min(1).max(300) });

export const ReviewBodySchema = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(200),
  systemIds: z.array(z.uuid()).max(500).default([]),
  partyIds: z.array(z.uuid()).max(50).default([]),
  dueAt: Instant,
  obligationOccurrenceId: z.uuid().nullable().default(null),
});
export type ReviewInput = z.output<typeof ReviewBodySchema>;

export const LineDecisionBodySchema = z
  .strictObject({
    outcome: z.enum(REVIEW_OUTCOMES),
    comment: z.string().trim().max(2000).default(''),
  })
  .refine((b) => b.outcome === 'keep' || b.comment.length > 0, {
    path: ['comment'],
    message: 'say why the access is revoked or changed',
  });

export const CompletionQuerySchema = z.strictObject({ since: z.iso.date().optional() });

// ---------- responses ----------

const Person = z.object({ membershipId: z.string(), name: z.string(), partyName: z.string().nullable() });
const Named = z.object({ id: z.string(), name: z.string() });

export const PrivilegedAccountSchema = z.object({
  id: z.string(),
  system: Named,
  accountName: z.string(),
  person: Person.extend({ active: z.boolean() }).nullable(),
  tier: z.enum(PRIVILEGE_TIERS),
  mfa: z.enum(MFA_STATES),
  decision: z.object({ id: z.string(), number: z.number() }).nullable(),
  expiresAt: Timestamp.nullable(),
  breakGlassLastUsedAt: Timestamp.nullable(),
  notes: z.string(),
  status: z.enum(['active', 'revoked']),
  findings: z.array(z.enum(FINDING_KINDS)),
  version: z.number(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type PrivilegedAccountView = z.output<typeof PrivilegedAccountSchema>;

const AbilitiesSchema = z.object({
  manageAccounts: z.boolean(),
  manageSettings: z.boolean(),
  requestGrant: z.boolean(),
  startReview: z.boolean(),
});

export const RegisterResponseSchema = z.object({
  items: z.array(PrivilegedAccountSchema),
  findings: z.record(z.enum(FINDING_KINDS), z.number()),
  systems: z.array(Named),
  people: z.array(Person),
  abilities: AbilitiesSchema,
});
export type RegisterResponse = z.output<typeof RegisterResponseSchema>;
export const AccountResponseSchema = z.object({ account: PrivilegedAccountSchema });

export const SettingsSchema = z.object({ maxGrantMinutes: z.number(), version: z.number() });
export const SettingsResponseSchema = z.object({ settings: SettingsSchema });

export const GrantSchema = z.object({
  id: z.string(),
  key: z.string(),
  number: z.number(),
  system: Named,
  tier: z.enum(PRIVILEGE_TIERS),
  reason: z.string(),
  durationMinutes: z.number(),
  requestedBy: Person,
  decision: z.object({ id: z.string(), number: z.number(), status: z.string() }),
  status: z.enum(GRANT_STATUSES),
  decidedBy: z.string().nullable(),
  decidedAt: Timestamp.nullable(),
  expiresAt: Timestamp.nullable(),
  expiredAt: Timestamp.nullable(),
  createdAt: Timestamp,
  abilities: z.object({ decide: z.boolean(), withdraw: z.boolean() }),
});
export type GrantView = z.output<typeof GrantSchema>;
export const GrantsResponseSchema = z.object({
  items: z.array(GrantSchema),
  maxGrantMinutes: z.number(),
  approver: z.string(),
  systems: z.array(Named),
  abilities: AbilitiesSchema,
});
export type GrantsResponse = z.output<typeof GrantsResponseSchema>;
export const GrantResponseSchema = z.object({ grant: GrantSchema });

export const RevocationTaskSchema = z.object({
  id: z.string(),
  source: z.enum(REVOCATION_SOURCES),
  title: z.string(),
  grantKey: z.string().nullable(),
  accountName: z.string().nullable(),
  systemName: z.string().nullable(),
  responsibleParty: Named,
  status: z.enum(['open', 'done']),
  evidence: z.string().nullable(),
  evidenceFile: z.object({ filename: z.string(), contentType: z.string(), sha256: z.string() }).nullable(),
  confirmedBy: z.string().nullable(),
  confirmedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  abilities: z.object({ confirm: z.boolean() }),
});
export type RevocationTaskView = z.output<typeof RevocationTaskSchema>;
export const RevocationsResponseSchema = z.object({ items: z.array(RevocationTaskSchema) });
export type RevocationsResponse = z.output<typeof RevocationsResponseSchema>;
export const RevocationResponseSchema = z.object({ task: RevocationTaskSchema });

export const ReviewSummarySchema = z.object({
  id: z.string(),
  key: z.string(),
  number: z.number(),
  title: z.string(),
  status: z.enum(ACCESS_REVIEW_STATUSES),
  dueAt: Timestamp,
  completedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  obligationOccurrenceId: z.string().nullable(),
  total: z.number(),
  decided: z.number(),
  revoked: z.number(),
  overdue: z.number(),
  completionRate: z.number(),
});
export type ReviewSummaryView = z.output<typeof ReviewSummarySchema>;

export const ReviewLineSchema = z.object({
  id: z.string(),
  privilegedAccountId: z.string(),
  system: z.string(),
  accountName: z.string(),
  person: z.string().nullable(),
  party: z.string().nullable(),
  tier: z.string(),
  mfa: z.string(),
  reviewer: z.object({ membershipId: z.string(), name: z.string() }),
  outcome: z.enum(REVIEW_OUTCOMES).nullable(),
  comment: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: Timestamp.nullable(),
  overdue: z.boolean(),
  escalatedAt: Timestamp.nullable(),
  /** Findings visible from the line's snapshot (a risk can be raised from them). */
  findings: z.array(z.enum(FINDING_KINDS)),
  abilities: z.object({ decide: z.boolean() }),
});
export type ReviewLineView = z.output<typeof ReviewLineSchema>;

export const ReviewsResponseSchema = z.object({
  items: z.array(ReviewSummarySchema),
  systems: z.array(Named),
  parties: z.array(Named),
  abilities: AbilitiesSchema,
});
export type ReviewsResponse = z.output<typeof ReviewsResponseSchema>;
export const ReviewDetailResponseSchema = z.object({
  review: ReviewSummarySchema,
  lines: z.array(ReviewLineSchema),
  /** The recurring obligation's occurrence the review was started from (its evidence lands there). */
  occurrence: z
    .object({
      id: z.string(),
      obligationKey: z.string(),
      obligationTitle: z.string(),
      dueOn: z.string(),
      status: z.string(),
      path: z.string(),
    })
    .nullable(),
});
export type ReviewDetailResponse = z.output<typeof ReviewDetailResponseSchema>;
export const LineResponseSchema = z.object({ line: ReviewLineSchema, review: ReviewSummarySchema });

export const CompletionResponseSchema = z.object({
  campaigns: z.number(),
  lines: z.number(),
  decided: z.number(),
  completionRate: z.number().nullable(),
});
