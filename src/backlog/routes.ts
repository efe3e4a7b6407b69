import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BACKLOG_PRIORITIES, BACKLOG_SOURCES, BACKLOG_STATUSES } from '../db/schema/backlog.ts';
import { checkQuarter } from '../domain/incidents.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { presentBacklogItem } from './presenter.ts';
import {
  createBacklogItem,
  getBacklogItem,
  listBacklog,
  moveBacklogItem,
  updateBacklogItem,
} from './service.ts';

const ItemParamsSchema = WorkspaceParamsSchema.extend({
  // Accepts IMP-7 or 7.
  number: z
    .string()
    .regex(/^(?:IMP-)?\d{1,9}$/i, 'is not a backlog key such as IMP-7')
    .transform((k) => Number(k.split('-').pop())),
});
export const QuarterSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const check = checkQuarter(value);
    if (!check.ok) ctx.addIssue({ code: 'custom', message: check.message });
  });
const IncidentRefSchema = z
  .string()
  .regex(/^(?:MI-)?\d{1,9}$/i, 'is not an incident key such as MI-3')
  .transform((k) => Number(k.split('-').pop()));
const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)).max(values.length));

const ListQuerySchema = z.strictObject({
  status: csv(BACKLOG_STATUSES).optional(),
  source: z.enum(BACKLOG_SOURCES).optional(),
  ownerPartyId: z.uuid().optional(),
});
export const ActionFieldsSchema = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(200),
  why: z.string().trim().max(5000).default(''),
  ownerPartyId: z.uuid(),
  priority: z.enum(BACKLOG_PRIORITIES).default('medium'),
  targetQuarter: QuarterSchema.nullable().optional(),
});
const CreateBodySchema = ActionFieldsSchema.extend({
  source: z.enum(BACKLOG_SOURCES).default('proposal'),
  sourceIncident: IncidentRefSchema.optional(),
  sourceLabel: z.string().trim().min(1).max(300).nullable().optional(),
});
const UpdateBodySchema = z.strictObject({
  version: z.number().int().positive(),
  title: z.string().trim().min(1, 'must not be empty').max(200).optional(),
  why: z.string().trim().max(5000).optional(),
  ownerPartyId: z.uuid().optional(),
  priority: z.enum(BACKLOG_PRIORITIES).optional(),
  targetQuarter: QuarterSchema.nullable().optional(),
  sourceLabel: z.string().trim().min(1).max(300).nullable().optional(),
});
const MoveBodySchema = z.strictObject({
  version: z.number().int().positive(),
  status: z.enum(BACKLOG_STATUSES),
  /** 0-based place in the target column; the end when absent. */
  position: z.number().int().min(0).max(10_000).optional(),
});

export const backlogRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['backlog'];

  app.get(
    '/w/:workspace/backlog',
    {
      config: { access: 'workspace', action: 'backlog.view' },
      schema: { tags, params: WorkspaceParamsSchema, querystring: ListQuerySchema },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const rows = await listBacklog(ctx, request.query);
      return { items: rows.map((r) => presentBacklogItem(ctx.actor, r)), statuses: BACKLOG_STATUSES };
    },
  );

  app.post(
    '/w/:workspace/backlog',
    {
      config: { access: 'workspace', action: 'backlog.create', idempotent: true },
      schema: { tags, params: WorkspaceParamsSchema, body: CreateBodySchema },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const item = await createBacklogItem(ctx, request.body);
      const row = await getBacklogItem(ctx, item.number);
      return reply.status(201).send({ item: presentBacklogItem(ctx.actor, row) });
    },
  );

  app.get(
    '/w/:workspace/backlog/:number',
    {
      config: { access: 'workspace', action: 'backlog.view' },
      schema: { tags, params: ItemParamsSchema },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      return { item: presentBacklogItem(ctx.actor, await getBacklogItem(ctx, request.params.number)) };
    },
  );

  app.patch(
    '/w/:workspace/backlog/:number',
    {
      config: { access: 'workspace', action: 'backlog.update' },
      schema: { tags, params: ItemParamsSchema, body: UpdateBodySchema },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const row = await updateBacklogItem(ctx, request.params.number, request.body);
      return { item: presentBacklogItem(ctx.actor, row) };
    },
  );

  app.post(
    '/w/:workspace/backlog/:number/move',
    {
      config: { access: 'workspace', action: 'backlog.update' },
      schema: { tags, params: ItemParamsSchema, body: MoveBodySchema },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const row = await moveBacklogItem(ctx, request.params.number, request.body);
      return { item: presentBacklogItem(ctx.actor, row) };
    },
  );
};
