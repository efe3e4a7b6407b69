import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { decryptSecret } from '../crypto/secrets.ts';
import { accountContext, SESSION_COOKIE, workspaceContext } from '../server/auth.ts';
import type { AppDeps, RequestMeta } from '../server/context.ts';
import { Unauthenticated } from '../server/errors.ts';
import { NoContent, WorkspaceIdParamsSchema, WorkspaceParamsSchema } from '../server/http.ts';
import { createApiToken, listMyApiTokens, presentToken, revokeApiToken } from './api-tokens.ts';
import {
  AccountSessionsSchema,
  ApiTokenCreatedSchema,
  ApiTokensSchema,
  CodeBodySchema,
  EnrolmentConfirmedSchema,
  EnrolmentSchema,
  IdParamsSchema,
  LoginBodySchema,
  MeSchema,
  MfaVerifiedSchema,
  MfaVerifyBodySchema,
  PasswordBodySchema,
  RecoveryCodesSchema,
  SignedOutSchema,
  SignInAnswerSchema,
  TokenBodySchema,
} from './contract.ts';
import { confirmMfaEnrolment, regenerateRecoveryCodes, startMfaEnrolment, verifyMfa } from './mfa.ts';
import { changePassword } from './password.ts';
import { assertCanToken, tokenAbilities } from './policy.ts';
import { presentMe } from './presenter.ts';
import { setSessionCookie } from './session-cookie.ts';
import type { ResolvedSession } from './sessions.ts';
import {
  listSessions,
  resolveSession,
  revokeOwnSession,
  signIn,
  signOut,
  signOutEverywhere,
} from './sessions.ts';

export const accountRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const mfaDeps = (meta: RequestMeta) => ({
    db,
    secretKey: deps.secretKey,
    meta,
  });
  const sessionOf = (request: { session: ResolvedSession | null }) => {
    if (!request.session) throw new Unauthenticated();
    return request.session;
  };

  app.post(
    '/auth/login',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], body: LoginBodySchema, response: { 200: SignInAnswerSchema } },
    },
    async (request, reply) => {
      const signedIn = await signIn(db, request.meta, request.body.email, request.body.password);
      return setSessionCookie(deps, reply, signedIn);
    },
  );

  app.get(
    '/me',
    { config: { access: 'signed-in' }, schema: { tags: ['auth'], response: { 200: MeSchema } } },
    async (request) => presentMe(db, sessionOf(request)),
  );

  app.post(
    '/auth/logout',
    { config: { access: 'signed-in' }, schema: { tags: ['auth'], response: { 200: SignedOutSchema } } },
    async (request, reply) => {
      const sealed = await signOut(accountContext(db, request), sessionOf(request).session.id);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { providerSignOutUrl: sealed ? decryptSecret(deps.secretKey, sealed) : null };
    },
  );

  app.post(
    '/auth/mfa/verify',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['auth'], body: MfaVerifyBodySchema, response: { 200: MfaVerifiedSchema } },
    },
    async (request) => {
      const { session, account } = sessionOf(request);
      await verifyMfa(mfaDeps(request.meta), account, session.id, request.body);
      const refreshed = await resolveSession(db, request.cookies[SESSION_COOKIE] ?? '');
      return { session: { mfaState: refreshed?.mfaState ?? 'verified', expiresAt: session.expiresAt } };
    },
  );

  app.post(
    '/auth/mfa/enrolment',
    { config: { access: 'signed-in' }, schema: { tags: ['auth'], response: { 200: EnrolmentSchema } } },
    async (request) => startMfaEnrolment(mfaDeps(request.meta), sessionOf(request).account),
  );

  app.post(
    '/auth/mfa/enrolment/confirm',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['auth'], body: CodeBodySchema, response: { 200: EnrolmentConfirmedSchema } },
    },
    async (request) => {
      const { session, account } = sessionOf(request);
      const recoveryCodes = await confirmMfaEnrolment(
        mfaDeps(request.meta),
        account,
        session.id,
        request.body.code,
      );
      return { recoveryCodes, session: { mfaState: 'verified' as const, expiresAt: session.expiresAt } };
    },
  );

  app.post(
    '/auth/logout-everywhere',
    { config: { access: 'account' }, schema: { tags: ['auth'], response: { 204: NoContent } } },
    async (request, reply) => {
      await signOutEverywhere(accountContext(db, request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.post(
    '/account/password',
    {
      config: { access: 'account' },
      schema: { tags: ['account'], body: PasswordBodySchema, response: { 204: NoContent } },
    },
    async (request, reply) => {
      const { session, account } = sessionOf(request);
      await changePassword(db, request.meta, account, session.id, request.body);
      return reply.status(204).send();
    },
  );

  app.post(
    '/account/mfa/recovery-codes',
    {
      config: { access: 'account' },
      schema: { tags: ['account'], body: CodeBodySchema, response: { 200: RecoveryCodesSchema } },
    },
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
    {
      config: { access: 'account' },
      schema: { tags: ['account'], response: { 200: AccountSessionsSchema } },
    },
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
    {
      config: { access: 'account' },
      schema: { tags: ['account'], params: IdParamsSchema, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await revokeOwnSession(accountContext(db, request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/w/:workspace/tokens',
    {
      config: { access: 'workspace', action: 'token.list' },
      schema: { tags: ['tokens'], params: WorkspaceParamsSchema, response: { 200: ApiTokensSchema } },
    },
    async (request) => ({
      items: (await listMyApiTokens(workspaceContext(db, request))).map(presentToken),
      abilities: tokenAbilities({ viaToken: request.tokenScopes !== null }),
    }),
  );

  app.post(
    '/w/:workspace/tokens',
    {
      config: { access: 'workspace', action: 'token.create', idempotent: true },
      schema: {
        tags: ['tokens'],
        params: WorkspaceParamsSchema,
        body: TokenBodySchema,
        response: { 201: ApiTokenCreatedSchema },
      },
    },
    async (request, reply) => {
      assertCanToken({ viaToken: request.tokenScopes !== null }, 'create');
      const { token, secret } = await createApiToken(workspaceContext(db, request), request.body);
      return reply.status(201).send({ token: presentToken(token), secret });
    },
  );

  app.delete(
    '/w/:workspace/tokens/:id',
    {
      config: { access: 'workspace', action: 'token.revoke' },
      schema: { tags: ['tokens'], params: WorkspaceIdParamsSchema, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await revokeApiToken(workspaceContext(db, request), request.params.id);
      return reply.status(204).send();
    },
  );
};
