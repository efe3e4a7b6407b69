import { z } from 'zod';
import { RaisedActionSchema } from '../backlog/contract.ts';
import {
  ACCEPTANCE_STATES,
  RISK_LEVELS,
  RISK_SOURCE_KINDS,
  RISK_STATUSES,
  RISK_TREATMENTS,
} from '../domain/risks.ts';
import { csvEnumList, Timestamp, WorkspaceParamsSchema } from '../server/http.ts';

// ---- Requests ----

export const RiskParamsSchema = WorkspaceParamsSchema.extend({
  key: z
    .string()
    .regex(/^(?:RISK-)?\d{1,9}$/i, 'is not a risk key such as RISK-3')
    .transform((k) => Number(k.split('-').pop())),
});

const Score = z.number().int().min(1, 'must be 1 to 5').max(5, 'must be 1 to 5');
const IsoDate = z.iso.date('must be a date (YYYY-MM-DD)');
const Text = (max: number) => z.string().trim().max(max);

const RiskFields = {
  title: z.string().trim().min(1, 'must not be empty').max(200),
  description: Text(10_000).default(''),
  csfCategory: z.string().trim().max(10).nullable().optional(),
  ceControl: z.string().trim().max(60).nullable().optional(),
  customCategory: Text(100).nullable().optional(),
  systemIds: z.array(z.uuid()).max(50).default([]),
  serviceIds: z.array(z.uuid()).max(50).default([]),
  inherentLikelihood: Score,
  inherentImpact: Score,
  residualLikelihood: Score,
  residualImpact: Score,
  treatment: z.enum(RISK_TREATMENTS).default('mitigate'),
  treatmentPartyId: z.uuid().nullable().optional(),
  ownerMembershipId: z.uuid(),
  reviewOn: IsoDate.nullable().optional(),
};

export const CreateRiskBodySchema = z.strictObject({
  ...RiskFields,
  /** Raised from a problem (PRB-3), a major incident (MI-2) or an obligation (OBL-4). */
  source: z
    .strictObject({
      kind: z.enum(RISK_SOURCE_KINDS),
      key: z
        .string()
        .trim()
        .regex(/^(?:[A-Za-z]+-)?\d{1,9}$/, 'is not a key such as PRB-3'),
    })
    .optional(),
});
export type CreateRiskBody = z.output<typeof CreateRiskBodySchema>;

export const UpdateRiskBodySchema = z.strictObject({
  version: z.number().int().positive(),
  title: RiskFields.title.optional(),
  description: Text(10_000).optional(),
  csfCategory: RiskFields.csfCategory,
  ceControl: RiskFields.ceControl,
  customCategory: RiskFields.customCategory,
  systemIds: z.array(z.uuid()).max(50).optional(),
  serviceIds: z.array(z.uuid()).max(50).optional(),
  inherentLikelihood: Score.optional(),
  inherentImpact: Score.optional(),
  residualLikelihood: Score.optional(),
  residualImpact: Score.optional(),
  treatment: z.enum(RISK_TREATMENTS).optional(),
  treatmentPartyId: z.uuid().nullable().optional(),
  ownerMembershipId: z.uuid().optional(),
  reviewOn: IsoDate.nullable().optional(),
  status: z.enum(RISK_STATUSES).optional(),
});
export type UpdateRiskBody = z.output<typeof UpdateRiskBodySchema>;

export const AcceptRiskBodySchema = z.strictObject({
  version: z.number().int().positive(),
  expiresAt: z.iso.datetime({ offset: true, message: 'must be a date and time (ISO 8601)' }),
  rationale: z.string().trim().min(1, 'say why the residual risk is acceptable').max(5000),
});

export const RiskActionBodySchema = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(200),
  why: Text(5000).default(''),
  ownerPartyId: z.uuid(),
  priority: z.enum(['high', 'medium', 'low']).default('medium'),
});

