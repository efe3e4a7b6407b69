import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { accountContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { CreateWorkspaceBodySchema, WorkspaceAnswerSchema } from '../workspaces/contract.ts';
import { presentWorkspace } from '../workspaces/presenter.ts';
import { createWorkspace } from './create-workspace.ts';

/** `POST /workspaces`: an administrator opens a workspace with its starting map and obligations. */
export const workspaceSetupRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

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
};
