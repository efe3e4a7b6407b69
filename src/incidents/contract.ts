import { z } from 'zod';
import { BacklogItemSchema } from '../backlog/contract.ts';
import {
  INCIDENT_EVENT_KINDS,
  INCIDENT_STATUSES,
  REVIEW_STATUSES,
  UPDATE_VISIBILITIES,
} from '../db/schema/incidents.ts';
import { MAX_CADENCE_MINUTES, MIN_CADENCE_MINUTES } from '../domain/incidents.ts';
import { PRIORITIES, TICKET_STATUSES } from '../domain/tickets.ts';
import { keyNumber, Timestamp, WorkspaceParamsSchema } from '../server/http.ts';

/** Major incidents' API contract: requests the routes validate and the responses they send. */

export const IncidentParamsSchema = WorkspaceParamsSchema.extend({
  key: keyNumber(/^(?:MI-)?\d{1,9}$/i, 'is not an incident key such as MI-3'),
});
export const SubscriberParamsSchema = IncidentParamsSchema.extend({ membershipId: z.uuid() });
const Cadence = z
  .number()
  .int()
  .min(MIN_CADENCE_MINUTES, `must be at least ${MIN_CADENCE_MINUTES} minutes`)
  .max(MAX_CADENCE_MINUTES, `must be at most ${MAX_CADENCE_MINUTES} minutes`);
const TicketKeys = z
  .array(z.string().trim().min(1).max(30))
  .min(1, 'name at least one ticket')
  .max(50, 'at most 50 tickets at once');
export const ListQuerySchema = z.strictObject({ status: z.enum(INCIDENT_STATUSES).optional() });
export const DeclareBodySchema = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(200),
  impact: z.string().trim().max(5000).default(''),
  ticketKeys: TicketKeys,
  commanderMembershipId: z.uuid().optional(),
  communicationsLeadMembershipId: z.uuid().optional(),
  updateCadenceMinutes: Cadence.default(30),
  rationale: z.string().trim().max(5000).default(''),
});
export const ChangeBodySchema = z.strictObject({
  version: z.number().int().positive(),
  title: z.string().trim().min(1, 'must not be empty').max(200).optional(),
  impact: z.string().trim().max(5000).optional(),
  commanderMembershipId: z.uuid().optional(),
  communicationsLeadMembershipId: z.uuid().nullable().optional(),
  updateCadenceMinutes: Cadence.optional(),
});
export const LinkTicketsBodySchema = z.strictObject({ ticketKeys: TicketKeys });
export const UpdateBodySchema = z.strictObject({
  body: z.string().trim().min(1, 'must not be empty').max(10_000),
  visibility: z.enum(UPDATE_VISIBILITIES).default('public'),
});
export const SubscribeBodySchema = z.strictObject({ membershipId: z.uuid().optional() });
export const ResolveBodySchema = z.strictObject({
  version: z.number().int().positive(),
  resolution: z.string().trim().min(1, 'say how it was resolved').max(10_000),
});
const ReviewText = z.string().trim().max(50_000).default('');
export const ReviewBodySchema = z.strictObject({
  version: z.number().int().positive().optional(),
  whatHappened: ReviewText,
  impact: ReviewText,
  timeline: ReviewText,
  causes: ReviewText,
  wentWell: ReviewText,
});
export const VersionBodySchema = z.strictObject({ version: z.number().int().positive() });
export type DeclareIncidentBody = z.input<typeof DeclareBodySchema>;
export type ChangeIncidentBody = z.input<typeof ChangeBodySchema>;
export type IncidentUpdateBody = z.input<typeof UpdateBodySchema>;
export type ReviewBody = z.input<typeof ReviewBodySchema>;

const Person = z.object({ membershipId: z.string(), name: z.string().nullable() });

