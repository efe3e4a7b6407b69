import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { setSessionCookie } from '../accounts/routes.ts';
import { createSession } from '../accounts/sessions.ts';
import type { AppDeps } from '../server/context.ts';
import { acceptInvitation, describeInvitation } from './invitations.ts';

const TokenParamsSchema = z.strictObject({
  token: z.string().regex(/^[\w-]{20,100}$/, 'is not an invitation token'),
});
const AcceptBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  password: z.string().min(1).max(256),
});

/** Public: the invitation link works before its holder has an account. */
export const invitationRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  app.get(
    '/invitations/:token',
    { config: { access: 'public' }, schema: { tags: ['members'], params: TokenParamsSchema } },
    async (request) => {
      const found = await describeInvitation(db, request.params.token);
      return {
        invitation: {
          email: found.invitation.email,
          workspaceName: found.workspaceName,
          partyName: found.party?.name ?? null,
          role: found.invitation.role,
          accountExists: found.accountExists,
          expiresAt: found.invitation.expiresAt,
        },
      };
    },
  );

  app.post(
    '/invitations/:token/accept',
    {
      config: { access: 'public' },
      schema: { tags: ['members'], params: TokenParamsSchema, body: AcceptBodySchema },
    },
    async (request, reply) => {
      const account = await acceptInvitation(db, request.meta, request.params.token, request.body);
      const signedIn = await createSession(db, request.meta, account, 'account.signed_in');
      return setSessionCookie(deps, reply, signedIn);
    },
  );
};
