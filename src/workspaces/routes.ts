import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listMyMemberships } from '../accounts/presenter.ts';
import { accountContext, workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceAbilities } from './policy.ts';
import {
  createProviderParty,
  createWorkspace,
  getWorkspace,
  listParties,
  renameParty,
  updateWorkspace,
} from './service.ts';

export { WorkspaceParamsSchema };
export const SlugSchema = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/,
    'must be 1–40 lowercase letters, digits or hyphens, not starting or ending with a hyphen',
  );
const NameSchema = z.string().trim().min(1, 'must not be empty').max(120);
const CreateWorkspaceBodySchema = z.strictObject({
  name: NameSchema,
  slug: SlugSchema,
  internalPartyName: NameSchema,
});
const UpdateWorkspaceBodySchema = z.strictObject({
  version: z.number().int().positive(),
  name: NameSchema.optional(),
  requireMfa: z.boolean().optional(),
});
const PartyBodySchema = z.strictObject({ name: NameSchema });
const RenamePartyBodySchema = z.strictObject({ version: z.number().int().positive(), name: NameSchema });

const presentWorkspace = (w: {
  id: string;
  slug: string;
  name: string;
  requireMfa: boolean;
  version: number;
  createdAt: Date;
}) => ({
  id: w.id,
  slug: w.slug,
  name: w.name,
  requireMfa: w.requireMfa,
  version: w.version,
  createdAt: w.createdAt,
});
const presentParty = (p: {
  id: string;
  name: string;
  kind: string;
  version: number;
  createdAt: Date;
  memberCount?: number;
}) => ({
  id: p.id,
  name: p.name,
  kind: p.kind,
  version: p.version,
  createdAt: p.createdAt,
  memberCount: p.memberCount ?? 0,
});

export const workspaceRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  app.get(
    '/workspaces',
    { config: { access: 'account' }, schema: { tags: ['workspaces'] } },
    async (request) => {
      const rows = await listMyMemberships(db, accountContext(db, request).accountId);
      return {
        items: rows.map((r) => ({
          id: r.workspace.id,
          slug: r.workspace.slug,
          name: r.workspace.name,
          role: r.role,
          party: r.partyId ? { id: r.partyId, name: r.partyName, kind: r.partyKind } : null,
        })),
      };
    },
  );

  app.post(
    '/workspaces',
    {
      config: { access: 'account', idempotent: true },
      schema: { tags: ['workspaces'], body: CreateWorkspaceBodySchema },
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
      schema: { tags: ['workspaces'], params: WorkspaceParamsSchema },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const workspace = await getWorkspace(ctx);
      const { actor } = ctx;
      return {
        workspace: presentWorkspace(workspace),
        membership: {
          id: actor.membershipId,
          role: actor.role,
          partyId: actor.partyId,
          partyKind: actor.partyKind,
        },
        abilities: workspaceAbilities(actor),
      };
    },
  );

  app.patch(
    '/w/:workspace',
    {
      config: { access: 'workspace', action: 'workspace.update' },
      schema: { tags: ['workspaces'], params: WorkspaceParamsSchema, body: UpdateWorkspaceBodySchema },
    },
    async (request) => ({
      workspace: presentWorkspace(await updateWorkspace(workspaceContext(db, request), request.body)),
    }),
  );

  app.get(
    '/w/:workspace/parties',
    {
      config: { access: 'workspace', action: 'party.list' },
      schema: { tags: ['parties'], params: WorkspaceParamsSchema },
    },
    async (request) => ({
      items: (await listParties(workspaceContext(db, request))).map(presentParty),
    }),
  );

  app.post(
    '/w/:workspace/parties',
    {
      config: { access: 'workspace', action: 'party.create', idempotent: true },
      schema: { tags: ['parties'], params: WorkspaceParamsSchema, body: PartyBodySchema },
    },
    async (request, reply) =>
      reply.status(201).send({
        party: presentParty(await createProviderParty(workspaceContext(db, request), request.body)),
      }),
  );

  app.patch(
    '/w/:workspace/parties/:id',
    {
      config: { access: 'workspace', action: 'party.rename' },
      schema: {
        tags: ['parties'],
        params: WorkspaceParamsSchema.extend({ id: z.uuid() }),
        body: RenamePartyBodySchema,
      },
    },
    async (request) => ({
      party: presentParty(await renameParty(workspaceContext(db, request), request.params.id, request.body)),
    }),
  );
};