const ChangeKey = z
  .string()
  .trim()
  .regex(/^(?:CHG-)?\d{1,9}$/i, 'is not a change key such as CHG-3')
  .transform((k) => Number(k.split('-').pop()));

/** Links a change record (CHG-4) to the risk as a treatment action. */
export const LinkRiskChangeBodySchema = z.strictObject({ change: ChangeKey });
export const RiskChangeParamsSchema = RiskParamsSchema.extend({ change: ChangeKey });

export const RiskListQuerySchema = z.strictObject({
  status: csvEnumList(RISK_STATUSES).optional(),
  level: csvEnumList(RISK_LEVELS).optional(),
});

// ---- Responses ----

const Person = z.object({ membershipId: z.string(), name: z.string().nullable() }).nullable();
const Rating = z.object({
  likelihood: z.number(),
  impact: z.number(),
  score: z.number(),
  level: z.enum(RISK_LEVELS),
});
const HeatCell = z.object({
  likelihood: z.number(),
  impact: z.number(),
  level: z.enum(RISK_LEVELS),
  count: z.number(),
});

export const RiskSummarySchema = z.object({
  id: z.string(),
  key: z.string(),
  number: z.number(),
  title: z.string(),
  category: z.object({
    csf: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
    cyberEssentials: z.object({ key: z.string(), name: z.string().nullable() }).nullable(),
    custom: z.string().nullable(),
  }),
  inherent: Rating,
  residual: Rating,
  treatment: z.enum(RISK_TREATMENTS),
  owner: Person,
  reviewOn: z.string().nullable(),
  reviewOverdue: z.boolean(),
  status: z.enum(RISK_STATUSES),
  acceptance: z.enum(ACCEPTANCE_STATES),
  acceptedUntil: Timestamp.nullable(),
  source: z
    .object({ kind: z.enum(RISK_SOURCE_KINDS), key: z.string(), title: z.string(), path: z.string() })
    .nullable(),
  updatedAt: Timestamp,
  version: z.number(),
});
export type RiskSummary = z.output<typeof RiskSummarySchema>;

export const RiskListResponseSchema = z.object({
  items: z.array(RiskSummarySchema),
  heatMap: z.object({ inherent: z.array(z.array(HeatCell)), residual: z.array(z.array(HeatCell)) }),
  abilities: z.object({ create: z.boolean() }),
  acceptRightHolder: z.string(),
});
export type RiskListResponse = z.output<typeof RiskListResponseSchema>;

export const RiskDetailSchema = RiskSummarySchema.extend({
  description: z.string(),
  systems: z.array(z.object({ id: z.string(), name: z.string() })),
  services: z.array(z.object({ id: z.string(), name: z.string() })),
  treatmentParty: z.object({ id: z.string(), name: z.string() }).nullable(),
  acceptedAt: Timestamp.nullable(),
  acceptedBy: Person,
  acceptanceDecision: z.object({ id: z.string(), key: z.string() }).nullable(),
  actions: z.array(RaisedActionSchema),
  /** Change records carrying out part of the treatment, with their status. */
  changes: z.array(
    z.object({ id: z.string(), key: z.string(), title: z.string(), status: z.string(), path: z.string() }),
  ),
  createdAt: Timestamp,
  abilities: z.object({
    edit: z.boolean(),
    addAction: z.boolean(),
    close: z.boolean(),
    accept: z.boolean(),
  }),
  acceptRightHolder: z.string(),
});
export type RiskDetail = z.output<typeof RiskDetailSchema>;
export const RiskResponseSchema = z.object({ risk: RiskDetailSchema });
export type RiskResponse = z.output<typeof RiskResponseSchema>;

export const RiskCategoriesResponseSchema = z.object({
  csfFunctions: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      categories: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
  ),
  cyberEssentialsControls: z.array(z.object({ key: z.string(), name: z.string() })),
});
export type RiskCategoriesResponse = z.output<typeof RiskCategoriesResponseSchema>;
