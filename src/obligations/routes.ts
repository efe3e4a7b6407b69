import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import { governanceReference } from '../defaults/governance.ts';
import { reviewKey } from '../domain/access.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { recordWrites } from '../server/record-writes.ts';
import {
  AcceptBodySchema,
  ControlEvidenceResponseSchema,
  ControlParamsSchema,
  ControlsResponseSchema,
  CreateObligationBodySchema,
  EvidenceBodySchema,
  EvidenceLibraryResponseSchema,
  ObligationListResponseSchema,
  ObligationParamsSchema,
  ObligationResponseSchema,
  OccurrenceListQuerySchema,
  OccurrenceListResponseSchema,
  OccurrenceParamsSchema,
  OccurrenceResponseSchema,
  RejectBodySchema,
  SubmitBodySchema,
  UpdateObligationBodySchema,
} from './contract.ts';
import {
  presentEvidenceDefinition,
  presentObligationDetail,
  presentObligationSummary,
  presentOccurrences,
} from './presenter.ts';
import { createObligation, getObligation, listObligations, updateObligation } from './service/definitions.ts';
import { controlEvidence, evidenceLibrary } from './service/library.ts';
import {
  acceptOccurrence,
  bundle,
  getOccurrence,
  listOccurrences,
  recordEvidence,
  rejectOccurrence,
  submitOccurrence,
} from './service/occurrences.ts';

export const obligationRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['obligations'];
  const obligationDetail = async (ctx: ReturnType<typeof workspaceContext>, number: number) => {
    const found = await getObligation(ctx, number);
    const occurrences = await withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
      bundle(tx, ctx.actor.workspaceId, found.occurrences),
    );
    return { obligation: presentObligationDetail(ctx.actor, found.obligation, found, occurrences) };
  };
  const occurrenceDetail = async (ctx: ReturnType<typeof workspaceContext>, id: string) => {
    const b = await getOccurrence(ctx, id);
    return {
      occurrence: presentOccurrences(ctx.actor, b)[0]!,
      evidence: presentEvidenceDefinition(b.obligations.get(b.occurrences[0]!.obligationId)!),
      accessReviews: b.reviews.map((r) => ({
        key: reviewKey(r.number),
        title: r.title,
        status: r.status,
        completedAt: r.completedAt,
        path: `/w/${ctx.actor.workspaceSlug}/access/reviews/${reviewKey(r.number)}`,
      })),
    };
  };

  app.get(
    '/w/:workspace/obligations',
    {
      config: { access: 'workspace', action: 'obligation.view' },
      schema: { tags, params: WorkspaceParamsSchema, response: { 200: ObligationListResponseSchema } },
    },
    async (request) => {
      const found = await listObligations(workspaceContext(db, request));
      return {
        items: found.rows.map((o) => presentObligationSummary(o, found, found.stats.get(o.id))),
        abilities: { manage: found.canManage },
      };
    },
  );

  app.get(
    '/w/:workspace/obligations/controls',
    {
      config: { access: 'workspace', action: 'obligation.view' },
      schema: { tags, params: WorkspaceParamsSchema, response: { 200: ControlsResponseSchema } },
    },
    async () => {
      const ref = governanceReference();
      return {
        controls: [
          ...ref.controls.map((c) => ({ ref: c.key, name: c.name, kind: 'control' as const })),
          ...ref.cyberEssentialsControls.map((c) => ({
            ref: `ce:${c.key}`,
            name: `Cyber Essentials: ${c.name}`,
            kind: 'ce' as const,
          })),
          ...ref.csfFunctions.flatMap((f) =>
            f.categories.map((c) => ({ ref: c.id, name: `${c.id} ${c.name}`, kind: 'csf' as const })),
          ),
        ],
      };
    },
  );

  app.post(
    '/w/:workspace/obligations',
    {
      config: { access: 'workspace', action: 'obligation.manage', idempotent: true },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        body: CreateObligationBodySchema,
        response: { 201: ObligationResponseSchema },
      },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const created = await createObligation(ctx, request.body);
      return reply.status(201).send(await obligationDetail(ctx, created.number));
    },
  );

  app.get(
    '/w/:workspace/obligations/occurrences',
    {
      config: { access: 'workspace', action: 'obligation.view' },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        querystring: OccurrenceListQuerySchema,
        response: { 200: OccurrenceListResponseSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      return { items: presentOccurrences(ctx.actor, await listOccurrences(ctx, request.query)) };
    },
  );

  app.get(
    '/w/:workspace/obligations/evidence',
    {
      config: { access: 'workspace', action: 'obligation.view' },
      schema: { tags, params: WorkspaceParamsSchema, response: { 200: EvidenceLibraryResponseSchema } },
    },
    async (request) => ({ controls: await evidenceLibrary(workspaceContext(db, request)) }),
  );

  app.get(
    '/w/:workspace/obligations/evidence/:control',
    {
      config: { access: 'workspace', action: 'obligation.view' },
      schema: { tags, params: ControlParamsSchema, response: { 200: ControlEvidenceResponseSchema } },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const found = await controlEvidence(ctx, request.params.control);
      return {
        control: found.control,
        occurrences: presentOccurrences(ctx.actor, found.occurrences),
        figureSeries: found.figureSeries,
      };
    },
  );

  app.get(
    '/w/:workspace/obligations/:key',
    {
      config: { access: 'workspace', action: 'obligation.view' },
      schema: { tags, params: ObligationParamsSchema, response: { 200: ObligationResponseSchema } },
    },
    async (request) => obligationDetail(workspaceContext(db, request), request.params.key),
  );

  const writeObligation = recordWrites(app, db, {
    tags,
    params: ObligationParamsSchema,
    response: ObligationResponseSchema,
    detail: (ctx, params) => obligationDetail(ctx, params.key),
  });
  writeObligation('PATCH', '/w/:workspace/obligations/:key', {
    action: 'obligation.manage',
    body: UpdateObligationBodySchema,
    run: (ctx, p, body) => updateObligation(ctx, p.key, body),
  });

  app.get(
    '/w/:workspace/obligations/occurrences/:id',
    {
      config: { access: 'workspace', action: 'obligation.view' },
      schema: { tags, params: OccurrenceParamsSchema, response: { 200: OccurrenceResponseSchema } },
    },
    async (request) => occurrenceDetail(workspaceContext(db, request), request.params.id),
  );

  const writeOccurrence = recordWrites(app, db, {
    tags,
    params: OccurrenceParamsSchema,
    response: OccurrenceResponseSchema,
    detail: (ctx, params) => occurrenceDetail(ctx, params.id),
  });
  writeOccurrence('PATCH', '/w/:workspace/obligations/occurrences/:id/evidence', {
    action: 'obligation.submit',
    body: EvidenceBodySchema,
    run: (ctx, p, body) => recordEvidence(ctx, p.id, body),
  });
  writeOccurrence('POST', '/w/:workspace/obligations/occurrences/:id/submit', {
    action: 'obligation.submit',
    body: SubmitBodySchema,
    run: (ctx, p, body) => submitOccurrence(ctx, p.id, body),
  });
  writeOccurrence('POST', '/w/:workspace/obligations/occurrences/:id/accept', {
    action: 'obligation.review',
    body: AcceptBodySchema,
    run: (ctx, p, body) => acceptOccurrence(ctx, p.id, body),
  });
  writeOccurrence('POST', '/w/:workspace/obligations/occurrences/:id/reject', {
    action: 'obligation.review',
    body: RejectBodySchema,
    run: (ctx, p, body) => rejectOccurrence(ctx, p.id, body),
  });
};
