import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountContext, SESSION_COOKIE, workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { Forbidden, Unauthenticated } from '../server/errors.ts';
import { createApiToken, listMyApiTokens, presentToken, revokeApiToken, TOKEN_SCOPES } from './api-tokens.ts';
import { confirmMfaEnrolment, regenerateRecoveryCodes, startMfaEnrolment, verifyMfa } from './mfa.ts';
import { changePassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password.ts';
import { presentMe } from './presenter.ts';
import {
  listSessions,
  resolveSession,
  revokeOwnSession,
  SESSION_MAX_MS,
  type SignedInSession,
  signIn,
  signOut,
  signOutEverywhere,
} from './sessions.ts';

export const PasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`);
const LoginBodySchema = z.strictObject({
  email: z.string().trim().email().max(320),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});
const MfaVerifyBodySchema = z
  .strictObject({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'must be 6 digits')
      .optional(),
    recoveryCode: z.string().trim().min(6).max(40).optional(),
  })
  .refine((b) => (b.code === undefined) !== (b.recoveryCode === undefined), {
    message: 'send either code or recoveryCode',
  });
const CodeBodySchema = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'must be 6 digits'),
});
const PasswordBodySchema = z.strictObject({
  currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  newPassword: PasswordSchema,
});
const IdParamsSchema = z.strictObject({ id: z.uuid() });
const WorkspaceParamsSchema = z.strictObject({ workspace: z.string().min(1).max(100) });
const TokenBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(TOKEN_SCOPES)).min(1).max(2),
  expiresInDays: z.number().int().min(1).max(365),
});

export const sessionCookieOptions = (deps: AppDeps) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: deps.config.publicUrl.startsWith('https://'),
  maxAge: Math.floor(SESSION_MAX_MS / 1000),
});

export function setSessionCookie(deps: AppDeps, reply: FastifyReply, signedIn: SignedInSession) {
  reply.setCookie(SESSION_COOKIE, signedIn.token, sessionCookieOptions(deps));
  return {
    session: { mfaState: signedIn.mfaState, expiresAt: signedIn.session.expiresAt },
    csrfToken: signedIn.session.csrfToken,
  };
}

export const accountRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const mfaDeps = (meta: import('../server/context.ts').RequestMeta) => ({
    db,
    secretKey: deps.secretKey,
    meta,
  });
  const sessionOf = (request: { session: import('./sessions.ts').ResolvedSession | null }) => {
    if (!request.session) throw new Unauthenticated();
    return request.session;
  };

  app.post(
    '/auth/login',
    { config: { access: 'public' }, schema: { tags: ['auth'], body: LoginBodySchema } },
    async (request, reply) => {
      const signedIn = await signIn(db, request.meta, request.body.email, request.body.password);
      return setSessionCookie(deps, reply, signedIn);
    },
  );

  app.get('/me', { config: { access: 'signed-in' }, schema: { tags: ['auth'] } }, async (request) =>
    presentMe(db, sessionOf(request)),
  );

  app.post(
    '/auth/logout',
    { config: { access: 'signed-in' }, schema: { tags: ['auth'] } },
    async (request, reply) => {
      await signOut(accountContext(db, request), sessionOf(request).session.id);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.post(
    '/auth/mfa/verify',
    { config: { access: 'signed-in' }, schema: { tags: ['auth'], body: MfaVerifyBodySchema } },
    async (request) => {
      const { session, account } = sessionOf(request);
      await verifyMfa(mfaDeps(request.meta), account, session.id, request.body);
      const refreshed = await resolveSession(db, request.cookies[SESSION_COOKIE] ?? '');
      return { session: { mfaState: refreshed?.mfaState ?? 'verified', expiresAt: session.expiresAt } };
    },
  );

  app.post(
    '/auth/mfa/enrolment',
    { config: { access: 'signed-in' }, schema: { tags: ['auth'] } },
    async (request) => startMfaEnrolment(mfaDeps(request.meta), sessionOf(request).account),
  );

  app.post(
    '/auth/mfa/enrolment/confirm',
    { config: { access: 'signed-in' }, schema: { tags: ['auth'], body: CodeBodySchema } },
    async (request) => {
      const { session, account } = sessionOf(request);
      const recoveryCodes = await confirmMfaEnrolment(
        mfaDeps(request.meta),
        account,
        session.id,
        request.body.code,
      );
      return { recoveryCodes, session: { mfaState: 'verified', expiresAt: session.expiresAt } };
    },
  );

  app.post(
    '/auth/logout-everywhere',
    { config: { access: 'account' }, schema: { tags: ['auth'] } },
    async (request, reply) => {
      await signOutEverywhere(accountContext(db, request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.post(
    '/account/password',
    { config: { access: 'account' }, schema: { tags: ['account'], body: PasswordBodySchema } },
    async (request, reply) => {
      const { session, account } = sessionOf(request);
      await changePassword(db, request.meta, account, session.id, request.body);
      return reply.status(204).send();
    },
  );

  app.post(
    '/account/mfa/recovery-codes',
    { config: { access: 'account' }, schema: { tags: ['account'], body: CodeBodySchema } },
    async (request) => ({
      recoveryCodes: await regenerateRecoveryCodes(
        mfaDeps(request.meta),
        sessionOf(request).account,
        request.body.code,
      ),
    }),
  );

  app.get(
    '/account/sessions',
    { config: { access: 'account' }, schema: { tags: ['account'] } },
    async (request) => {
      const current = sessionOf(request).session.id;
      const rows = await listSessions(accountContext(db, request));
      return {
        items: rows.map((s) => ({
          id: s.id,
          current: s.id === current,
          createdAt: s.createdAt,
          lastSeenAt: s.lastSeenAt,
          ip: s.ip,
          userAgent: s.userAgent,
        })),
      };
    },
  );

  app.delete(
    '/account/sessions/:id',
    { config: { access: 'account' }, schema: { tags: ['account'], params: IdParamsSchema } },
    async (request, reply) => {
      await revokeOwnSession(accountContext(db, request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/w/:workspace/tokens',
    {
      config: { access: 'workspace', action: 'token.list' },
      schema: { tags: ['tokens'], params: WorkspaceParamsSchema },
    },
    async (request) => ({
      items: (await listMyApiTokens(workspaceContext(db, request))).map(presentToken),
    }),
  );

  app.post(
    '/w/:workspace/tokens',
    {
      config: { access: 'workspace', action: 'token.create', idempotent: true },
      schema: { tags: ['tokens'], params: WorkspaceParamsSchema, body: TokenBodySchema },
    },
    async (request, reply) => {
      // Security: a leaked token must not be able to mint longer-lived ones.
      if (request.tokenScopes)
        throw new Forbidden(
          'API tokens are created by a signed-in person, not by another token.',
          'SESSION_REQUIRED',
        );
      const { token, secret } = await createApiToken(workspaceContext(db, request), request.body);
      return reply.status(201).send({ token: presentToken(token), secret });
    },
  );

  app.delete(
    '/w/:workspace/tokens/:id',
    {
      config: { access: 'workspace', action: 'token.revoke' },
      schema: { tags: ['tokens'], params: WorkspaceParamsSchema.extend({ id: z.uuid() }) },
    },
    async (request, reply) => {
      await revokeApiToken(workspaceContext(db, request), request.params.id);
      return reply.status(204).send();
    },
  );
};
