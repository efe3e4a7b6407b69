import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import { governanceReference } from '../defaults/governance.ts';
import { reviewKey } from '../domain/access.ts';
import type { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { recordWrites } from '../server/record-writes.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
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

  const read = workspaceReads(app, db, tags);
  read('/w/:workspace/obligations', {
    action: 'obligation.view',
    params: WorkspaceParamsSchema,
    response: ObligationListResponseSchema,
    run: async (ctx) => {
      const found = await listObligations(ctx);
      return {
        items: found.rows.map((o) => presentObligationSummary(o, found, found.stats.get(o.id))),
        abilities: { manage: found.canManage },
      };
    },
  });

  read('/w/:workspace/obligations/controls', {
    action: 'obligation.view',
    params: WorkspaceParamsSchema,
    response: ControlsResponseSchema,
    run: () => {
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
  });

  const write = workspaceWrites(app, db, tags);
  write('POST', '/w/:workspace/obligations', {
    action: 'obligation.manage',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: CreateObligationBodySchema,
    status: 201,
    response: ObligationResponseSchema,
    run: async (ctx, _p, body) => obligationDetail(ctx, (await createObligation(ctx, body)).number),
  });

  read('/w/:workspace/obligations/occurrences', {
    action: 'obligation.view',
    params: WorkspaceParamsSchema,
    querystring: OccurrenceListQuerySchema,
    response: OccurrenceListResponseSchema,
    run: async (ctx, _p, query) => ({
      items: presentOccurrences(ctx.actor, await listOccurrences(ctx, query)),
    }),
  });

  read('/w/:workspace/obligations/evidence', {
    action: 'obligation.view',
    params: WorkspaceParamsSchema,
    response: EvidenceLibraryResponseSchema,
    run: async (ctx) => ({ controls: await evidenceLibrary(ctx) }),
  });

  read('/w/:workspace/obligations/evidence/:control', {
    action: 'obligation.view',
    params: ControlParamsSchema,
    response: ControlEvidenceResponseSchema,
    run: async (ctx, p) => {
      const found = await controlEvidence(ctx, p.control);
      return {
        control: found.control,
        occurrences: presentOccurrences(ctx.actor, found.occurrences),
        figureSeries: found.figureSeries,
      };
    },
  });

  read('/w/:workspace/obligations/:key', {
    action: 'obligation.view',
    params: ObligationParamsSchema,
    response: ObligationResponseSchema,
    run: (ctx, p) => obligationDetail(ctx, p.key),
  });

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

  read('/w/:workspace/obligations/occurrences/:id', {
    action: 'obligation.view',
    params: OccurrenceParamsSchema,
    response: OccurrenceResponseSchema,
    run: (ctx, p) => occurrenceDetail(ctx, p.id),
  });

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
