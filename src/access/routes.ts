import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { countFindings, reviewCompletionRate, reviewKey } from '../domain/access.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { sendExport } from '../server/downloads.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import {
  AccountBodySchema,
  AccountParamsSchema,
  AccountPatchSchema,
  AccountResponseSchema,
  CompletionQuerySchema,
  CompletionResponseSchema,
  ConfirmRevocationBodySchema,
  GrantBodySchema,
  GrantDecisionBodySchema,
  GrantParamsSchema,
  GrantResponseSchema,
  GrantsResponseSchema,
  GrantWithdrawBodySchema,
  LineDecisionBodySchema,
  LineResponseSchema,
  RegisterResponseSchema,
  ReviewBodySchema,
  ReviewDetailResponseSchema,
  ReviewLineParamsSchema,
  ReviewParamsSchema,
  ReviewsResponseSchema,
  RevocationParamsSchema,
  RevocationResponseSchema,
  RevocationsQuerySchema,
  RevocationsResponseSchema,
  SettingsBodySchema,
  SettingsResponseSchema,
} from './contract.ts';
import { evidencePackCsv } from './evidence-pack.ts';
import { accessAbilities } from './policy.ts';
import {
  presentAccount,
  presentGrant,
  presentLine,
  presentReviewSummary,
  presentRevocation,
} from './presenter.ts';
import { decideGrant, listGrants, requestGrant, withdrawGrant } from './service/grants.ts';
import {
  createAccount,
  getSettings,
  listRegister,
  updateAccount,
  updateSettings,
} from './service/register.ts';
import {
  decideLine,
  getReview,
  listReviews,
  type ReviewDetail,
  reviewCompletion,
  reviewEvidence,
  startReview,
} from './service/reviews.ts';
import { confirmRevocation, listRevocations } from './service/revocations.ts';

const settingsView = (s: { maxGrantMinutes: number; version: number }) => ({
  maxGrantMinutes: s.maxGrantMinutes,
  version: s.version,
});

