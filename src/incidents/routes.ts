import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { presentBacklogItem } from '../backlog/presenter.ts';
import { ActionFieldsSchema } from '../backlog/routes.ts';
import { INCIDENT_STATUSES, UPDATE_VISIBILITIES } from '../db/schema/incidents.ts';
import { incidentKey, MAX_CADENCE_MINUTES, MIN_CADENCE_MINUTES } from '../domain/incidents.ts';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { presentIncidentDetail, presentIncidentSummary, presentReview } from './presenter.ts';
import { declareIncident } from './service/declare.ts';
import {
  changeIncident,
  linkTickets,
  postUpdate,
  resolveIncident,
  subscribe,
  unsubscribe,
} from './service/manage.ts';
import { getIncident, listIncidents, openIncidentBanner } from './service/read.ts';
import { addReviewAction, completeReview, saveReview } from './service/review.ts';

const IncidentParamsSchema = WorkspaceParamsSchema.extend({
  // Accepts MI-3 or 3.
  key: z
    .string()
    .regex(/^(?:MI-)?\d{1,9}$/i, 'is not an incident key such as MI-3')
    .transform((k) => Number(k.split('-').pop())),
});
const Cadence = z
  .number()
  .int()
  .min(MIN_CADENCE_MINUTES, `must be at least ${MIN_CADENCE_MINUTES} minutes`)
  .max(MAX_CADENCE_MINUTES, `must be at most ${MAX_CADENCE_MINUTES} minutes`);
const TicketKeys = z
  .array(z.string().trim().min(1).max(30))
  .min(1, 'name at least one ticket')
  .max(50, 'at most 50 tickets at once');
const DeclareBodySchema = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(200),
  impact: z.string().trim().max(5000).default(''),
  ticketKeys: TicketKeys,
  commanderMembershipId: z.uuid().optional(),
  communicationsLeadMembershipId: z.uuid().optional(),
  updateCadenceMinutes: Cadence.default(30),
  rationale: z.string().trim().max(5000).default(''),
});
const ChangeBodySchema = z.strictObject({
  version: z.number().int().positive(),
  title: z.string().trim().min(1, 'must not be empty').max(200).optional(),
  impact: z.string().trim().max(5000).optional(),
  commanderMembershipId: z.uuid().optional(),
  communicationsLeadMembershipId: z.uuid().nullable().optional(),
  updateCadenceMinutes: Cadence.optional(),
});
const UpdateBodySchema = z.strictObject({
  body: z.string().trim().min(1, 'must not be empty').max(10_000),
  visibility: z.enum(UPDATE_VISIBILITIES).default('public'),
});
const ResolveBodySchema = z.strictObject({
  version: z.number().int().positive(),
  resolution: z.string().trim().min(1, 'say how it was resolved').max(10_000),
});
const ReviewText = z.string().trim().max(50_000).default('');
const ReviewBodySchema = z.strictObject({
  version: z.number().int().positive().optional(),
  whatHappened: ReviewText,
  impact: ReviewText,
  timeline: ReviewText,
  causes: ReviewText,
  wentWell: ReviewText,
});

