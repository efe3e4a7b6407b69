import { z } from 'zod';
import { ROLES } from '../db/schema/workspaces.ts';
import { ItemsSchema, PartyKindSchema, Timestamp } from '../server/http.ts';

export const SlugSchema = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/,
    'must be 1–40 lowercase letters, digits or hyphens, not starting or ending with a hyphen',
  );
const NameSchema = z.string().trim().min(1, 'must not be empty').max(120);

export const CreateWorkspaceBodySchema = z.strictObject({
  name: NameSchema,
  slug: SlugSchema,
  internalPartyName: NameSchema,
});
export const UpdateWorkspaceBodySchema = z.strictObject({
  version: z.number().int().positive(),
  name: NameSchema.optional(),
  requireMfa: z.boolean().optional(),
});
export const PartyBodySchema = z.strictObject({ name: NameSchema });
export const RenamePartyBodySchema = z.strictObject({
  version: z.number().int().positive(),
  name: NameSchema,
});

// ---------- responses ----------

export const RoleSchema = z.enum(ROLES);
export { PartyKindSchema };
export type Role = z.output<typeof RoleSchema>;
export type PartyKind = z.output<typeof PartyKindSchema>;

export const PartyRefSchema = z.object({ id: z.string(), name: z.string(), kind: PartyKindSchema });
export type PartyRef = z.output<typeof PartyRefSchema>;

export const WorkspaceSchema = z.object({
  id: z.string(),
  slug: z.string().meta({ example: 'acme' }),
  name: z.string().meta({ example: 'Acme Manufacturing' }),
  requireMfa: z.boolean(),
  version: z.number().int(),
  createdAt: Timestamp,
});

/** One of the caller's workspaces (the workspace switcher). */
export const MyWorkspaceSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  role: RoleSchema,
  party: PartyRefSchema.nullable(),
});

export const WorkspaceAbilitiesSchema = z.object({
  update: z.boolean(),
  listParties: z.boolean(),
  manageParties: z.boolean(),
  readAudit: z.boolean(),
  manageMembers: z.boolean(),
  invite: z.boolean(),
});

export const WorkspaceDetailSchema = z.object({
  workspace: WorkspaceSchema,
  /** The caller's own membership here; the party's name comes from /me or the parties list. */
  membership: z.object({
    id: z.string(),
    role: RoleSchema,
    partyId: z.string().nullable(),
    partyKind: PartyKindSchema.nullable(),
  }),
  abilities: WorkspaceAbilitiesSchema,
});
export type WorkspaceDetail = z.output<typeof WorkspaceDetailSchema>;

export const PartySchema = PartyRefSchema.extend({
  version: z.number().int(),
  createdAt: Timestamp,
  memberCount: z.number().int(),
});
export type Party = z.output<typeof PartySchema>;

export const MyWorkspacesSchema = ItemsSchema(MyWorkspaceSchema);
export const WorkspaceAnswerSchema = z.object({ workspace: WorkspaceSchema });
export const PartiesSchema = ItemsSchema(PartySchema);
export const PartyAnswerSchema = z.object({ party: PartySchema });
