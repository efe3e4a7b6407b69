import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { SignInAnswerSchema } from '../accounts/contract.ts';
import { setSessionCookie } from '../accounts/session-cookie.ts';
import { createSession } from '../accounts/sessions.ts';
import type { AppDeps } from '../server/context.ts';
import {
  AcceptInvitationBodySchema,
  InvitationPreviewSchema,
  InvitationTokenParamsSchema,
} from './contract.ts';
import { acceptInvitation, describeInvitation } from './invitations.ts';

/** Public: the invitation link works before its holder has an account. */
export const invitationRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  app.get(
    '/invitations/:token',
    {
      config: { access: 'public' },
      schema: {
        tags: ['members'],
        params: InvitationTokenParamsSchema,
        response: { 200: InvitationPreviewSchema },
      },
    },
    async (request) => {
      const found = await describeInvitation(db, request.params.token);
      return {
        invitation: {
          email: found.invitation.email,
          workspaceName: found.workspaceName,
          partyName: found.party?.name ?? null,
          role: found.invitation.role,
          expiresAt: found.invitation.expiresAt,
        },
      };
    },
  );

  app.post(
    '/invitations/:token/accept',
    {
      config: { access: 'public' },
      schema: {
        tags: ['members'],
        params: InvitationTokenParamsSchema,
        body: AcceptInvitationBodySchema,
        response: { 200: SignInAnswerSchema },
      },
    },
    async (request, reply) => {
      const account = await acceptInvitation(db, request.meta, request.params.token, request.body);
      const signedIn = await createSession(db, request.meta, account, 'account.signed_in');
      return setSessionCookie(deps, reply, signedIn);
    },
  );
};
