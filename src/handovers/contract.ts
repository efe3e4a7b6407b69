import { z } from 'zod';
import { ArticleRefSchema } from '../knowledge/contract.ts';
import { IdParamsSchema, Timestamp } from '../server/http.ts';

/** Knowledge-transfer sessions' API contract. */

export const SessionParamsSchema = IdParamsSchema;
const ids = z.array(z.uuid()).max(50);
const AttendeesSchema = z.array(z.strictObject({ membershipId: z.uuid(), attended: z.boolean() })).max(200);
const fields = {
  topic: z.string().trim().min(1, 'must not be empty').max(200),
  heldAt: z.coerce.date({ message: 'must be a date and time' }),
  presenterPartyId: z.uuid(),
  serviceIds: ids.optional(),
  systemIds: ids.optional(),
  articleIds: ids.optional(),
  notes: z.string().max(50_000).optional(),
  attendees: AttendeesSchema.optional(),
};
export const CreateBodySchema = z.strictObject(fields);
export const UpdateBodySchema = z.strictObject({
  topic: fields.topic.optional(),
  heldAt: fields.heldAt.optional(),
  presenterPartyId: fields.presenterPartyId.optional(),
  serviceIds: fields.serviceIds,
  systemIds: fields.systemIds,
  articleIds: fields.articleIds,
  notes: fields.notes,
  attendees: fields.attendees,
  version: z.number().int().positive(),
});
export type NewHandoverBody = z.input<typeof CreateBodySchema>;
export type UpdateHandoverBody = z.input<typeof UpdateBodySchema>;

export const HandoverAbilitiesSchema = z.object({ manage: z.boolean() });
export const SessionSchema = z.object({
  id: z.string(),
  topic: z.string(),
  heldAt: Timestamp,
  presenterParty: z.object({ id: z.string(), name: z.string().nullable() }),
  serviceIds: z.array(z.string()),
  systemIds: z.array(z.string()),
  articleIds: z.array(z.string()),
  notes: z.string(),
  createdAt: Timestamp,
  version: z.number(),
});
export type HandoverSessionView = z.output<typeof SessionSchema>;
export const SessionListSchema = z.object({
  items: z.array(SessionSchema.extend({ invited: z.number(), attended: z.number() })),
  abilities: HandoverAbilitiesSchema,
});
export type HandoverList = z.output<typeof SessionListSchema>;
export const SessionResponseSchema = z.object({ session: SessionSchema });
const Ref = z.object({ id: z.string(), name: z.string() });
export const SessionDetailSchema = z.object({
  session: SessionSchema,
  services: z.array(Ref),
  systems: z.array(Ref),
  articles: z.array(ArticleRefSchema),
  attendees: z.array(z.object({ membershipId: z.string(), attended: z.boolean(), name: z.string() })),
  abilities: HandoverAbilitiesSchema,
});
export type HandoverDetail = z.output<typeof SessionDetailSchema>;
export const AttendanceSchema = z.object({
  items: z.array(
    z.object({
      personId: z.string(),
      name: z.string().nullable(),
      invited: z.number(),
      attended: z.number(),
      rate: z.number(),
      lastAttendedAt: Timestamp.nullable(),
    }),
  ),
});
export type Attendance = z.output<typeof AttendanceSchema>;
