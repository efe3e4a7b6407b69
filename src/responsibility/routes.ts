import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { sendExport } from '../server/downloads.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import {
  DecideProposalBodySchema,
  DiffQuerySchema,
  ExportParamsSchema,
  ListProposalsQuerySchema,
  MapExportSchema,
  MapVersionsSchema,
  ProposalAnswerSchema,
  ProposalApprovedSchema,
  ProposalBodySchema,
  ProposalDetailSchema,
  ProposalParamsSchema,
  ProposalsSchema,
  RejectProposalBodySchema,
  ResponsibilityMapSchema,
  ServiceAnswerSchema,
  ServiceBodySchema,
  ServiceParamsSchema,
  ServicePatchSchema,
  ServicePriorityBodySchema,
  VersionDiffSchema,
  VersionQuerySchema,
} from './contract.ts';
import { diffVersions, exportMap, getMap, listVersions } from './map.ts';
import { responsibilityAbilities } from './policy.ts';
import { presentAssignment, presentProposal, presentService, proposalAbilities } from './presenter.ts';
import {
  approveProposal,
  createProposal,
  getProposal,
  listProposals,
  rejectProposal,
  withdrawProposal,
} from './proposals.ts';
import { createService, setServicePriority, setServiceStatus, updateService } from './services-admin.ts';

