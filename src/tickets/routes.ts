import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { COMMENT_VISIBILITIES } from '../db/schema/tickets.ts';
import { LEVELS, PRIORITIES, TICKET_STATUSES } from '../domain/tickets.ts';
import { accountContext, workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import {
  presentComment,
  presentHandoff,
  presentTicket,
  presentTicketSummary,
  snippetSegments,
  ticketKey,
} from './presenter.ts';
import { addComment, logTime, rateTicket } from './service/conversation.ts';
import { createTicket } from './service/create-ticket.ts';
import { listQueueAcrossWorkspaces } from './service/cross-workspace-queue.ts';
import { LINK_KINDS, linkTickets, listLinks, unlinkTickets } from './service/links.ts';
import { getTicket, listTickets, QUEUES, SORTS, timeByParty } from './service/read-tickets.ts';
import { deleteView, listSavedViews, saveView } from './service/saved-views.ts';
import { searchTickets } from './service/search-tickets.ts';
import { listTimeEntries } from './service/time-entries.ts';
import { bulkUpdateTickets, handOffTicket, updateTicket } from './service/update-ticket.ts';
import { addWatcher, removeWatcher } from './service/watchers.ts';

const TicketParamsSchema = WorkspaceParamsSchema.extend({
  // Accepts ACME-42 or 42.
  key: z
    .string()
    .regex(/^(?:[A-Za-z0-9]+-)?\d{1,9}$/, 'is not a ticket key such as ACME-42')
    .transform((k) => Number(k.split('-').pop())),
});
const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)).max(values.length));
const ListQuerySchema = z.strictObject({
  queue: z.enum(QUEUES).default('all'),
  status: csv(TICKET_STATUSES).optional(),
  open: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  priority: csv(PRIORITIES).optional(),
  serviceId: z.uuid().optional(),
  lane: z.union([z.uuid(), z.literal('joint')]).optional(),
  assignee: z.union([z.uuid(), z.literal('none')]).optional(),
  createdAfter: z.coerce.date().optional(),
  createdBefore: z.coerce.date().optional(),
  sort: z.enum(SORTS).default('updated'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional(),
});
const CreateBodySchema = z.strictObject({
  catalogueItemId: z.uuid().optional(),
  serviceId: z.uuid().optional(),
  subject: z.string().trim().min(1, 'must not be empty').max(200),
  description: z.string().max(100_000, 'must be at most 100,000 characters').default(''),
  impact: z.enum(LEVELS).optional(),
  urgency: z.enum(LEVELS).optional(),
  fieldValues: z.record(z.string().max(100), z.unknown()).optional(),
  category: z.string().trim().min(1).max(100).optional(),
  requesterMembershipId: z.uuid().optional(),
});
const UpdateBodySchema = z.strictObject({
  version: z.number().int().positive(),
  status: z.enum(TICKET_STATUSES).optional(),
  impact: z.enum(LEVELS).optional(),
  urgency: z.enum(LEVELS).optional(),
  assigneeMembershipId: z.uuid().nullable().optional(),
  category: z.string().trim().min(1).max(100).nullable().optional(),
});
const HandoffBodySchema = z.strictObject({
  version: z.number().int().positive(),
  toPartyId: z.uuid().nullable(),
  reason: z.string().trim().min(1, 'say why the ticket moves').max(2000),
});
const CommentBodySchema = z.strictObject({
  body: z.string().trim().min(1, 'must not be empty').max(100_000, 'must be at most 100,000 characters'),
  visibility: z.enum(COMMENT_VISIBILITIES).optional(),
});
const RateBodySchema = z.strictObject({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).optional(),
});
const TimeBodySchema = z.strictObject({
  minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  note: z.string().trim().max(2000).optional(),
  spentOn: z.coerce.date().optional(),
});
const SearchQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
const TimeQuerySchema = z.strictObject({ from: z.coerce.date(), to: z.coerce.date() });
const BulkBodySchema = z
  .strictObject({
    keys: z
      .array(z.string().regex(/^(?:[A-Za-z0-9]+-)?\d{1,9}$/, 'is not a ticket key such as ACME-42'))
      .min(1)
      .max(100),
    status: z.enum(TICKET_STATUSES).optional(),
    assigneeMembershipId: z.uuid().nullable().optional(),
  })
  .refine((b) => b.status !== undefined || b.assigneeMembershipId !== undefined, {
    message: 'send a status, an assigneeMembershipId, or both',
    path: ['status'],
  });
const ViewBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  filters: z
    .record(z.string().max(50), z.union([z.string().max(300), z.number(), z.boolean()]))
    .refine((f) => Object.keys(f).length <= 20, 'at most 20 filters'),
});
const TicketKeySchema = z
  .string()
  .regex(/^(?:[A-Za-z0-9]+-)?\d{1,9}$/, 'is not a ticket key such as ACME-42')
  .transform((k) => Number(k.split('-').pop()));