export const IncidentSummarySchema = z.object({
  id: z.string(),
  key: z.string(),
  number: z.number(),
  title: z.string(),
  impact: z.string(),
  status: z.enum(INCIDENT_STATUSES),
  declaredAt: Timestamp,
  commander: Person.nullable(),
  communicationsLead: Person.nullable(),
  updateCadenceMinutes: z.number(),
  nextUpdateDueAt: Timestamp.nullable(),
  updateOverdue: z.boolean(),
  resolvedAt: Timestamp.nullable(),
  resolution: z.string().nullable(),
  version: z.number(),
});
export const IncidentListItemSchema = IncidentSummarySchema.extend({
  ticketCount: z.number(),
  lastUpdateAt: Timestamp.nullable(),
});
export type IncidentListItem = z.output<typeof IncidentListItemSchema>;
export const IncidentListSchema = z.object({
  items: z.array(IncidentListItemSchema),
  abilities: z.object({ declare: z.boolean() }),
  declareRightHolder: z.string(),
});
export type IncidentList = z.output<typeof IncidentListSchema>;

export const IncidentUpdateSchema = z.object({
  id: z.string(),
  body: z.string(),
  visibility: z.enum(UPDATE_VISIBILITIES),
  author: Person.nullable(),
  createdAt: Timestamp,
});
export const IncidentEventSchema = z.object({
  id: z.string(),
  kind: z.enum(INCIDENT_EVENT_KINDS),
  at: Timestamp,
  actor: Person.nullable(),
  text: z.string(),
});
export const IncidentReviewSchema = z.object({
  whatHappened: z.string(),
  impact: z.string(),
  timeline: z.string(),
  causes: z.string(),
  wentWell: z.string(),
  status: z.enum(REVIEW_STATUSES),
  completedAt: Timestamp.nullable(),
  completedBy: Person.nullable(),
  updatedAt: Timestamp,
  version: z.number(),
});
export type IncidentReviewView = z.output<typeof IncidentReviewSchema>;
export const IncidentAbilitiesSchema = z.object({
  postUpdate: z.boolean(),
  linkTickets: z.boolean(),
  changeRoles: z.boolean(),
  resolve: z.boolean(),
  subscribeOthers: z.boolean(),
  writeReview: z.boolean(),
  completeReview: z.boolean(),
});
export const IncidentDetailSchema = IncidentSummarySchema.extend({
  declaredBy: Person.nullable(),
  resolvedBy: Person.nullable(),
  decisionId: z.string().nullable(),
  tickets: z.array(
    z.object({
      key: z.string(),
      subject: z.string(),
      status: z.enum(TICKET_STATUSES),
      priority: z.enum(PRIORITIES),
      linkedAt: Timestamp,
    }),
  ),
  updates: z.array(IncidentUpdateSchema),
  subscribers: z.array(Person),
  subscribed: z.boolean(),
  timeline: z.array(IncidentEventSchema),
  review: IncidentReviewSchema.nullable(),
  abilities: IncidentAbilitiesSchema,
});
export type IncidentDetail = z.output<typeof IncidentDetailSchema>;
/** An incident's page: the incident and the improvement actions its review produced. */
export const IncidentPageSchema = z.object({
  incident: IncidentDetailSchema,
  actions: z.array(BacklogItemSchema),
});
export type IncidentPage = z.output<typeof IncidentPageSchema>;
export const LinkTicketsResponseSchema = IncidentPageSchema.extend({ added: z.number() });
export const BannerSchema = z.object({
  items: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      declaredAt: Timestamp,
      latestUpdate: z.object({ body: z.string(), createdAt: Timestamp }).nullable(),
      subscribed: z.boolean(),
    }),
  ),
});
export type IncidentBanner = z.output<typeof BannerSchema>;
export const SubscriptionSchema = z.object({ subscribed: z.boolean(), membershipId: z.string() });
export const ReviewResponseSchema = z.object({ review: IncidentReviewSchema.nullable() });
export const ReviewActionResponseSchema = z.object({
  item: BacklogItemSchema,
  actions: z.array(BacklogItemSchema),
});
