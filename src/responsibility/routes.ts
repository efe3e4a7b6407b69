import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RACI_ROLES } from '../domain/raci.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { mapToCsv, mapToHtml, mapToMarkdown } from './export.ts';
import { diffVersions, getMap, getMapForExport, listVersions } from './map.ts';
import { responsibilityAbilities } from './policy.ts';
import { presentAssignment, presentProposal, presentService } from './presenter.ts';
import {
  approveProposal,
  createProposal,
  getProposal,
  listProposals,
  rejectProposal,
  withdrawProposal,
} from './proposals.ts';
import { createService, setServiceStatus, updateService } from './services-admin.ts';

const VersionQuerySchema = z.strictObject({ version: z.coerce.number().int().positive().optional() });
const ExportParamsSchema = WorkspaceParamsSchema.extend({ format: z.enum(['csv', 'md', 'html']) });
const DiffQuerySchema = z.strictObject({
  from: z.coerce.number().int().positive(),
  to: z.coerce.number().int().positive(),
});
const ServiceParamsSchema = WorkspaceParamsSchema.extend({ id: z.uuid() });
const ProposalParamsSchema = WorkspaceParamsSchema.extend({ number: z.coerce.number().int().positive() });
const TextSchema = (max: number) => z.string().trim().max(max);
const ServiceBodySchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(120),
  description: TextSchema(2000).default(''),
  carriesBusinessDecisions: z.boolean().default(false),
  decisionTypeKeys: z.array(z.string().min(1).max(100)).max(50).default([]),
});
const ServicePatchSchema = z.strictObject({
  version: z.number().int().positive(),
  name: z.string().trim().min(1, 'must not be empty').max(120).optional(),
  description: TextSchema(2000).optional(),
  carriesBusinessDecisions: z.boolean().optional(),
  decisionTypeKeys: z.array(z.string().min(1).max(100)).max(50).optional(),
});
const ChangeSchema = z.strictObject({
  op: z.enum(['add', 'remove']),
  serviceId: z.uuid(),
  partyId: z.uuid(),
  membershipId: z.uuid().nullable().default(null),
  role: z.enum(RACI_ROLES),
});
const ProposalBodySchema = z
  .strictObject({
    title: z.string().trim().min(1, 'must not be empty').max(200),
    rationale: TextSchema(5000).default(''),
    changes: z.array(ChangeSchema).min(1).max(2000).optional(),
    fromSuggestionsForPartyId: z.uuid().optional(),
  })
  .refine((b) => (b.changes === undefined) !== (b.fromSuggestionsForPartyId === undefined), {
    message: 'send either changes or fromSuggestionsForPartyId',
    path: ['changes'],
  });
const ListProposalsQuerySchema = z.strictObject({
  status: z.enum(['proposed', 'approved', 'rejected', 'withdrawn']).optional(),
});
const DecideBodySchema = z.strictObject({ note: TextSchema(5000).optional() });
const RejectBodySchema = z.strictObject({
  note: z.string().trim().min(1, 'say why the proposal is rejected').max(5000),
});

