import { z } from 'zod';
import { PROBLEM_STATUSES, WORKAROUND_KINDS } from '../domain/problems.ts';
import { TICKET_STATUSES } from '../domain/tickets.ts';
import { ArticleRefSchema } from '../knowledge/contract.ts';
import {
  csvEnumList,
  IdParamsSchema,
  keyNumber,
  NamedRef,
  TicketKeySchema,
  Timestamp,
  WorkspaceParamsSchema,
} from '../server/http.ts';

/** Problems' API contract: problem records, recurrence proposals and runs. */

export const ProblemParamsSchema = WorkspaceParamsSchema.extend({
  number: keyNumber(/^(?:PRB-)?\d{1,9}$/i, 'is not a problem key such as PRB-4'),
});
export const ProblemTicketParamsSchema = ProblemParamsSchema.extend({ key: TicketKeySchema });
export const ProposalParamsSchema = IdParamsSchema;
const DateSchema = z.iso.date({ message: 'must be a date such as 2026-12-31' });
const fields = {
  title: z.string().trim().min(1, 'must not be empty').max(200),
  description: z.string().max(20_000).optional(),
  serviceId: z.uuid().nullable().optional(),
  ownerPartyId: z.uuid().optional(),
  rootCause: z.string().max(20_000).optional(),
  workaround: z.string().max(20_000).optional(),
  workaroundKind: z.enum(WORKAROUND_KINDS).optional(),
  workaroundExpiresOn: DateSchema.nullable().optional(),
  knownError: z.boolean().optional(),
  resolution: z.string().max(20_000).optional(),
  status: z.enum(PROBLEM_STATUSES).optional(),
};
export const CreateBodySchema = z.strictObject({
  ...fields,
  tickets: z.array(TicketKeySchema).max(200).optional(),
});
export const UpdateBodySchema = z.strictObject({
  ...fields,
  title: fields.title.optional(),
  version: z.number().int().positive(),
});
export const ListQuerySchema = z.strictObject({
  status: csvEnumList(PROBLEM_STATUSES).optional(),
  knownError: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  q: z.string().trim().min(1).max(200).optional(),
});
export const LinkTicketBodySchema = z.strictObject({ ticket: TicketKeySchema });
export const AcceptBodySchema = z.strictObject({
  title: fields.title.optional(),
  ownerPartyId: z.uuid().optional(),
  rootCause: fields.rootCause,
  workaround: fields.workaround,
  workaroundKind: fields.workaroundKind,
  workaroundExpiresOn: fields.workaroundExpiresOn,
  knownError: fields.knownError,
});
export const DismissBodySchema = z.strictObject({
  reason: z.string().trim().min(1, 'say why it is not a problem').max(2000),
});
export const PROPOSAL_STATUSES = ['proposed', 'accepted', 'dismissed'] as const;
export const ProposalQuerySchema = z.strictObject({
  status: z.enum(PROPOSAL_STATUSES).default('proposed'),
});
export type NewProblemBody = z.input<typeof CreateBodySchema>;
export type UpdateProblemBody = z.input<typeof UpdateBodySchema>;
export type AcceptProposalBody = z.input<typeof AcceptBodySchema>;

/** A ticket as problems list it (only tickets the reader may see). */
const TicketRefSchema = z.object({
  id: z.string(),
  key: z.string(),
  number: z.number(),
  subject: z.string(),
  status: z.enum(TICKET_STATUSES),
  createdAt: Timestamp,
});

export const ProblemAbilitiesSchema = z.object({ manage: z.boolean(), runDetection: z.boolean() });
export const ProblemSchema = z.object({
  id: z.string(),
  key: z.string(),
  number: z.number(),
  title: z.string(),
  description: z.string(),
  status: z.enum(PROBLEM_STATUSES),
  service: NamedRef.nullable(),
  ownerParty: NamedRef,
  rootCause: z.string(),
  workaround: z.string(),
  workaroundKind: z.enum(WORKAROUND_KINDS),
  /** A calendar date (YYYY-MM-DD). */
  workaroundExpiresOn: z.string().nullable(),
  knownError: z.boolean(),
  resolution: z.string(),
  resolvedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number(),
});
export type ProblemView = z.output<typeof ProblemSchema>;
export const ProblemListSchema = z.object({
  items: z.array(ProblemSchema.extend({ ticketCount: z.number() })),
  abilities: ProblemAbilitiesSchema,
});
export type ProblemList = z.output<typeof ProblemListSchema>;
export const ProblemResponseSchema = z.object({ problem: ProblemSchema });

const MeasureFields = {
  before: z.number(),
  after: z.number(),
  windowDays: z.number(),
  daysObservedAfter: z.number(),
};
export const ProblemDetailSchema = z.object({
  problem: ProblemSchema,
  tickets: z.array(TicketRefSchema.extend({ priority: z.string() })),
  articles: z.array(ArticleRefSchema),
  measure: z.object(MeasureFields).nullable(),
  abilities: ProblemAbilitiesSchema,
});
export type ProblemDetail = z.output<typeof ProblemDetailSchema>;
export const LinkedTicketSchema = z.object({
  ticket: z.object({ key: z.string(), number: z.number(), subject: z.string() }),
});
export const MeasuresSchema = z.object({
  items: z.array(
    z.object({
      problem: z.object({ number: z.number(), title: z.string(), resolvedAt: Timestamp.nullable() }),
      service: NamedRef.nullable(),
      ...MeasureFields,
    }),
  ),
});
export type ProblemMeasures = z.output<typeof MeasuresSchema>;

export const ProposalSchema = z.object({
  id: z.string(),
  title: z.string(),
  scope: z.object({ kind: z.enum(['service', 'asset']), id: z.string(), name: z.string().nullable() }),
  averageSimilarity: z.number(),
  evidence: z.object({
    pairs: z.array(z.object({ a: z.string(), b: z.string(), similarity: z.number() })),
  }),
  tickets: z.array(TicketRefSchema),
  status: z.enum(PROPOSAL_STATUSES),
  problemId: z.string().nullable(),
  dismissReason: z.string().nullable(),
  createdAt: Timestamp,
  decidedAt: Timestamp.nullable(),
});
export type ProposalView = z.output<typeof ProposalSchema>;
export const ProposalListSchema = z.object({
  items: z.array(ProposalSchema),
  abilities: ProblemAbilitiesSchema,
});
export const DismissedSchema = z.object({ dismissed: z.literal(true) });

/** One pass of the recurrence job (a presenter's pick, not the stored row). */
export const RecurrenceRunSchema = z.object({
  id: z.string(),
  startedAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  windowDays: z.number(),
  ticketsScanned: z.number(),
  groupsFound: z.number(),
  proposalsCreated: z.number(),
  durationMs: z.number().nullable(),
});
export type RecurrenceRunView = z.output<typeof RecurrenceRunSchema>;
export const RecurrenceRunListSchema = z.object({ items: z.array(RecurrenceRunSchema) });
export const QueuedSchema = z.object({ queued: z.literal(true) });