const LinkBodySchema = z.strictObject({
  ticket: TicketKeySchema,
  kind: z.enum(LINK_KINDS).default('relates_to'),
});
const WatcherBodySchema = z.strictObject({ partyId: z.uuid() });
const QueueQuerySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export const ticketRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['tickets'];
  const prefixOf = (ctx: ReturnType<typeof workspaceContext>) => ctx.actor.ticketPrefix;

  app.get(
    '/w/:workspace/tickets',
    {
      config: { access: 'workspace', action: 'ticket.list' },
      schema: { tags, params: WorkspaceParamsSchema, querystring: ListQuerySchema },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const { lane, assignee, ...rest } = request.query;
      const page = await listTickets(ctx, { ...rest, lanePartyId: lane, assigneeMembershipId: assignee });
      return {
        items: page.items.map((r) => presentTicketSummary(prefixOf(ctx), r.ticket, r)),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get(
    '/w/:workspace/tickets/search',
    {
      config: { access: 'workspace', action: 'ticket.list' },
      schema: { tags, params: WorkspaceParamsSchema, querystring: SearchQuerySchema },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const hits = await searchTickets(ctx, request.query.q, request.query.limit);
      return {
        items: hits.map((h) => ({
          id: h.id,
          key: ticketKey(prefixOf(ctx), h.number),
          number: h.number,
          subject: h.subject,
          status: h.status,
          priority: h.priority,
          rank: h.rank,
          snippet: snippetSegments(h.snippet),
        })),
      };
    },
  );

  app.get(
    '/w/:workspace/tickets/:key/links',
    { config: { access: 'workspace', action: 'ticket.view' }, schema: { tags, params: TicketParamsSchema } },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const links = await listLinks(ctx, request.params.key);
      return { items: links.map((l) => ({ ...l, key: `${prefixOf(ctx)}-${l.number}` })) };
    },
  );

  app.post(
    '/w/:workspace/tickets/:key/links',
    {
      config: { access: 'workspace', action: 'ticket.update' },
      schema: { tags, params: TicketParamsSchema, body: LinkBodySchema },
    },
    async (request, reply) => {
      await linkTickets(workspaceContext(db, request), request.params.key, {
        otherNumber: request.body.ticket,
        kind: request.body.kind,
      });
      return reply.status(204).send();
    },
  );

  app.delete(
    '/w/:workspace/tickets/:key/links/:other',
    {
      config: { access: 'workspace', action: 'ticket.update' },
      schema: { tags, params: TicketParamsSchema.extend({ other: TicketKeySchema }) },
    },
    async (request, reply) => {
      await unlinkTickets(workspaceContext(db, request), request.params.key, request.params.other);
      return reply.status(204).send();
    },
  );

  app.get(
    '/queue',
    { config: { access: 'account' }, schema: { tags, querystring: QueueQuerySchema } },
    async (request) => {
      const ctx = accountContext(db, request);
      return {
        items: await listQueueAcrossWorkspaces(
          db,
          request.meta,
          request.server.jobs,
          { id: ctx.accountId, isAdmin: ctx.isAdmin },
          request.query.limit,
        ),
      };
    },
  );

  app.post(
    '/w/:workspace/tickets/bulk',
    {
      config: { access: 'workspace', action: 'ticket.update' },
      schema: { tags, params: WorkspaceParamsSchema, body: BulkBodySchema },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const { keys, ...change } = request.body;
      const updated = await bulkUpdateTickets(ctx, {
        numbers: keys.map((k) => Number(k.split('-').pop())),
        ...change,
      });
      return { items: updated.map((t) => presentTicketSummary(prefixOf(ctx), t, {})) };
    },
  );

  app.get(
    '/w/:workspace/views',
    {
      config: { access: 'workspace', action: 'ticket.list' },
      schema: { tags, params: WorkspaceParamsSchema },
    },
    async (request) => ({
      items: (await listSavedViews(workspaceContext(db, request))).map((v) => ({
        id: v.id,
        name: v.name,
        filters: v.filters,
        createdAt: v.createdAt,
      })),
    }),
  );

  app.post(
    '/w/:workspace/views',
    {
      config: { access: 'workspace', action: 'ticket.list', idempotent: true },
      schema: { tags, params: WorkspaceParamsSchema, body: ViewBodySchema },
    },
    async (request, reply) => {
      const view = await saveView(workspaceContext(db, request), request.body);
      return reply
        .status(201)
        .send({ view: { id: view.id, name: view.name, filters: view.filters, createdAt: view.createdAt } });
    },
  );

  app.delete(
    '/w/:workspace/views/:id',
    {
      config: { access: 'workspace', action: 'ticket.list' },
      schema: { tags, params: WorkspaceParamsSchema.extend({ id: z.uuid() }) },
    },
    async (request, reply) => {
      await deleteView(workspaceContext(db, request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/w/:workspace/time',
    {
      config: { access: 'workspace', action: 'ticket.time' },
      schema: { tags, params: WorkspaceParamsSchema, querystring: TimeQuerySchema },
    },
    async (request) => ({
      items: await timeByParty(workspaceContext(db, request), request.query.from, request.query.to),
    }),
  );

  app.post(
    '/w/:workspace/tickets',
    {
      config: { access: 'workspace', action: 'ticket.create', idempotent: true },
      schema: { tags, params: WorkspaceParamsSchema, body: CreateBodySchema },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const ticket = await createTicket(ctx, request.body);
      return reply.status(201).send({
        ticket: presentTicketSummary(prefixOf(ctx), ticket, {}),
        routingReason: ticket.routingReason,
      });
    },
  );

  app.get(
    '/w/:workspace/tickets/:key',
    { config: { access: 'workspace', action: 'ticket.view' }, schema: { tags, params: TicketParamsSchema } },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const found = await getTicket(ctx, request.params.key);
      const { people } = found;
      return {
        ticket: presentTicket(
          prefixOf(ctx),
          ctx.actor,
          found.ticket,
          found.names,
          found.service?.name ?? null,
          found.laneName,
        ),
        comments: found.comments.map((c) => presentComment(c, people)),
        handoffs: found.handoffs.map((h) => presentHandoff(h, people)),
        watcherPartyIds: people.watchers.map((w) => w.partyId),
        watchers: people.watchers,
        /** Staff only: the major incidents this ticket is linked to. */
        incidents: people.incidents,
        timeByParty: found.time,
      };
    },
  );

  app.patch(
    '/w/:workspace/tickets/:key',
    {
      config: { access: 'workspace', action: 'ticket.update' },
      schema: { tags, params: TicketParamsSchema, body: UpdateBodySchema },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      return {
        ticket: presentTicketSummary(
          prefixOf(ctx),
          await updateTicket(ctx, request.params.key, request.body),
          {},
        ),
      };
    },
  );

  app.post(
    '/w/:workspace/tickets/:key/handoff',
    {
      config: { access: 'workspace', action: 'ticket.handOff' },
      schema: { tags, params: TicketParamsSchema, body: HandoffBodySchema },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      return {
        ticket: presentTicketSummary(
          prefixOf(ctx),
          await handOffTicket(ctx, request.params.key, request.body),
          {},
        ),
      };
    },
  );

  app.post(
    '/w/:workspace/tickets/:key/comments',
    {
      config: { access: 'workspace', action: 'ticket.comment', idempotent: true },
      schema: { tags, params: TicketParamsSchema, body: CommentBodySchema },
    },
    async (request, reply) => {
      const comment = await addComment(workspaceContext(db, request), request.params.key, request.body);
      return reply.status(201).send({
        comment: {
          id: comment.id,
          body: comment.body,
          visibility: comment.visibility,
          createdAt: comment.createdAt,
        },
      });
    },
  );

  app.post(
    '/w/:workspace/tickets/:key/rating',
    {
      config: { access: 'workspace', action: 'ticket.rate' },
      schema: { tags, params: TicketParamsSchema, body: RateBodySchema },
    },
    async (request) => {
      const ticket = await rateTicket(workspaceContext(db, request), request.params.key, request.body);
      return { rating: ticket.rating, comment: ticket.ratingComment };
    },
  );

  app.get(
    '/w/:workspace/tickets/:key/time',
    { config: { access: 'workspace', action: 'ticket.time' }, schema: { tags, params: TicketParamsSchema } },
    async (request) => ({ items: await listTimeEntries(workspaceContext(db, request), request.params.key) }),
  );

  app.post(
    '/w/:workspace/tickets/:key/watchers',
    {
      config: { access: 'workspace', action: 'ticket.watch' },
      schema: { tags, params: TicketParamsSchema, body: WatcherBodySchema },
    },
    async (request, reply) => {
      const watchers = await addWatcher(
        workspaceContext(db, request),
        request.params.key,
        request.body.partyId,
      );
      return reply.status(201).send({ watchers });
    },
  );

  app.delete(
    '/w/:workspace/tickets/:key/watchers/:partyId',
    {
      config: { access: 'workspace', action: 'ticket.watch' },
      schema: { tags, params: TicketParamsSchema.extend({ partyId: z.uuid() }) },
    },
    async (request, reply) => {
      await removeWatcher(workspaceContext(db, request), request.params.key, request.params.partyId);
      return reply.status(204).send();
    },
  );

  app.post(
    '/w/:workspace/tickets/:key/time',
    {
      config: { access: 'workspace', action: 'ticket.logTime', idempotent: true },
      schema: { tags, params: TicketParamsSchema, body: TimeBodySchema },
    },
    async (request, reply) => {
      const entry = await logTime(workspaceContext(db, request), request.params.key, request.body);
      return reply
        .status(201)
        .send({ entry: { id: entry.id, minutes: entry.minutes, note: entry.note, spentOn: entry.spentOn } });
    },
  );
};
