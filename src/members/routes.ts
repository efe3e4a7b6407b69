import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
import {
  ChangeRoleBodySchema,
  InvitationCreatedSchema,
  InvitationsSchema,
  InviteBodySchema,
  ListMembersQuerySchema,
  MemberAnswerSchema,
  MemberParamsSchema,
  MembersPageSchema,
} from './contract.ts';
import { inviteMember, listInvitations, revokeInvitation } from './invitations.ts';
import { presentInvitation, presentMember } from './presenter.ts';
import { changeMemberRole, deactivateMember, listMembers, reactivateMember } from './service.ts';

export const memberRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  const tags = ['members'];
  const read = workspaceReads(app, db, tags);
  read('/w/:workspace/members', {
    action: 'member.list',
    params: WorkspaceParamsSchema,
    querystring: ListMembersQuerySchema,
    response: MembersPageSchema,
    run: async (ctx, _p, query) => {
      const page = await listMembers(ctx, query);
      return { items: page.items.map((m) => presentMember(ctx.actor, m)), nextCursor: page.nextCursor };
    },
  });

  const write = workspaceWrites(app, db, tags);
  write('PATCH', '/w/:workspace/members/:id', {
    action: 'member.changeRole',
    params: MemberParamsSchema,
    body: ChangeRoleBodySchema,
    response: MemberAnswerSchema,
    run: async (ctx, p, body) => ({
      member: presentMember(ctx.actor, await changeMemberRole(ctx, p.id, body)),
    }),
  });

  write('POST', '/w/:workspace/members/:id/deactivate', {
    action: 'member.deactivate',
    params: MemberParamsSchema,
    response: MemberAnswerSchema,
    run: async (ctx, p) => ({ member: presentMember(ctx.actor, await deactivateMember(ctx, p.id)) }),
  });

  write('POST', '/w/:workspace/members/:id/reactivate', {
    action: 'member.reactivate',
    params: MemberParamsSchema,
    response: MemberAnswerSchema,
    run: async (ctx, p) => ({ member: presentMember(ctx.actor, await reactivateMember(ctx, p.id)) }),
  });

  read('/w/:workspace/invitations', {
    action: 'member.list',
    params: WorkspaceParamsSchema,
    response: InvitationsSchema,
    run: async (ctx) => ({
      items: (await listInvitations(ctx)).map((r) =>
        presentInvitation(r.invitation, r.party, r.invitedByName),
      ),
    }),
  });

  write('POST', '/w/:workspace/invitations', {
    action: 'member.invite',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: InviteBodySchema,
    status: 201,
    response: InvitationCreatedSchema,
    run: async (ctx, _p, body) => {
      const { invitation, inviteUrl, emailed } = await inviteMember(ctx, deps.config.publicUrl, body);
      return { invitation: presentInvitation(invitation, invitation.party, null), inviteUrl, emailed };
    },
  });

  write('DELETE', '/w/:workspace/invitations/:id', {
    action: 'member.invite',
    params: MemberParamsSchema,
    status: 204,
    run: (ctx, p) => revokeInvitation(ctx, p.id),
  });
};