export const incidentRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['incidents'];
  const detail = async (ctx: ReturnType<typeof workspaceContext>, number: number) => {
    const found = await getIncident(ctx, number);
    return {
      incident: presentIncidentDetail(ctx.actor, found),
      actions: found.actions.map((a) => presentBacklogItem(ctx.actor, a)),
    };
  };

  app.get(
    '/w/:workspace/incidents',
    {
      config: { access: 'workspace', action: 'incident.view' },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        querystring: z.strictObject({ status: z.enum(INCIDENT_STATUSES).optional() }),
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const found = await listIncidents(ctx, request.query);
      return {
        items: found.rows.map((r) => ({
          ...presentIncidentSummary(r, found.names),
          ticketCount: found.ticketCounts.get(r.id) ?? 0,
          lastUpdateAt: found.lastUpdates.get(r.id) ?? null,
        })),
        abilities: { declare: found.canDeclare },
        declareRightHolder: found.declareHolder,
      };
    },
  );

  app.post(
    '/w/:workspace/incidents',
    {
      config: { access: 'workspace', action: 'incident.declare', idempotent: true },
      schema: { tags, params: WorkspaceParamsSchema, body: DeclareBodySchema },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const incident = await declareIncident(ctx, request.body);
      return reply.status(201).send(await detail(ctx, incident.number));
    },
  );

  // Any member, requesters included: the portal's banner shows only the latest public update.
  app.get(
    '/w/:workspace/incidents/banner',
    {
      config: { access: 'workspace', action: 'incident.banner' },
      schema: { tags, params: WorkspaceParamsSchema },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const open = await openIncidentBanner(ctx);
      return {
        items: open.map(({ incident, latest, subscribed }) => ({
          key: incidentKey(incident.number),
          title: incident.title,
          declaredAt: incident.declaredAt,
          latestUpdate: latest && { body: latest.body, createdAt: latest.createdAt },
          subscribed,
        })),
      };
    },
  );

  app.get(
    '/w/:workspace/incidents/:key',
    {
      config: { access: 'workspace', action: 'incident.view' },
      schema: { tags, params: IncidentParamsSchema },
    },
    async (request) => detail(workspaceContext(db, request), request.params.key),
  );

  app.patch(
    '/w/:workspace/incidents/:key',
    {
      config: { access: 'workspace', action: 'incident.changeRoles' },
      schema: { tags, params: IncidentParamsSchema, body: ChangeBodySchema },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      await changeIncident(ctx, request.params.key, request.body);
      return detail(ctx, request.params.key);
    },
  );

  app.post(
    '/w/:workspace/incidents/:key/tickets',
    {
      config: { access: 'workspace', action: 'incident.linkTickets' },
      schema: { tags, params: IncidentParamsSchema, body: z.strictObject({ ticketKeys: TicketKeys }) },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const added = await linkTickets(ctx, request.params.key, request.body.ticketKeys);
      return { added, ...(await detail(ctx, request.params.key)) };
    },
  );

  app.post(
    '/w/:workspace/incidents/:key/updates',
    {
      config: { access: 'workspace', action: 'incident.postUpdate', idempotent: true },
      schema: { tags, params: IncidentParamsSchema, body: UpdateBodySchema },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      await postUpdate(ctx, request.params.key, request.body);
      return reply.status(201).send(await detail(ctx, request.params.key));
    },
  );

  app.post(
    '/w/:workspace/incidents/:key/subscribers',
    {
      config: { access: 'workspace', action: 'incident.subscribe' },
      schema: {
        tags,
        params: IncidentParamsSchema,
        body: z.strictObject({ membershipId: z.uuid().optional() }),
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const { membershipId } = await subscribe(ctx, request.params.key, request.body.membershipId);
      return { subscribed: true, membershipId };
    },
  );

  app.delete(
    '/w/:workspace/incidents/:key/subscribers/:membershipId',
    {
      config: { access: 'workspace', action: 'incident.subscribe' },
      schema: { tags, params: IncidentParamsSchema.extend({ membershipId: z.uuid() }) },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      await unsubscribe(ctx, request.params.key, request.params.membershipId);
      return { subscribed: false, membershipId: request.params.membershipId };
    },
  );

  app.post(
    '/w/:workspace/incidents/:key/resolve',
    {
      config: { access: 'workspace', action: 'incident.resolve' },
      schema: { tags, params: IncidentParamsSchema, body: ResolveBodySchema },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      await resolveIncident(ctx, request.params.key, request.body);
      return detail(ctx, request.params.key);
    },
  );

  app.put(
    '/w/:workspace/incidents/:key/review',
    {
      config: { access: 'workspace', action: 'incident.writeReview' },
      schema: { tags, params: IncidentParamsSchema, body: ReviewBodySchema },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const review = await saveReview(ctx, request.params.key, request.body);
      return { review: presentReview(review, new Map()) };
    },
  );

  app.post(
    '/w/:workspace/incidents/:key/review/actions',
    {
      config: { access: 'workspace', action: 'incident.writeReview', idempotent: true },
      schema: { tags, params: IncidentParamsSchema, body: ActionFieldsSchema },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const item = await addReviewAction(ctx, request.params.key, request.body);
      const found = await detail(ctx, request.params.key);
      return reply
        .status(201)
        .send({ item: found.actions.find((a) => a.id === item.id), actions: found.actions });
    },
  );

  app.post(
    '/w/:workspace/incidents/:key/review/complete',
    {
      config: { access: 'workspace', action: 'incident.completeReview' },
      schema: {
        tags,
        params: IncidentParamsSchema,
        body: z.strictObject({ version: z.number().int().positive() }),
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      await completeReview(ctx, request.params.key, request.body.version);
      return detail(ctx, request.params.key);
    },
  );
};
