import { z } from 'zod';
import { LEVELS } from '../domain/tickets.ts';
import { ItemsSchema, Timestamp, WorkspaceIdParamsSchema } from '../server/http.ts';

export const TemplateParamsSchema = WorkspaceIdParamsSchema;

const Fields = {
  subject: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  description: z.string().max(100_000, 'must be at most 100,000 characters'),
  serviceId: z.uuid().nullable(),
  impact: z.enum(LEVELS).nullable(),
  urgency: z.enum(LEVELS).nullable(),
  category: z.string().trim().min(1).max(100).nullable(),
  fieldValues: z
    .record(z.string().max(100), z.unknown())
    .refine((f) => Object.keys(f).length <= 50, 'at most 50 field values'),
};
const Title = z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters');

export const CreateTemplateBodySchema = z.strictObject({
  title: Title,
  subject: Fields.subject,
  description: Fields.description.default(''),
  serviceId: Fields.serviceId.default(null),
  impact: Fields.impact.default(null),
  urgency: Fields.urgency.default(null),
  category: Fields.category.default(null),
  fieldValues: Fields.fieldValues.default({}),
  /** workspace: every staff member; party: the author's party only. */
  scope: z.enum(['workspace', 'party']).default('party'),
});
export type CreateTemplateInput = z.output<typeof CreateTemplateBodySchema>;

export const UpdateTemplateBodySchema = z.strictObject({
  version: z.number().int().positive(),
  title: Title.optional(),
  subject: Fields.subject.optional(),
  description: Fields.description.optional(),
  serviceId: Fields.serviceId.optional(),
  impact: Fields.impact.optional(),
  urgency: Fields.urgency.optional(),
  category: Fields.category.optional(),
  fieldValues: Fields.fieldValues.optional(),
});
export type UpdateTemplateInput = z.output<typeof UpdateTemplateBodySchema>;

export const TicketTemplateSchema = z.object({
  id: z.string(),
  title: z.string(),
  scope: z.enum(['workspace', 'party']),
  partyId: z.string().nullable(),
  subject: z.string(),
  description: z.string(),
  service: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  impact: z.enum(LEVELS).nullable(),
  urgency: z.enum(LEVELS).nullable(),
  category: z.string().nullable(),
  fieldValues: z.record(z.string(), z.unknown()),
  updatedAt: Timestamp,
  version: z.number().int(),
  abilities: z.object({ update: z.boolean(), delete: z.boolean() }),
});
export type TicketTemplateView = z.output<typeof TicketTemplateSchema>;

export const TemplateListSchema = ItemsSchema(TicketTemplateSchema).extend({
  abilities: z.object({ createForParty: z.boolean(), createForWorkspace: z.boolean() }),
});
export const TemplateAnswerSchema = z.object({ template: TicketTemplateSchema });