export const accessRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['access'];
  type Ctx = ReturnType<typeof workspaceContext>;

  const reviewDetail = (ctx: Ctx, found: ReviewDetail) => ({
    review: presentReviewSummary(found.review, found.counts),
    lines: found.lines.map((l) => presentLine(ctx.actor, found.review, l, found.people)),
    occurrence: found.occurrence,
  });

  // ---------- register ----------

  app.get(
    '/w/:workspace/access/accounts',
    {
      config: { access: 'workspace', action: 'access.view' },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        querystring: z.strictObject({ include: z.enum(['revoked']).optional() }),
        response: { 200: RegisterResponseSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const found = await listRegister(ctx, request.query.include === 'revoked');
      const items = found.rows.map((r) => presentAccount(r, found.people));
      return {
        items,
        findings: countFindings(items.map((i) => i.findings)),
        systems: found.systems.map((s) => ({ id: s.id, name: s.name })),
        people: [...found.allPeople.values()]
          .filter((p) => p.active && p.partyId !== null)
          .map((p) => ({ membershipId: p.membershipId, name: p.name, partyName: p.partyName }))
          .sort((a, b) => a.name.localeCompare(b.name)),
        abilities: accessAbilities(ctx.actor),
      };
    },
  );

  app.post(
    '/w/:workspace/access/accounts',
    {
      config: { access: 'workspace', action: 'access.manageAccounts', idempotent: true },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        body: AccountBodySchema,
        response: { 201: AccountResponseSchema },
      },
    },
    async (request, reply) => {
      const { row, people } = await createAccount(workspaceContext(db, request), request.body);
      return reply.status(201).send({ account: presentAccount(row, people) });
    },
  );

  app.patch(
    '/w/:workspace/access/accounts/:id',
    {
      config: { access: 'workspace', action: 'access.manageAccounts' },
      schema: {
        tags,
        params: AccountParamsSchema,
        body: AccountPatchSchema,
        response: { 200: AccountResponseSchema },
      },
    },
    async (request) => {
      const { row, people } = await updateAccount(
        workspaceContext(db, request),
        request.params.id,
        request.body,
      );
      return { account: presentAccount(row, people) };
    },
  );

  const read = workspaceReads(app, db, tags);
  read('/w/:workspace/access/settings', {
    action: 'access.view',
    params: WorkspaceParamsSchema,
    response: SettingsResponseSchema,
    run: async (ctx) => ({ settings: settingsView(await getSettings(ctx)) }),
  });

  app.patch(
    '/w/:workspace/access/settings',
    {
      config: { access: 'workspace', action: 'access.manageSettings' },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        body: SettingsBodySchema,
        response: { 200: SettingsResponseSchema },
      },
    },
    async (request) => ({
      settings: settingsView(await updateSettings(workspaceContext(db, request), request.body)),
    }),
  );

  // ---------- grants ----------

  read('/w/:workspace/access/grants', {
    action: 'access.view',
    params: WorkspaceParamsSchema,
    response: GrantsResponseSchema,
    run: async (ctx) => {
      const found = await listGrants(ctx);
      return {
        items: found.rows.map((r) => presentGrant(ctx.actor, r, found)),
        maxGrantMinutes: found.settings.maxGrantMinutes,
        approver: found.right.holder,
        systems: found.systems.map((s) => ({ id: s.id, name: s.name })),
        abilities: accessAbilities(ctx.actor),
      };
    },
  });

  app.post(
    '/w/:workspace/access/grants',
    {
      config: { access: 'workspace', action: 'access.requestGrant', idempotent: true },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        body: GrantBodySchema,
        response: { 201: GrantResponseSchema },
      },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const found = await requestGrant(ctx, request.body);
      return reply.status(201).send({ grant: presentGrant(ctx.actor, found.rows[0]!, found) });
    },
  );

  app.post(
    '/w/:workspace/access/grants/:key/decision',
    {
      config: { access: 'workspace', action: 'decision.decide' },
      schema: {
        tags,
        params: GrantParamsSchema,
        body: GrantDecisionBodySchema,
        response: { 200: GrantResponseSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const found = await decideGrant(ctx, request.params.key, request.body.outcome, request.body.rationale);
      return { grant: presentGrant(ctx.actor, found.rows[0]!, found) };
    },
  );

  app.post(
    '/w/:workspace/access/grants/:key/withdraw',
    {
      config: { access: 'workspace', action: 'access.withdrawGrant' },
      schema: {
        tags,
        params: GrantParamsSchema,
        body: GrantWithdrawBodySchema,
        response: { 200: GrantResponseSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const found = await withdrawGrant(ctx, request.params.key, request.body.rationale);
      return { grant: presentGrant(ctx.actor, found.rows[0]!, found) };
    },
  );

  // ---------- revocation tasks ----------

  read('/w/:workspace/access/revocations', {
    action: 'access.view',
    params: WorkspaceParamsSchema,
    querystring: RevocationsQuerySchema,
    response: RevocationsResponseSchema,
    run: async (ctx, _p, query) => {
      const found = await listRevocations(ctx, query.status);
      return { items: found.rows.map((r) => presentRevocation(ctx.actor, r, found.people)) };
    },
  });

  app.post(
    '/w/:workspace/access/revocations/:id/confirm',
    {
      config: { access: 'workspace', action: 'access.confirmRevocation' },
      schema: {
        tags,
        params: RevocationParamsSchema,
        body: ConfirmRevocationBodySchema,
        response: { 200: RevocationResponseSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const found = await confirmRevocation(ctx, request.params.id, request.body.evidence);
      return { task: presentRevocation(ctx.actor, found.rows[0]!, found.people) };
    },
  );

  // ---------- reviews ----------

  read('/w/:workspace/access/reviews', {
    action: 'access.view',
    params: WorkspaceParamsSchema,
    response: ReviewsResponseSchema,
    run: async (ctx) => {
      const found = await listReviews(ctx);
      return {
        items: found.reviews.map((r) => presentReviewSummary(r, found.counts.get(r.id))),
        systems: found.systems.map((s) => ({ id: s.id, name: s.name })),
        parties: found.parties,
        abilities: accessAbilities(ctx.actor),
      };
    },
  });

  app.post(
    '/w/:workspace/access/reviews',
    {
      config: { access: 'workspace', action: 'access.startReview', idempotent: true },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        body: ReviewBodySchema,
        response: { 201: ReviewDetailResponseSchema },
      },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      return reply.status(201).send(reviewDetail(ctx, await startReview(ctx, request.body)));
    },
  );

  read('/w/:workspace/access/reviews/:key', {
    action: 'access.view',
    params: ReviewParamsSchema,
    response: ReviewDetailResponseSchema,
    run: async (ctx, p) => reviewDetail(ctx, await getReview(ctx, p.key)),
  });

  app.post(
    '/w/:workspace/access/reviews/:key/lines/:lineId/decision',
    {
      config: { access: 'workspace', action: 'access.decideLine' },
      schema: {
        tags,
        params: ReviewLineParamsSchema,
        body: LineDecisionBodySchema,
        response: { 200: LineResponseSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const found = await decideLine(ctx, request.params.key, request.params.lineId, request.body);
      return {
        line: presentLine(ctx.actor, found.review, found.line, found.people),
        review: presentReviewSummary(found.review, found.counts),
      };
    },
  );

  app.get(
    '/w/:workspace/access/reviews/:key/evidence.csv',
    {
      config: { access: 'workspace', action: 'access.view' },
      schema: {
        tags,
        params: ReviewParamsSchema,
        response: {
          200: {
            content: {
              'text/csv': { schema: z.string().meta({ description: 'The evidence pack as CSV.' }) },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const found = await reviewEvidence(ctx, request.params.key);
      const key = reviewKey(found.review.number);
      const csv = evidencePackCsv(found);
      return sendExport(reply, {
        contentType: 'text/csv; charset=utf-8',
        filename: `${ctx.actor.workspaceSlug}-${key}-evidence.csv`,
        content: csv,
      });
    },
  );

  app.get(
    '/w/:workspace/access/reviews/:key/summary.md',
    {
      config: { access: 'workspace', action: 'access.view' },
      schema: {
        tags,
        params: ReviewParamsSchema,
        response: {
          200: {
            content: {
              'text/markdown': {
                schema: z.string().meta({ description: 'The evidence summary (Markdown).' }),
              },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const found = await reviewEvidence(ctx, request.params.key);
      const summary = presentReviewSummary(found.review, found.counts);
      const decided = (o: string) => found.lines.filter((l) => l.outcome === o).length;
      const text = [
        `# Access review ${summary.key}: ${summary.title}`,
        '',
        `- Status: ${summary.status}${summary.completedAt ? ` (completed ${summary.completedAt.toISOString()})` : ''}`,
        `- Due: ${summary.dueAt.toISOString()}`,
        `- Accounts reviewed: ${summary.total}; decided: ${summary.decided} (${Math.round(summary.completionRate * 100)} %)`,
        `- Kept: ${decided('keep')}; revoked: ${decided('revoke')}; changed: ${decided('change')}`,
        ...(found.occurrence
          ? [
              `- Obligation: ${found.occurrence.obligationKey} ${found.occurrence.obligationTitle}, occurrence due ${found.occurrence.dueOn}`,
            ]
          : []),
        '',
        '## Revocations',
        '',
        ...found.lines
          .filter((l) => l.outcome === 'revoke')
          .map((l) => `- ${l.snapshot.accountName} on ${l.snapshot.system}: ${l.comment ?? ''}`),
        '',
        '## Audit events',
        '',
        'Each decision is an event of the workspace audit chain (`tandem audit verify` checks it).',
        '',
        '| # | at | action | by | hash |',
        '| --- | --- | --- | --- | --- |',
        ...found.events.map(
          (e) =>
            `| ${e.id} | ${e.at.toISOString()} | ${e.action} | ${e.actor ?? 'system'} | ${e.hash.slice(0, 16)} |`,
        ),
        '',
      ].join('\n');
      return sendExport(reply, {
        contentType: 'text/markdown; charset=utf-8',
        filename: `${ctx.actor.workspaceSlug}-${summary.key}-summary.md`,
        content: text,
      });
    },
  );

  read('/w/:workspace/access/review-completion', {
    action: 'access.view',
    params: WorkspaceParamsSchema,
    querystring: CompletionQuerySchema,
    response: CompletionResponseSchema,
    run: async (ctx, _p, query) => {
      const found = await reviewCompletion(ctx, query.since ? new Date(query.since) : null);
      return {
        campaigns: found.campaigns,
        lines: found.counts.reduce((s, c) => s + c.total, 0),
        decided: found.counts.reduce((s, c) => s + c.decided, 0),
        completionRate: reviewCompletionRate(found.counts),
      };
    },
  });
};
