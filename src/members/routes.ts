import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { NoContent, WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
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

  const read = workspaceReads(app, db, ['members']);
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

  app.patch(
    '/w/:workspace/members/:id',
    {
      config: { access: 'workspace', action: 'member.changeRole' },
      schema: {
        tags: ['members'],
        params: MemberParamsSchema,
        body: ChangeRoleBodySchema,
        response: { 200: MemberAnswerSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      return {
        member: presentMember(ctx.actor, await changeMemberRole(ctx, request.params.id, request.body)),
      };
    },
  );

  app.post(
    '/w/:workspace/members/:id/deactivate',
    {
      config: { access: 'workspace', action: 'member.deactivate' },
      schema: { tags: ['members'], params: MemberParamsSchema, response: { 200: MemberAnswerSchema } },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      return { member: presentMember(ctx.actor, await deactivateMember(ctx, request.params.id)) };
    },
  );

  app.post(
    '/w/:workspace/members/:id/reactivate',
    {
      config: { access: 'workspace', action: 'member.reactivate' },
      schema: { tags: ['members'], params: MemberParamsSchema, response: { 200: MemberAnswerSchema } },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      return { member: presentMember(ctx.actor, await reactivateMember(ctx, request.params.id)) };
    },
  );

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

  app.post(
    '/w/:workspace/invitations',
    {
      config: { access: 'workspace', action: 'member.invite', idempotent: true },
      schema: {
        tags: ['members'],
        params: WorkspaceParamsSchema,
        body: InviteBodySchema,
        response: { 201: InvitationCreatedSchema },
      },
    },
    async (request, reply) => {
      const { invitation, inviteUrl, emailed } = await inviteMember(
        workspaceContext(db, request),
        deps.config.publicUrl,
        request.body,
      );
      return reply
        .status(201)
        .send({ invitation: presentInvitation(invitation, invitation.party, null), inviteUrl, emailed });
    },
  );

  app.delete(
    '/w/:workspace/invitations/:id',
    {
      config: { access: 'workspace', action: 'member.invite' },
      schema: { tags: ['members'], params: MemberParamsSchema, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await revokeInvitation(workspaceContext(db, request), request.params.id);
      return reply.status(204).send();
    },
  );
};
