import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { sendExport } from '../server/downloads.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
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

  const write = workspaceWrites(app, db, tags);
  write('POST', '/w/:workspace/services', {
    action: 'responsibility.manageServices',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: ServiceBodySchema,
    status: 201,
    response: ServiceAnswerSchema,
    run: async (ctx, _p, body) => ({ service: presentService(await createService(ctx, body)) }),
  });

  write('PATCH', '/w/:workspace/services/:id', {
    action: 'responsibility.manageServices',
    params: ServiceParamsSchema,
    body: ServicePatchSchema,
    response: ServiceAnswerSchema,
    run: async (ctx, p, body) => ({ service: presentService(await updateService(ctx, p.id, body)) }),
  });

  write('PUT', '/w/:workspace/services/:id/priority', {
    action: 'responsibility.setServicePriority',
    params: ServiceParamsSchema,
    body: ServicePriorityBodySchema,
    response: ServiceAnswerSchema,
    run: async (ctx, p, body) => ({ service: presentService(await setServicePriority(ctx, p.id, body)) }),
  });

  for (const [path, status] of [
    ['retire', 'retired'],
    ['reinstate', 'active'],
  ] as const) {
    write('POST', `/w/:workspace/services/:id/${path}`, {
      action: 'responsibility.manageServices',
      params: ServiceParamsSchema,
      response: ServiceAnswerSchema,
      run: async (ctx, p) => ({ service: presentService(await setServiceStatus(ctx, p.id, status)) }),
    });
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

  write('POST', '/w/:workspace/responsibility/proposals', {
    action: 'responsibility.propose',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: ProposalBodySchema,
    status: 201,
    response: ProposalAnswerSchema,
    run: async (ctx, _p, body) => ({ proposal: presentProposal(await createProposal(ctx, body)) }),
  });

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

  write('POST', '/w/:workspace/responsibility/proposals/:number/approve', {
    action: 'responsibility.decideProposal',
    params: ProposalParamsSchema,
    body: DecideProposalBodySchema,
    response: ProposalApprovedSchema,
    run: async (ctx, p, body) => {
      const { proposal, version } = await approveProposal(ctx, p.number, body.note ?? null);
      return {
        proposal: presentProposal(proposal),
        version: { number: version.number, createdAt: version.createdAt },
      };
    },
  });

  write('POST', '/w/:workspace/responsibility/proposals/:number/reject', {
    action: 'responsibility.decideProposal',
    params: ProposalParamsSchema,
    body: RejectProposalBodySchema,
    response: ProposalAnswerSchema,
    run: async (ctx, p, body) => ({
      proposal: presentProposal(await rejectProposal(ctx, p.number, body.note)),
    }),
  });

  write('POST', '/w/:workspace/responsibility/proposals/:number/withdraw', {
    action: 'responsibility.withdrawProposal',
    params: ProposalParamsSchema,
    response: ProposalAnswerSchema,
    run: async (ctx, p) => ({ proposal: presentProposal(await withdrawProposal(ctx, p.number)) }),
  });
};
