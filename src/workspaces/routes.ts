import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { accountContext, workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceIdParamsSchema, WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import {
  MyWorkspacesSchema,
  PartiesSchema,
  PartyAnswerSchema,
  PartyBodySchema,
  RenamePartyBodySchema,
  UpdateWorkspaceBodySchema,
  WorkspaceAnswerSchema,
  WorkspaceDetailSchema,
} from './contract.ts';
import { listMyMemberships, partyRefOf } from './my-memberships.ts';
import { presentParty, presentWorkspace, presentWorkspaceDetail } from './presenter.ts';
import { createProviderParty, getWorkspace, listParties, renameParty, updateWorkspace } from './service.ts';

export const workspaceRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  app.get(
    '/workspaces',
    {
      config: { access: 'account' },
      schema: { tags: ['workspaces'], response: { 200: MyWorkspacesSchema } },
    },
    async (request) => {
      const rows = await listMyMemberships(db, accountContext(db, request).accountId);
      return {
        items: rows.map((r) => ({
          id: r.workspace.id,
          slug: r.workspace.slug,
          name: r.workspace.name,
          role: r.role,
          party: partyRefOf(r),
        })),
      };
    },
  );

  const read = workspaceReads(app, db, ['workspaces']);
  read('/w/:workspace', {
    action: 'workspace.view',
    params: WorkspaceParamsSchema,
    response: WorkspaceDetailSchema,
    run: async (ctx) => {
      return presentWorkspaceDetail(await getWorkspace(ctx), ctx.actor);
    },
  });

  app.patch(
    '/w/:workspace',
    {
      config: { access: 'workspace', action: 'workspace.update' },
      schema: {
        tags: ['workspaces'],
        params: WorkspaceParamsSchema,
        body: UpdateWorkspaceBodySchema,
        response: { 200: WorkspaceAnswerSchema },
      },
    },
    async (request) => ({
      workspace: presentWorkspace(await updateWorkspace(workspaceContext(db, request), request.body)),
    }),
  );

  const readParties = workspaceReads(app, db, ['parties']);
  readParties('/w/:workspace/parties', {
    action: 'workspace.listParties',
    params: WorkspaceParamsSchema,
    response: PartiesSchema,
    run: async (ctx) => ({
      items: (await listParties(ctx)).map(presentParty),
    }),
  });

  app.post(
    '/w/:workspace/parties',
    {
      config: { access: 'workspace', action: 'workspace.manageParties', idempotent: true },
      schema: {
        tags: ['parties'],
        params: WorkspaceParamsSchema,
        body: PartyBodySchema,
        response: { 201: PartyAnswerSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send({
        party: presentParty(await createProviderParty(workspaceContext(db, request), request.body)),
      }),
  );

  app.patch(
    '/w/:workspace/parties/:id',
    {
      config: { access: 'workspace', action: 'workspace.manageParties' },
      schema: {
        tags: ['parties'],
        params: WorkspaceIdParamsSchema,
        body: RenamePartyBodySchema,
        response: { 200: PartyAnswerSchema },
      },
    },
    async (request) => ({
      party: presentParty(await renameParty(workspaceContext(db, request), request.params.id, request.body)),
    }),
  );
};

/** @deprecated Import from `src/server/http.ts`; kept until the remaining areas stop importing it here. */
export { WorkspaceParamsSchema } from '../server/http.ts';
