import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { MapExportSchema } from '../responsibility/contract.ts';
import { getMap } from '../responsibility/map.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { sendExport } from '../server/downloads.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
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

  app.get(
    base,
    {
      config: { access: 'workspace', action: 'engagements.view' },
      schema: { tags, params: WorkspaceParamsSchema, response: { 200: EngagementListResponseSchema } },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const rows = await listEngagements(ctx);
      return {
        engagements: rows.map(presentEngagementSummary),
        abilities: { create: canEngagement(ctx.actor, 'create') },
      };
    },
  );

  app.post(
    base,
    {
      config: { access: 'workspace', action: 'engagements.create', idempotent: true },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        body: CreateEngagementBodySchema,
        response: { 201: EngagementResponseSchema },
      },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const id = await createEngagement(ctx, request.body);
      return reply
        .status(201)
        .send({ engagement: presentEngagement(ctx.actor, await getEngagement(ctx, id)) });
    },
  );

  const read = workspaceReads(app, db, tags);
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

  app.put(
    `${base}/:engagementId/terms`,
    {
      config: { access: 'workspace', action: 'engagements.edit' },
      schema: {
        tags,
        params: EngagementParamsSchema,
        body: EditTermsBodySchema,
        response: { 200: EngagementResponseSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      await editTerms(ctx, request.params.engagementId, request.body);
      return {
        engagement: presentEngagement(ctx.actor, await getEngagement(ctx, request.params.engagementId)),
      };
    },
  );

  app.post(
    `${base}/:engagementId/proposals`,
    {
      config: { access: 'workspace', action: 'engagements.propose', idempotent: true },
      schema: {
        tags,
        params: EngagementParamsSchema,
        body: EditTermsBodySchema,
        response: { 201: ProposalResponseSchema },
      },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const proposalId = await proposeTerms(ctx, request.params.engagementId, request.body);
      const data = await getEngagement(ctx, request.params.engagementId);
      const proposal = data.proposals.find((p) => p.id === proposalId)!;
      return reply.status(201).send({ proposal: presentProposal(proposal, data.people, data.links) });
    },
  );

  for (const [path, decision] of [
    ['approve', 'approved'],
    ['reject', 'rejected'],
  ] as const) {
    app.post(
      `${base}/:engagementId/proposals/:proposalId/${path}`,
      {
        config: { access: 'workspace', action: 'engagements.decide' },
        schema: {
          tags,
          params: ProposalParamsSchema,
          body: DecideProposalBodySchema,
          response: { 200: EngagementResponseSchema },
        },
      },
      async (request) => {
        const ctx = workspaceContext(db, request);
        const { engagementId, proposalId } = request.params;
        await decideProposal(ctx, engagementId, proposalId, decision, request.body.note);
        return { engagement: presentEngagement(ctx.actor, await getEngagement(ctx, engagementId)) };
      },
    );
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
