import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DECIDERS, DECISION_STATUSES, type Decision, type DecisionType } from '../db/schema/decisions.ts';
import { describeDecider } from '../domain/decision-rights.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { decisionAbilities } from './policy.ts';
import {
  commentOnDecision,
  decide,
  getDecision,
  listDecisions,
  proposeDecision,
  withdrawDecision,
} from './service.ts';
import { changeDecisionRight, listDecisionTypes } from './types.ts';

const NumberParamsSchema = WorkspaceParamsSchema.extend({ number: z.coerce.number().int().positive() });
const Text = (max: number) => z.string().trim().max(max);
const ProposeBodySchema = z.strictObject({
  typeKey: z.string().min(1).max(100),
  title: z.string().trim().min(1, 'must not be empty').max(200),
  context: Text(20_000).default(''),
  options: z
    .array(z.strictObject({ label: z.string().trim().min(1).max(200), description: Text(5000).default('') }))
    .max(10)
    .default([]),
  recommendation: Text(5000).default(''),
  links: z
    .array(
      z.strictObject({
        label: z.string().trim().min(1).max(200),
        url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }),
      }),
    )
    .max(20)
    .default([]),
  serviceId: z.uuid().optional(),
});
const ListQuerySchema = z.strictObject({
  status: z.enum(DECISION_STATUSES).optional(),
  typeKey: z.string().max(100).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  awaitingMe: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
const CommentBodySchema = z.strictObject({ body: z.string().trim().min(1, 'must not be empty').max(20_000) });
const DecideBodySchema = z.strictObject({ rationale: z.string().trim().min(1, 'record why').max(20_000) });
const DelegationBodySchema = z.strictObject({
  version: z.number().int().positive(),
  decider: z.enum(DECIDERS),
  delegateMembershipId: z.uuid().nullable().optional(),
  delegatePartyId: z.uuid().nullable().optional(),
  reason: z.string().trim().min(1, 'say why the right moves').max(2000),
});

const presentType = (t: DecisionType, delegateName: string | null, partyName: string | null) => ({
  id: t.id,
  key: t.key,
  name: t.name,
  description: t.description,
  proposerKinds: t.proposerKinds,
  consultedKinds: t.consultedKinds,
  urgency: t.urgency,
  recordWithDecision: t.recordWithDecision,
  whyInternalDecides: t.whyInternalDecides,
  decider: t.decider,
  delegateMembershipId: t.delegateMembershipId,
  delegatePartyId: t.delegatePartyId,
  deciderDescription: describeDecider(t, { delegate: delegateName, party: partyName }),
  version: t.version,
});

const presentDecision = (d: Decision, type: DecisionType) => ({
  id: d.id,
  number: d.number,
  key: `DEC-${d.number}`,
  type: { key: type.key, name: type.name },
  title: d.title,
  context: d.context,
  options: d.options,
  recommendation: d.recommendation,
  links: d.links,
  serviceId: d.serviceId,
  status: d.status,
  createdAt: d.createdAt,
  decidedAt: d.decidedAt,
  rationale: d.rationale,
  version: d.version,
});

export const decisionRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['decisions'];

  app.get(
    '/w/:workspace/decision-types',
    {
      config: { access: 'workspace', action: 'decision.view' },
      schema: { tags, params: WorkspaceParamsSchema },
    },
    async (request) => ({
      items: (await listDecisionTypes(workspaceContext(db, request))).map((r) =>
        presentType(r.type, r.delegateName, r.partyName),
      ),
    }),
  );

  app.patch(
    '/w/:workspace/decision-types/:id',
    {
      config: { access: 'workspace', action: 'decision.manageTypes' },
      schema: { tags, params: WorkspaceParamsSchema.extend({ id: z.uuid() }), body: DelegationBodySchema },
    },
    async (request) => {
      const type = await changeDecisionRight(workspaceContext(db, request), request.params.id, request.body);
      return { decisionType: presentType(type, null, null) };
    },
  );

  app.get(
    '/w/:workspace/decisions',
    {
      config: { access: 'workspace', action: 'decision.view' },
      schema: { tags, params: WorkspaceParamsSchema, querystring: ListQuerySchema },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const page = await listDecisions(ctx, request.query);
      return {
        items: page.items.map((r) => ({
          ...presentDecision(r.decision, r.type),
          proposedBy: r.proposedBy,
          abilities: decisionAbilities(ctx.actor, r.type, r.decision),
        })),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get(
    '/w/:workspace/decisions/export.csv',
    {
      config: { access: 'workspace', action: 'decision.view' },
      schema: { tags, params: WorkspaceParamsSchema },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const rows = [];
      let cursor: string | undefined;
      do {
        const page = await listDecisions(ctx, { limit: 200, cursor });
        rows.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const field = (v: string) => {
        const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
        return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
      };
      const lines = [
        ['Decision', 'Type', 'Title', 'Status', 'Proposed by', 'Proposed at', 'Decided at', 'Rationale'],
        ...rows.map((r) => [
          `DEC-${r.decision.number}`,
          r.type.name,
          r.decision.title,
          r.decision.status,
          r.proposedBy ?? '',
          r.decision.createdAt.toISOString(),
          r.decision.decidedAt?.toISOString() ?? '',
          r.decision.rationale ?? '',
        ]),
      ];
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${ctx.actor.workspaceSlug}-decision-log.csv"`)
        .send(`${lines.map((l) => l.map(field).join(',')).join('\r\n')}\r\n`);
    },
  );

  app.post(
    '/w/:workspace/decisions',
    {
      config: { access: 'workspace', action: 'decision.propose', idempotent: true },
      schema: { tags, params: WorkspaceParamsSchema, body: ProposeBodySchema },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const decision = await proposeDecision(ctx, request.body);
      const found = await getDecision(ctx, decision.number);
      return reply.status(201).send({ decision: presentDecision(found.decision, found.type) });
    },
  );

  app.get(
    '/w/:workspace/decisions/:number',
    {
      config: { access: 'workspace', action: 'decision.view' },
      schema: { tags, params: NumberParamsSchema },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const found = await getDecision(ctx, request.params.number);
      const { decision, type } = found;
      return {
        decision: {
          ...presentDecision(decision, type),
          proposedBy: found.names.get(decision.proposedByMembershipId) ?? null,
          decidedBy: decision.decidedByMembershipId
            ? (found.names.get(decision.decidedByMembershipId) ?? null)
            : null,
        },
        decisionType: presentType(type, found.typeRow.delegateName, found.typeRow.partyName),
        comments: found.comments.map((c) => ({
          id: c.comment.id,
          author: c.author,
          body: c.comment.body,
          createdAt: c.comment.createdAt,
        })),
        abilities: decisionAbilities(ctx.actor, type, decision),
      };
    },
  );

  app.post(
    '/w/:workspace/decisions/:number/comments',
    {
      config: { access: 'workspace', action: 'decision.comment', idempotent: true },
      schema: { tags, params: NumberParamsSchema, body: CommentBodySchema },
    },
    async (request, reply) => {
      const comment = await commentOnDecision(
        workspaceContext(db, request),
        request.params.number,
        request.body.body,
      );
      return reply
        .status(201)
        .send({ comment: { id: comment.id, body: comment.body, createdAt: comment.createdAt } });
    },
  );

  for (const outcome of ['approved', 'rejected'] as const) {
    app.post(
      `/w/:workspace/decisions/:number/${outcome === 'approved' ? 'approve' : 'reject'}`,
      {
        config: { access: 'workspace', action: 'decision.decide' },
        schema: { tags, params: NumberParamsSchema, body: DecideBodySchema },
      },
      async (request) => {
        const ctx = workspaceContext(db, request);
        await decide(ctx, request.params.number, outcome, request.body.rationale);
        const found = await getDecision(ctx, request.params.number);
        return { decision: presentDecision(found.decision, found.type) };
      },
    );
  }

  app.post(
    '/w/:workspace/decisions/:number/withdraw',
    {
      config: { access: 'workspace', action: 'decision.withdraw' },
      schema: { tags, params: NumberParamsSchema, body: DecideBodySchema },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      await withdrawDecision(ctx, request.params.number, request.body.rationale);
      const found = await getDecision(ctx, request.params.number);
      return { decision: presentDecision(found.decision, found.type) };
    },
  );
};
