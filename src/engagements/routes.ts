import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { MapExportSchema } from '../responsibility/contract.ts';
import { getMap } from '../responsibility/map.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { sendExport } from '../server/downloads.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
import { getWorkspace } from '../workspaces/service.ts';
import { annexToCsv, annexToHtml, annexToMarkdown } from './annex.ts';
import {
  AnnexParamsSchema,
  CreateEngagementBodySchema,
  DecideProposalBodySchema,
  EditTermsBodySchema,
  EngagementListResponseSchema,
  EngagementParamsSchema,
  EngagementResponseSchema,
  ProposalParamsSchema,
  ProposalResponseSchema,
  VersionParamsSchema,
  VersionResponseSchema,
} from './contract.ts';
import { canEngagement } from './policy.ts';
import { presentEngagement, presentEngagementSummary, presentProposal, presentTerms } from './presenter.ts';
import {
  createEngagement,
  decideProposal,
  editTerms,
  getEngagement,
  getEngagementVersion,
  listEngagements,
  proposeTerms,
} from './service.ts';

export const engagementRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['engagements'];
  const base = '/w/:workspace/engagements';

  const read = workspaceReads(app, db, tags);
  read(base, {
    action: 'engagements.view',
    params: WorkspaceParamsSchema,
    response: EngagementListResponseSchema,
    run: async (ctx) => {
      const rows = await listEngagements(ctx);
      return {
        engagements: rows.map(presentEngagementSummary),
        abilities: { create: canEngagement(ctx.actor, 'create') },
      };
    },
  });

  const write = workspaceWrites(app, db, tags);
  write('POST', base, {
    action: 'engagements.create',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: CreateEngagementBodySchema,
    status: 201,
    response: EngagementResponseSchema,
    run: async (ctx, _p, body) => {
      const id = await createEngagement(ctx, body);
      return { engagement: presentEngagement(ctx.actor, await getEngagement(ctx, id)) };
    },
  });

  read(`${base}/:engagementId`, {
    action: 'engagements.view',
    params: EngagementParamsSchema,
    response: EngagementResponseSchema,
    run: async (ctx, p) => {
      return {
        engagement: presentEngagement(ctx.actor, await getEngagement(ctx, p.engagementId)),
      };
    },
  });

  write('PUT', `${base}/:engagementId/terms`, {
    action: 'engagements.edit',
    params: EngagementParamsSchema,
    body: EditTermsBodySchema,
    response: EngagementResponseSchema,
    run: async (ctx, p, body) => {
      await editTerms(ctx, p.engagementId, body);
      return {
        engagement: presentEngagement(ctx.actor, await getEngagement(ctx, p.engagementId)),
      };
    },
  });

  write('POST', `${base}/:engagementId/proposals`, {
    action: 'engagements.propose',
    idempotent: true,
    params: EngagementParamsSchema,
    body: EditTermsBodySchema,
    status: 201,
    response: ProposalResponseSchema,
    run: async (ctx, p, body) => {
      const proposalId = await proposeTerms(ctx, p.engagementId, body);
      const data = await getEngagement(ctx, p.engagementId);
      const proposal = data.proposals.find((p) => p.id === proposalId)!;
      return { proposal: presentProposal(proposal, data.people, data.links) };
    },
  });

  for (const [path, decision] of [
    ['approve', 'approved'],
    ['reject', 'rejected'],
  ] as const) {
    write('POST', `${base}/:engagementId/proposals/:proposalId/${path}`, {
      action: 'engagements.decide',
      params: ProposalParamsSchema,
      body: DecideProposalBodySchema,
      response: EngagementResponseSchema,
      run: async (ctx, p, body) => {
        const { engagementId, proposalId } = p;
        await decideProposal(ctx, engagementId, proposalId, decision, body.note);
        return { engagement: presentEngagement(ctx.actor, await getEngagement(ctx, engagementId)) };
      },
    });
  }

  read(`${base}/:engagementId/versions/:number`, {
    action: 'engagements.view',
    params: VersionParamsSchema,
    response: VersionResponseSchema,
    run: async (ctx, p) => {
      const { version, people, links } = await getEngagementVersion(ctx, p.engagementId, p.number);
      return {
        version: {
          number: version.number,
          summary: version.summary,
          fromProposal: version.proposalId !== null,
          createdBy: {
            membershipId: version.createdByMembershipId,
            name: people.get(version.createdByMembershipId) ?? null,
          },
          createdAt: version.createdAt,
          terms: presentTerms(version.terms, people, links),
        },
      };
    },
  });

  app.get(
    `${base}/:engagementId/annex/:format`,
    {
      config: { access: 'workspace', action: 'engagements.view' },
      schema: { tags, params: AnnexParamsSchema, response: { 200: MapExportSchema } },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const data = await getEngagement(ctx, request.params.engagementId);
      const [map, workspace] = [await getMap(ctx), await getWorkspace(ctx)];
      const terms = presentTerms(data.current.terms, data.people, data.links);
      const annex = {
        providerName: data.providerName,
        version: data.engagement.currentVersion,
        startsOn: data.engagement.startsOn,
        terms: { ...terms, ownerName: terms.owner.name ?? 'named person' },
        map: {
          ...map,
          workspaceName: workspace.name,
          versionNumber: map.version.number,
          approvedAt: map.version.createdAt,
        },
      };
      const { format } = request.params;
      const [type, body] =
        format === 'csv'
          ? ['text/csv', annexToCsv(annex)]
          : format === 'md'
            ? ['text/markdown', annexToMarkdown(annex)]
            : ['text/html', annexToHtml(annex)];
      const filename = `${workspace.slug}-contract-annex-v${data.engagement.currentVersion}.${format}`;
      return sendExport(reply, { contentType: `${type}; charset=utf-8`, filename, content: body });
    },
  );
};
