import { z } from 'zod';
import { MACRO_ASSIGNS, MACRO_HANDOFFS } from '../domain/macros.ts';
import { TICKET_STATUSES } from '../domain/tickets.ts';
import { ItemsSchema, TicketKeySchema, Timestamp, WorkspaceIdParamsSchema } from '../server/http.ts';

export const MacroParamsSchema = WorkspaceIdParamsSchema;

const Title = z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters');
const Reason = z.string().trim().min(1, 'say why the ticket moves').max(2000);

/** What a macro does; every part optional, at least one present (checked in the service). */
const Effects = {
  status: z.enum(TICKET_STATUSES).nullable().optional(),
  assign: z.enum(MACRO_ASSIGNS).nullable().optional(),
  handoff: z.enum(MACRO_HANDOFFS).nullable().optional(),
  handoffPartyId: z.uuid().nullable().optional(),
  handoffReason: Reason.nullable().optional(),
  cannedResponseId: z.uuid().nullable().optional(),
};

export const CreateMacroBodySchema = z.strictObject({
  title: Title,
  ...Effects,
  /** workspace: every staff member; party: the author's party only. */
  scope: z.enum(['workspace', 'party']).default('party'),
});
export type CreateMacroInput = z.output<typeof CreateMacroBodySchema>;

export const UpdateMacroBodySchema = z.strictObject({
  version: z.number().int().positive(),
  title: Title.optional(),
  ...Effects,
});
export type UpdateMacroInput = z.output<typeof UpdateMacroBodySchema>;

export const ApplyMacroBodySchema = z.strictObject({
  ticket: TicketKeySchema,
  /** The ticket's version as the agent saw it; a stale one answers 409. */
  version: z.number().int().positive().optional(),
});

export const MacroSchema = z.object({
  id: z.string(),
  title: z.string(),
  scope: z.enum(['workspace', 'party']),
  partyId: z.string().nullable(),
  status: z.enum(TICKET_STATUSES).nullable(),
  assign: z.enum(MACRO_ASSIGNS).nullable(),
  handoff: z.enum(MACRO_HANDOFFS).nullable(),
  handoffParty: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  handoffReason: z.string().nullable(),
  cannedResponse: z.object({ id: z.string(), title: z.string() }).nullable(),
  /** The macro's parts in words, for the menu ("Set status to resolved; add reply …"). */
  summary: z.string(),
  usageCount: z.number().int(),
  updatedAt: Timestamp,
  version: z.number().int(),
  abilities: z.object({ update: z.boolean(), delete: z.boolean() }),
});
export type MacroView = z.output<typeof MacroSchema>;

export const MacroListSchema = ItemsSchema(MacroSchema).extend({
  abilities: z.object({ createForParty: z.boolean(), createForWorkspace: z.boolean() }),
});
export const MacroAnswerSchema = z.object({ macro: MacroSchema });

/** What applying a macro changed: one audit event lists the same steps. */
export const MacroAppliedSchema = z.object({
  ticket: z.object({ key: z.string(), version: z.number().int() }),
  macro: z.object({ id: z.string(), title: z.string() }),
  steps: z.array(z.string()),
});
export type MacroApplied = z.output<typeof MacroAppliedSchema>;
