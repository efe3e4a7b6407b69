import { z } from 'zod';
import { BACKLOG_PRIORITIES, BACKLOG_SOURCES, BACKLOG_STATUSES } from '../db/schema/backlog.ts';
import { PARTY_KINDS } from '../db/schema/workspaces.ts';
import { checkQuarter } from '../domain/incidents.ts';
import { csvEnumList, keyNumber, Timestamp, WorkspaceParamsSchema } from '../server/http.ts';

/** The backlog's API contract: requests the routes validate and the responses they send. */

export const ItemParamsSchema = WorkspaceParamsSchema.extend({
  number: keyNumber(/^(?:IMP-)?\d{1,9}$/i, 'is not a backlog key such as IMP-7'),
});
export const QuarterSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const check = checkQuarter(value);
    if (!check.ok) ctx.addIssue({ code: 'custom', message: check.message });
  });
const IncidentRefSchema = keyNumber(/^(?:MI-)?\d{1,9}$/i, 'is not an incident key such as MI-3');

export const ListQuerySchema = z.strictObject({
  status: csvEnumList(BACKLOG_STATUSES).optional(),
  source: z.enum(BACKLOG_SOURCES).optional(),
  ownerPartyId: z.uuid().optional(),
});
/** An improvement action's own fields; the incident review adds actions with the same body. */
export const ActionFieldsSchema = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(200),
  why: z.string().trim().max(5000).default(''),
  ownerPartyId: z.uuid(),
  priority: z.enum(BACKLOG_PRIORITIES).default('medium'),
  targetQuarter: QuarterSchema.nullable().optional(),
});
export const CreateBodySchema = ActionFieldsSchema.extend({
  source: z.enum(BACKLOG_SOURCES).default('proposal'),
  sourceIncident: IncidentRefSchema.optional(),
  sourceLabel: z.string().trim().min(1).max(300).nullable().optional(),
});
export const UpdateBodySchema = z.strictObject({
  version: z.number().int().positive(),
  title: z.string().trim().min(1, 'must not be empty').max(200).optional(),
  why: z.string().trim().max(5000).optional(),
  ownerPartyId: z.uuid().optional(),
  priority: z.enum(BACKLOG_PRIORITIES).optional(),
  targetQuarter: QuarterSchema.nullable().optional(),
  sourceLabel: z.string().trim().min(1).max(300).nullable().optional(),
});
export const MoveBodySchema = z.strictObject({
  version: z.number().int().positive(),
  status: z.enum(BACKLOG_STATUSES),
  /** 0-based place in the target column; the end when absent. */
  position: z.number().int().min(0).max(10_000).optional(),
});
export type NewBacklogItemBody = z.input<typeof CreateBodySchema>;
export type UpdateBacklogItemBody = z.input<typeof UpdateBodySchema>;
export type MoveBacklogItemBody = z.input<typeof MoveBodySchema>;

export const BacklogItemSchema = z.object({
  id: z.string(),
  key: z.string(),
  number: z.number(),
  title: z.string(),
  why: z.string(),
  owner: z.object({ partyId: z.string(), name: z.string(), kind: z.enum(PARTY_KINDS) }),
  priority: z.enum(BACKLOG_PRIORITIES),
  status: z.enum(BACKLOG_STATUSES),
  targetQuarter: z.string().nullable(),
  rank: z.number(),
  source: z.object({
    kind: z.enum(BACKLOG_SOURCES),
    id: z.string().nullable(),
    label: z.string().nullable(),
    link: z.string().nullable(),
  }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number(),
  abilities: z.object({ update: z.boolean(), prioritise: z.boolean() }),
});
export type BacklogItemView = z.output<typeof BacklogItemSchema>;
export const BacklogListSchema = z.object({
  items: z.array(BacklogItemSchema),
  statuses: z.array(z.enum(BACKLOG_STATUSES)),
  abilities: z.object({ create: z.boolean() }),
});
export type BacklogList = z.output<typeof BacklogListSchema>;
export const BacklogItemResponseSchema = z.object({ item: BacklogItemSchema });

/** A backlog item as the record it was raised from lists it (a risk's treatment, a service review). */
export const RaisedActionSchema = z.object({
  id: z.string(),
  key: z.string(),
  title: z.string(),
  status: z.string(),
  priority: z.string(),
  ownerPartyName: z.string().nullable(),
});
