import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { listMyMemberships, partyRefOf } from '../accounts/presenter.ts';
import { accountContext, workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceIdParamsSchema, WorkspaceParamsSchema } from '../server/http.ts';
import {
  CreateWorkspaceBodySchema,
  MyWorkspacesSchema,
  PartiesSchema,
  PartyAnswerSchema,
  PartyBodySchema,
  RenamePartyBodySchema,
  UpdateWorkspaceBodySchema,
  WorkspaceAnswerSchema,
  WorkspaceDetailSchema,
} from './contract.ts';
import { presentParty, presentWorkspace, presentWorkspaceDetail } from './presenter.ts';
import {
  createProviderParty,
  createWorkspace,
  getWorkspace,
  listParties,
  renameParty,
  updateWorkspace,
} from './service.ts';

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

  app.post(
    '/workspaces',
    {
      config: { access: 'account', idempotent: true },
      schema: {
        tags: ['workspaces'],
        body: CreateWorkspaceBodySchema,
        response: { 201: WorkspaceAnswerSchema },
      },
    },
    async (request, reply) => {
      const ctx = accountContext(db, request);
      const { workspace } = await createWorkspace(
        db,
        request.meta,
        { accountId: ctx.accountId, isAdmin: ctx.isAdmin },
        request.body,
      );
      return reply.status(201).send({ workspace: presentWorkspace(workspace) });
    },
  );

  app.get(
    '/w/:workspace',
    {
      config: { access: 'workspace', action: 'workspace.view' },
      schema: {
        tags: ['workspaces'],
        params: WorkspaceParamsSchema,
        response: { 200: WorkspaceDetailSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      return presentWorkspaceDetail(await getWorkspace(ctx), ctx.actor);
    },
  );

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

  app.get(
    '/w/:workspace/parties',
    {
      config: { access: 'workspace', action: 'workspace.listParties' },
      schema: { tags: ['parties'], params: WorkspaceParamsSchema, response: { 200: PartiesSchema } },
    },
    async (request) => ({
      items: (await listParties(workspaceContext(db, request))).map(presentParty),
    }),
  );

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
