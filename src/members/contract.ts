import { z } from 'zod';
import { ROLES } from '../db/schema/workspaces.ts';
import { cursorQuery, ItemsSchema, PageSchema, Timestamp, WorkspaceIdParamsSchema } from '../server/http.ts';
import { PartyRefSchema, RoleSchema } from '../workspaces/contract.ts';

export const MemberParamsSchema = WorkspaceIdParamsSchema;
export const ListMembersQuerySchema = z.strictObject({
  status: z.enum(['active', 'deactivated']).optional(),
  partyId: z.uuid().optional(),
  role: z.enum(ROLES).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  ...cursorQuery(50, 200),
});
export const ChangeRoleBodySchema = z.strictObject({
  version: z.number().int().positive(),
  role: z.enum(ROLES),
});
export const InviteBodySchema = z.strictObject({
  email: z.string().trim().email().max(320),
  role: z.enum(ROLES),
  partyId: z.uuid().nullable(),
});
export const InvitationTokenParamsSchema = z.strictObject({
  token: z.string().regex(/^[\w-]{20,100}$/, 'is not an invitation token'),
});
export const AcceptInvitationBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  password: z.string().min(1).max(256),
});

// ---------- responses ----------

export const MemberAbilitiesSchema = z.object({
  changeRole: z.boolean(),
  deactivate: z.boolean(),
  reactivate: z.boolean(),
});

export const MemberSchema = z.object({
  id: z.string(),
  account: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  role: RoleSchema,
  party: PartyRefSchema.nullable(),
  status: z.enum(['active', 'deactivated']),
  mfaEnrolled: z.boolean(),
  createdAt: Timestamp,
  deactivatedAt: Timestamp.nullable(),
  version: z.number().int(),
  abilities: MemberAbilitiesSchema,
});
export type Member = z.output<typeof MemberSchema>;

export const InvitationStatusSchema = z.enum(['pending', 'accepted', 'revoked', 'expired']);
export type InvitationStatus = z.output<typeof InvitationStatusSchema>;

export const WorkspaceInvitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: RoleSchema,
  party: PartyRefSchema.nullable(),
  invitedBy: z.string().nullable(),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  status: InvitationStatusSchema,
});
export type WorkspaceInvitation = z.output<typeof WorkspaceInvitationSchema>;

export const MembersPageSchema = PageSchema(MemberSchema);
export const MemberAnswerSchema = z.object({ member: MemberSchema });
export const InvitationsSchema = ItemsSchema(WorkspaceInvitationSchema);
export const InvitationCreatedSchema = z.object({
  invitation: WorkspaceInvitationSchema,
  inviteUrl: z.string().meta({ description: 'The one-time link; shown once.' }),
  emailed: z.boolean(),
});

/** What the holder of an invitation link sees before accepting (public). */
export const InvitationPreviewSchema = z.object({
  invitation: z.object({
    email: z.string(),
    workspaceName: z.string(),
    partyName: z.string().nullable(),
    role: RoleSchema,
    expiresAt: Timestamp,
  }),
});
export type InvitationPreview = z.output<typeof InvitationPreviewSchema>['invitation'];