export const responsibilityRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['responsibility'];

  app.get(
    '/w/:workspace/responsibility/map',
    {
      config: { access: 'workspace', action: 'responsibility.view' },
      schema: { tags, params: WorkspaceParamsSchema, querystring: VersionQuerySchema },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const map = await getMap(ctx, request.query.version);
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
  );

  app.get(
    '/w/:workspace/responsibility/map/export/:format',
    {
      config: { access: 'workspace', action: 'responsibility.view' },
      schema: { tags, params: ExportParamsSchema, querystring: VersionQuerySchema },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const { map, workspace } = await getMapForExport(ctx, request.query.version);
      const data = {
        ...map,
        workspaceName: workspace.name,
        versionNumber: map.version.number,
        approvedAt: map.version.createdAt,
      };
      const { format } = request.params;
      const [type, body] =
        format === 'csv'
          ? ['text/csv', mapToCsv(data)]
          : format === 'md'
            ? ['text/markdown', mapToMarkdown(data)]
            : ['text/html', mapToHtml(data)];
      const filename = `${workspace.slug}-responsibilities-v${map.version.number}.${format}`;
      return reply
        .header('content-type', `${type}; charset=utf-8`)
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(body);
    },
  );

  app.get(
    '/w/:workspace/responsibility/versions',
    {
      config: { access: 'workspace', action: 'responsibility.view' },
      schema: { tags, params: WorkspaceParamsSchema },
    },
    async (request) => ({
      items: (await listVersions(workspaceContext(db, request))).map(({ version, approvedBy }) => ({
        number: version.number,
        createdAt: version.createdAt,
        summary: version.summary,
        approvedBy,
        proposalId: version.proposalId,
      })),
    }),
  );

  app.get(
    '/w/:workspace/responsibility/versions/diff',
    {
      config: { access: 'workspace', action: 'responsibility.view' },
      schema: { tags, params: WorkspaceParamsSchema, querystring: DiffQuerySchema },
    },
    async (request) => {
      const diff = await diffVersions(workspaceContext(db, request), request.query.from, request.query.to);
      return {
        from: diff.from.number,
        to: diff.to.number,
        added: diff.added.map((a) => presentAssignment(a, diff.people)),
        removed: diff.removed.map((a) => presentAssignment(a, diff.people)),
      };
    },
  );

  app.post(
    '/w/:workspace/services',
    {
      config: { access: 'workspace', action: 'service.create', idempotent: true },
      schema: { tags, params: WorkspaceParamsSchema, body: ServiceBodySchema },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ service: presentService(await createService(workspaceContext(db, request), request.body)) }),
  );

  app.patch(
    '/w/:workspace/services/:id',
    {
      config: { access: 'workspace', action: 'service.update' },
      schema: { tags, params: ServiceParamsSchema, body: ServicePatchSchema },
    },
    async (request) => ({
      service: presentService(
        await updateService(workspaceContext(db, request), request.params.id, request.body),
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
        config: { access: 'workspace', action: `service.${path}` },
        schema: { tags, params: ServiceParamsSchema },
      },
      async (request) => ({
        service: presentService(
          await setServiceStatus(workspaceContext(db, request), request.params.id, status),
        ),
      }),
    );
  }

  app.get(
    '/w/:workspace/responsibility/proposals',
    {
      config: { access: 'workspace', action: 'responsibility.view' },
      schema: { tags, params: WorkspaceParamsSchema, querystring: ListProposalsQuerySchema },
    },
    async (request) => ({
      items: (await listProposals(workspaceContext(db, request), request.query.status)).map((r) => ({
        ...presentProposal(r.proposal),
        proposedBy: r.proposedBy,
        changeCount: r.changeCount,
      })),
    }),
  );

  app.post(
    '/w/:workspace/responsibility/proposals',
    {
      config: { access: 'workspace', action: 'responsibility.propose', idempotent: true },
      schema: { tags, params: WorkspaceParamsSchema, body: ProposalBodySchema },
    },
    async (request, reply) =>
      reply.status(201).send({
        proposal: presentProposal(await createProposal(workspaceContext(db, request), request.body)),
      }),
  );

  app.get(
    '/w/:workspace/responsibility/proposals/:number',
    {
      config: { access: 'workspace', action: 'responsibility.view' },
      schema: { tags, params: ProposalParamsSchema },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const found = await getProposal(ctx, request.params.number);
      return {
        proposal: {
          ...presentProposal(found.proposal),
          proposedBy: found.proposedBy,
          decidedBy: found.decidedBy,
        },
        changes: found.changes.map((c) => ({ op: c.op, ...presentAssignment(c, found.people) })),
        abilities: {
          approve: found.proposal.status === 'proposed' && responsibilityAbilities(ctx.actor).decideProposal,
          reject: found.proposal.status === 'proposed' && responsibilityAbilities(ctx.actor).decideProposal,
          withdraw:
            found.proposal.status === 'proposed' &&
            (responsibilityAbilities(ctx.actor).decideProposal ||
              found.proposal.proposedByMembershipId === ctx.actor.membershipId),
        },
      };
    },
  );

  app.post(
    '/w/:workspace/responsibility/proposals/:number/approve',
    {
      config: { access: 'workspace', action: 'responsibility.decide' },
      schema: { tags, params: ProposalParamsSchema, body: DecideBodySchema },
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
      config: { access: 'workspace', action: 'responsibility.decide' },
      schema: { tags, params: ProposalParamsSchema, body: RejectBodySchema },
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
      config: { access: 'workspace', action: 'responsibility.withdraw' },
      schema: { tags, params: ProposalParamsSchema },
    },
    async (request) => ({
      proposal: presentProposal(await withdrawProposal(workspaceContext(db, request), request.params.number)),
    }),
  );
};