export const responsibilityRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['responsibility'];

  const read = workspaceReads(app, db, tags);
  read('/w/:workspace/responsibility/map', {
    action: 'responsibility.view',
    params: WorkspaceParamsSchema,
    querystring: VersionQuerySchema,
    response: ResponsibilityMapSchema,
    run: async (ctx, _p, query) => {
      const map = await getMap(ctx, query.version);
      return {
        version: {
          number: map.version.number,
          createdAt: map.version.createdAt,
          summary: map.version.summary,
          isCurrent: map.isCurrent,
        },
        services: map.services,
        parties: map.parties,
        assignments: map.assignments.map((a) => presentAssignment(a, map.people)),
        gaps: map.gaps,
        abilities: responsibilityAbilities(ctx.actor),
      };
    },
  });

  app.get(
    '/w/:workspace/responsibility/map/export/:format',
    {
      config: { access: 'workspace', action: 'responsibility.view' },
      schema: {
        tags,
        params: ExportParamsSchema,
        querystring: VersionQuerySchema,
        response: { 200: MapExportSchema },
      },
    },
    async (request, reply) => {
      const file = await exportMap(
        workspaceContext(db, request),
        request.query.version,
        request.params.format,
      );
      return sendExport(reply, {
        contentType: `${file.contentType}; charset=utf-8`,
        filename: file.filename,
        content: file.body,
      });
    },
  );

  read('/w/:workspace/responsibility/versions', {
    action: 'responsibility.view',
    params: WorkspaceParamsSchema,
    response: MapVersionsSchema,
    run: async (ctx) => ({
      items: (await listVersions(ctx)).map(({ version, approvedBy }) => ({
        number: version.number,
        createdAt: version.createdAt,
        summary: version.summary,
        approvedBy,
        proposalId: version.proposalId,
      })),
    }),
  });

  read('/w/:workspace/responsibility/versions/diff', {
    action: 'responsibility.view',
    params: WorkspaceParamsSchema,
    querystring: DiffQuerySchema,
    response: VersionDiffSchema,
    run: async (ctx, _p, query) => {
      const diff = await diffVersions(ctx, query.from, query.to);
      return {
        from: diff.from.number,
        to: diff.to.number,
        added: diff.added.map((a) => presentAssignment(a, diff.people)),
        removed: diff.removed.map((a) => presentAssignment(a, diff.people)),
      };
    },
  });

  app.post(
    '/w/:workspace/services',
    {
      config: { access: 'workspace', action: 'responsibility.manageServices', idempotent: true },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        body: ServiceBodySchema,
        response: { 201: ServiceAnswerSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ service: presentService(await createService(workspaceContext(db, request), request.body)) }),
  );

  app.patch(
    '/w/:workspace/services/:id',
    {
      config: { access: 'workspace', action: 'responsibility.manageServices' },
      schema: {
        tags,
        params: ServiceParamsSchema,
        body: ServicePatchSchema,
        response: { 200: ServiceAnswerSchema },
      },
    },
    async (request) => ({
      service: presentService(
        await updateService(workspaceContext(db, request), request.params.id, request.body),
      ),
    }),
  );

  app.put(
    '/w/:workspace/services/:id/priority',
    {
      config: { access: 'workspace', action: 'responsibility.setServicePriority' },
      schema: {
        tags,
        params: ServiceParamsSchema,
        body: ServicePriorityBodySchema,
        response: { 200: ServiceAnswerSchema },
      },
    },
    async (request) => ({
      service: presentService(
        await setServicePriority(workspaceContext(db, request), request.params.id, request.body),
      ),
    }),
  );

  for (const [path, status] of [
    ['retire', 'retired'],
    ['reinstate', 'active'],
  ] as const) {
    app.post(
      `/w/:workspace/services/:id/${path}`,
      {
        config: { access: 'workspace', action: 'responsibility.manageServices' },
        schema: { tags, params: ServiceParamsSchema, response: { 200: ServiceAnswerSchema } },
      },
      async (request) => ({
        service: presentService(
          await setServiceStatus(workspaceContext(db, request), request.params.id, status),
        ),
      }),
    );
  }

  read('/w/:workspace/responsibility/proposals', {
    action: 'responsibility.view',
    params: WorkspaceParamsSchema,
    querystring: ListProposalsQuerySchema,
    response: ProposalsSchema,
    run: async (ctx, _p, query) => ({
      items: (await listProposals(ctx, query.status)).map((r) => ({
        ...presentProposal(r.proposal),
        proposedBy: r.proposedBy,
        changeCount: r.changeCount,
      })),
    }),
  });

  app.post(
    '/w/:workspace/responsibility/proposals',
    {
      config: { access: 'workspace', action: 'responsibility.propose', idempotent: true },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        body: ProposalBodySchema,
        response: { 201: ProposalAnswerSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send({
        proposal: presentProposal(await createProposal(workspaceContext(db, request), request.body)),
      }),
  );

  read('/w/:workspace/responsibility/proposals/:number', {
    action: 'responsibility.view',
    params: ProposalParamsSchema,
    response: ProposalDetailSchema,
    run: async (ctx, p) => {
      const found = await getProposal(ctx, p.number);
      return {
        proposal: {
          ...presentProposal(found.proposal),
          proposedBy: found.proposedBy,
          decidedBy: found.decidedBy,
        },
        changes: found.changes.map((c) => ({ op: c.op, ...presentAssignment(c, found.people) })),
        superseded: found.superseded,
        abilities: {
          ...proposalAbilities(ctx.actor, found.proposal),
          // An overtaken proposal can no longer be approved (the server would refuse it).
          ...(found.superseded && { approve: false }),
        },
      };
    },
  });

  app.post(
    '/w/:workspace/responsibility/proposals/:number/approve',
    {
      config: { access: 'workspace', action: 'responsibility.decideProposal' },
      schema: {
        tags,
        params: ProposalParamsSchema,
        body: DecideProposalBodySchema,
        response: { 200: ProposalApprovedSchema },
      },
    },
    async (request) => {
      const { proposal, version } = await approveProposal(
        workspaceContext(db, request),
        request.params.number,
        request.body.note ?? null,
      );
      return {
        proposal: presentProposal(proposal),
        version: { number: version.number, createdAt: version.createdAt },
      };
    },
  );

  app.post(
    '/w/:workspace/responsibility/proposals/:number/reject',
    {
      config: { access: 'workspace', action: 'responsibility.decideProposal' },
      schema: {
        tags,
        params: ProposalParamsSchema,
        body: RejectProposalBodySchema,
        response: { 200: ProposalAnswerSchema },
      },
    },
    async (request) => ({
      proposal: presentProposal(
        await rejectProposal(workspaceContext(db, request), request.params.number, request.body.note),
      ),
    }),
  );

  app.post(
    '/w/:workspace/responsibility/proposals/:number/withdraw',
    {
      config: { access: 'workspace', action: 'responsibility.withdrawProposal' },
      schema: { tags, params: ProposalParamsSchema, response: { 200: ProposalAnswerSchema } },
    },
    async (request) => ({
      proposal: presentProposal(await withdrawProposal(workspaceContext(db, request), request.params.number)),
    }),
  );
};
