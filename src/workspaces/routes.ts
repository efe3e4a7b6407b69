import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { accountContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceIdParamsSchema, WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
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

  const write = workspaceWrites(app, db, ['workspaces']);
  write('PATCH', '/w/:workspace', {
    action: 'workspace.update',
    params: WorkspaceParamsSchema,
    body: UpdateWorkspaceBodySchema,
    response: WorkspaceAnswerSchema,
    run: async (ctx, _p, body) => ({
      workspace: presentWorkspace(await updateWorkspace(ctx, body)),
    }),
  });

  const readParties = workspaceReads(app, db, ['parties']);
  readParties('/w/:workspace/parties', {
    action: 'workspace.listParties',
    params: WorkspaceParamsSchema,
    response: PartiesSchema,
    run: async (ctx) => ({
      items: (await listParties(ctx)).map(presentParty),
    }),
  });

  const writeParties = workspaceWrites(app, db, ['parties']);
  writeParties('POST', '/w/:workspace/parties', {
    action: 'workspace.manageParties',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: PartyBodySchema,
    status: 201,
    response: PartyAnswerSchema,
    run: async (ctx, _p, body) => ({
      party: presentParty(await createProviderParty(ctx, body)),
    }),
  });

  writeParties('PATCH', '/w/:workspace/parties/:id', {
    action: 'workspace.manageParties',
    params: WorkspaceIdParamsSchema,
    body: RenamePartyBodySchema,
    response: PartyAnswerSchema,
    run: async (ctx, p, body) => ({
      party: presentParty(await renameParty(ctx, p.id, body)),
    }),
  });
};

/** @deprecated Import from `src/server/http.ts`; kept until the remaining areas stop importing it here. */
export { WorkspaceParamsSchema } from '../server/http.ts';
