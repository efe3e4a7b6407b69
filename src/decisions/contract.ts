import { z } from 'zod';
import { DECIDERS, DECISION_STATUSES } from '../db/schema/decisions.ts';
import {
  cursorQuery,
  ItemsSchema,
  PageSchema,
  PartyKindSchema,
  Timestamp,
  WorkspaceIdParamsSchema,
  WorkspaceParamsSchema,
} from '../server/http.ts';

export const DecisionNumberParamsSchema = WorkspaceParamsSchema.extend({
  number: z.coerce.number().int().positive(),
});
export const DecisionTypeParamsSchema = WorkspaceIdParamsSchema;
const Text = (max: number) => z.string().trim().max(max);
export const ProposeBodySchema = z.strictObject({
  typeKey: z.string().min(1).max(100),
  title: z.string().trim().min(1, 'must not be empty').max(200),
  context: Text(20_000).default(''),
  options: z
    .array(z.strictObject({ label: z.string().trim().min(1).max(200), description: Text(5000).default('') }))
    .max(10)
    .default([]),
  recommendation: Text(5000).default(''),
  links: z
    .array(
      z.strictObject({
        label: z.string().trim().min(1).max(200),
        url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }),
      }),
    )
    .max(20)
    .default([]),
  serviceId: z.uuid().optional(),
});
export const DecisionListQuerySchema = z.strictObject({
  status: z.enum(DECISION_STATUSES).optional(),
  typeKey: z.string().max(100).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  awaitingMe: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  ...cursorQuery(50, 200),
});
export const CommentBodySchema = z.strictObject({
  body: z.string().trim().min(1, 'must not be empty').max(20_000),
});
export const DecideBodySchema = z.strictObject({
  rationale: z.string().trim().min(1, 'record why').max(20_000),
});
export const DelegationBodySchema = z.strictObject({
  version: z.number().int().positive(),
  decider: z.enum(DECIDERS),
  delegateMembershipId: z.uuid().nullable().optional(),
  delegatePartyId: z.uuid().nullable().optional(),
  reason: z.string().trim().min(1, 'say why the right moves').max(2000),
});

// ---------- responses ----------

export const DecisionStatusSchema = z.enum(DECISION_STATUSES);
export type DecisionStatus = z.output<typeof DecisionStatusSchema>;
export const DeciderSchema = z.enum(DECIDERS);
export type Decider = z.output<typeof DeciderSchema>;

export const DecisionTypeSchema = z.object({
  id: z.string(),
  key: z.string().meta({ example: 'change-provider' }),
  name: z.string(),
  description: z.string(),
  proposerKinds: z.array(PartyKindSchema),
  consultedKinds: z.array(PartyKindSchema),
  urgency: z.string(),
  recordWithDecision: z.array(z.string()),
  whyInternalDecides: z.string(),
  decider: DeciderSchema,
  delegateMembershipId: z.string().nullable(),
  delegatePartyId: z.string().nullable(),
  deciderDescription: z.string().meta({ example: 'the internal IT lead' }),
  version: z.number().int(),
});
export type DecisionType = z.output<typeof DecisionTypeSchema>;

export const DecisionAbilitiesSchema = z.object({
  decide: z.boolean(),
  withdraw: z.boolean(),
  comment: z.boolean(),
});
export type DecisionAbilities = z.output<typeof DecisionAbilitiesSchema>;

export const DecisionSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  key: z.string().meta({ example: 'DEC-12' }),
  type: z.object({ key: z.string(), name: z.string() }),
  title: z.string(),
  context: z.string(),
  options: z.array(z.object({ label: z.string(), description: z.string() })),
  recommendation: z.string(),
  links: z.array(z.object({ label: z.string(), url: z.string() })),
  serviceId: z.string().nullable(),
  status: DecisionStatusSchema,
  createdAt: Timestamp,
  decidedAt: Timestamp.nullable(),
  rationale: z.string().nullable(),
  version: z.number().int(),
});
export type Decision = z.output<typeof DecisionSchema>;

export const DecisionListItemSchema = DecisionSchema.extend({
  proposedBy: z.string().nullable(),
  abilities: DecisionAbilitiesSchema,
});
export type DecisionListItem = z.output<typeof DecisionListItemSchema>;

export const DecisionCommentSchema = z.object({
  id: z.string(),
  author: z.string().nullable(),
  body: z.string(),
  createdAt: Timestamp,
});
export type DecisionComment = z.output<typeof DecisionCommentSchema>;

export const DecisionDetailSchema = z.object({
  decision: DecisionSchema.extend({ proposedBy: z.string().nullable(), decidedBy: z.string().nullable() }),
  decisionType: DecisionTypeSchema,
  comments: z.array(DecisionCommentSchema),
  abilities: DecisionAbilitiesSchema,
});
export type DecisionDetail = z.output<typeof DecisionDetailSchema>;

export const DecisionTypesSchema = ItemsSchema(DecisionTypeSchema);
export const DecisionTypeAnswerSchema = z.object({ decisionType: DecisionTypeSchema });
export const DecisionPageSchema = PageSchema(DecisionListItemSchema);
export const DecisionAnswerSchema = z.object({ decision: DecisionSchema });
export const DecisionCommentAnswerSchema = z.object({
  comment: z.object({ id: z.string(), body: z.string(), createdAt: Timestamp }),
});
export const DecisionLogCsvSchema = z.string().meta({ description: 'The decision log as CSV (text/csv).' });
