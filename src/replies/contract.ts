import { z } from 'zod';
import { COMMENT_VISIBILITIES } from '../db/schema/tickets.ts';
import { PLACEHOLDERS, unknownPlaceholders } from '../domain/placeholders.ts';
import { ItemsSchema, TicketKeySchema, Timestamp, WorkspaceIdParamsSchema } from '../server/http.ts';

export const CannedResponseParamsSchema = WorkspaceIdParamsSchema;

const Body = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(20_000, 'must be at most 20,000 characters')
  .refine((body) => unknownPlaceholders(body).length === 0, {
    error: (issue) =>
      `unknown placeholder ${unknownPlaceholders(String(issue.input))
        .map((p) => `{{${p}}}`)
        .join(', ')}; use ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
  });

export const CannedResponseListQuerySchema = z.strictObject({
  q: z.string().trim().max(100).optional(),
});
export const CreateCannedResponseBodySchema = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(120),
  body: Body,
  visibility: z.enum(COMMENT_VISIBILITIES).default('public'),
  /** workspace: every staff member; party: the author's party only. */
  scope: z.enum(['workspace', 'party']).default('party'),
});
export const UpdateCannedResponseBodySchema = z.strictObject({
  version: z.number().int().positive(),
  title: z.string().trim().min(1, 'must not be empty').max(120).optional(),
  body: Body.optional(),
  visibility: z.enum(COMMENT_VISIBILITIES).optional(),
});
export const UseCannedResponseBodySchema = z.strictObject({ ticket: TicketKeySchema });

export const CannedResponseAbilitiesSchema = z.object({ update: z.boolean(), delete: z.boolean() });
export const CannedResponseSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  visibility: z.enum(COMMENT_VISIBILITIES),
  scope: z.enum(['workspace', 'party']),
  partyId: z.string().nullable(),
  usageCount: z.number().int(),
  updatedAt: Timestamp,
  version: z.number().int(),
  abilities: CannedResponseAbilitiesSchema,
});
export type CannedResponseView = z.output<typeof CannedResponseSchema>;
export const CannedResponseListSchema = ItemsSchema(CannedResponseSchema).extend({
  placeholders: z.array(z.string()),
  abilities: z.object({ createForParty: z.boolean(), createForWorkspace: z.boolean() }),
});
export const CannedResponseAnswerSchema = z.object({ cannedResponse: CannedResponseSchema });
/** The body filled for one ticket, ready for the reply box. */
export const FilledReplySchema = z.object({
  body: z.string(),
  visibility: z.enum(COMMENT_VISIBILITIES),
  usageCount: z.number().int(),
});
export type FilledReply = z.output<typeof FilledReplySchema>;
