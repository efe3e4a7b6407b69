import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { countFindings, reviewCompletionRate, reviewKey } from '../domain/access.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { sendExport } from '../server/downloads.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
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
  /** A grant as a request, a decision or a withdrawal answers it: the one row the service returns. */
  const grantAnswer = (ctx: Ctx, found: Awaited<ReturnType<typeof decideGrant>>) => ({
    grant: presentGrant(ctx.actor, found.rows[0]!, found),
  });

  // ---------- register ----------

  const read = workspaceReads(app, db, tags);
  const write = workspaceWrites(app, db, tags);
  read('/w/:workspace/access/accounts', {
    action: 'access.view',
    params: WorkspaceParamsSchema,
    querystring: z.strictObject({ include: z.enum(['revoked']).optional() }),
    response: RegisterResponseSchema,
    run: async (ctx, _p, query) => {
      const found = await listRegister(ctx, query.include === 'revoked');
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
  });

  write('POST', '/w/:workspace/access/accounts', {
    action: 'access.manageAccounts',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: AccountBodySchema,
    status: 201,
    response: AccountResponseSchema,
    run: async (ctx, _p, body) => {
      const { row, people } = await createAccount(ctx, body);
      return { account: presentAccount(row, people) };
    },
  });

  write('PATCH', '/w/:workspace/access/accounts/:id', {
    action: 'access.manageAccounts',
    params: AccountParamsSchema,
    body: AccountPatchSchema,
    response: AccountResponseSchema,
    run: async (ctx, p, body) => {
      const { row, people } = await updateAccount(ctx, p.id, body);
      return { account: presentAccount(row, people) };
    },
  });

  read('/w/:workspace/access/settings', {
    action: 'access.view',
    params: WorkspaceParamsSchema,
    response: SettingsResponseSchema,
    run: async (ctx) => ({ settings: settingsView(await getSettings(ctx)) }),
  });

  write('PATCH', '/w/:workspace/access/settings', {
    action: 'access.manageSettings',
    params: WorkspaceParamsSchema,
    body: SettingsBodySchema,
    response: SettingsResponseSchema,
    run: async (ctx, _p, body) => ({ settings: settingsView(await updateSettings(ctx, body)) }),
  });

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

  write('POST', '/w/:workspace/access/grants', {
    action: 'access.requestGrant',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: GrantBodySchema,
    status: 201,
    response: GrantResponseSchema,
    run: async (ctx, _p, body) => grantAnswer(ctx, await requestGrant(ctx, body)),
  });

  write('POST', '/w/:workspace/access/grants/:key/decision', {
    action: 'decision.decide',
    params: GrantParamsSchema,
    body: GrantDecisionBodySchema,
    response: GrantResponseSchema,
    run: async (ctx, p, body) =>
      grantAnswer(ctx, await decideGrant(ctx, p.key, body.outcome, body.rationale)),
  });

  write('POST', '/w/:workspace/access/grants/:key/withdraw', {
    action: 'access.withdrawGrant',
    params: GrantParamsSchema,
    body: GrantWithdrawBodySchema,
    response: GrantResponseSchema,
    run: async (ctx, p, body) => grantAnswer(ctx, await withdrawGrant(ctx, p.key, body.rationale)),
  });

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

  write('POST', '/w/:workspace/access/revocations/:id/confirm', {
    action: 'access.confirmRevocation',
    params: RevocationParamsSchema,
    body: ConfirmRevocationBodySchema,
    response: RevocationResponseSchema,
    run: async (ctx, p, body) => {
      const found = await confirmRevocation(ctx, p.id, body.evidence);
      return { task: presentRevocation(ctx.actor, found.rows[0]!, found.people) };
    },
  });

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

  write('POST', '/w/:workspace/access/reviews', {
    action: 'access.startReview',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: ReviewBodySchema,
    status: 201,
    response: ReviewDetailResponseSchema,
    run: async (ctx, _p, body) => reviewDetail(ctx, await startReview(ctx, body)),
  });

  read('/w/:workspace/access/reviews/:key', {
    action: 'access.view',
    params: ReviewParamsSchema,
    response: ReviewDetailResponseSchema,
    run: async (ctx, p) => reviewDetail(ctx, await getReview(ctx, p.key)),
  });

  write('POST', '/w/:workspace/access/reviews/:key/lines/:lineId/decision', {
    action: 'access.decideLine',
    params: ReviewLineParamsSchema,
    body: LineDecisionBodySchema,
    response: LineResponseSchema,
    run: async (ctx, p, body) => {
      const found = await decideLine(ctx, p.key, p.lineId, body);
      return {
        line: presentLine(ctx.actor, found.review, found.line, found.people),
        review: presentReviewSummary(found.review, found.counts),
      };
    },
  });

  /** The review's evidence as a download in one format: what reviewEvidence found, rendered. */
  const evidenceDownload = (
    file: string,
    type: 'text/csv' | 'text/markdown',
    description: string,
    render: (found: Awaited<ReturnType<typeof reviewEvidence>>) => string,
  ) =>
    app.get(
      `/w/:workspace/access/reviews/:key/${file}`,
      {
        config: { access: 'workspace', action: 'access.view' },
        schema: {
          tags,
          params: ReviewParamsSchema,
          response: { 200: { content: { [type]: { schema: z.string().meta({ description }) } } } },
        },
      },
      async (request, reply) => {
        const ctx = workspaceContext(db, request);
        const found = await reviewEvidence(ctx, request.params.key);
        return sendExport(reply, {
          contentType: `${type}; charset=utf-8`,
          filename: `${ctx.actor.workspaceSlug}-${reviewKey(found.review.number)}-${file}`,
          content: render(found),
        });
      },
    );

  evidenceDownload('evidence.csv', 'text/csv', 'The evidence pack as CSV.', evidencePackCsv);

  evidenceDownload('summary.md', 'text/markdown', 'The evidence summary (Markdown).', (found) => {
    const summary = presentReviewSummary(found.review, found.counts);
    const decided = (o: string) => found.lines.filter((l) => l.outcome === o).length;
    return [
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
  });

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
