import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Ticket } from '../db/schema/tickets.ts';
import { accountContext, workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { conditionalGet } from '../server/etag.ts';
import { NoContent, ticketNumberOf, WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import {
  BulkBodySchema,
  CommentBodySchema,
  CommentCreatedSchema,
  CreateTicketBodySchema,
  HandoffBodySchema,
  LinkBodySchema,
  PartyTimesSchema,
  QueueQuerySchema,
  QueueSchema,
  RateBodySchema,
  RatingSchema,
  SavedViewAnswerSchema,
  SavedViewsSchema,
  SearchHitsSchema,
  SearchQuerySchema,
  TicketAnswerSchema,
  TicketCreatedSchema,
  TicketDetailSchema,
  TicketLinkParamsSchema,
  TicketLinksSchema,
  TicketListQuerySchema,
  TicketPageSchema,
  TicketParamsSchema,
  TicketSummariesSchema,
  TicketWatcherParamsSchema,
  TimeBodySchema,
  TimeEntriesSchema,
  TimeEntryCreatedSchema,
  TimeQuerySchema,
  UpdateTicketBodySchema,
  ViewBodySchema,
  ViewParamsSchema,
  WatcherBodySchema,
  WatchersSchema,
} from './contract.ts';
import {
  presentComment,
  presentHandoff,
  presentLink,
  presentSavedView,
  presentSearchHit,
  presentTicket,
  presentTicketRow,
  presentTicketSummary,
} from './presenter.ts';
import { addComment, logTime, rateTicket } from './service/conversation.ts';
import { createTicket } from './service/create-ticket.ts';
import { listQueueAcrossWorkspaces } from './service/cross-workspace-queue.ts';
import { linkTickets, listLinks, unlinkTickets } from './service/links.ts';
import { getTicket, listTickets, timeByParty, withTicketNames } from './service/read-tickets.ts';
import { deleteView, listSavedViews, saveView } from './service/saved-views.ts';
import { searchTickets } from './service/search-tickets.ts';
import { listTimeEntries } from './service/time-entries.ts';
import { bulkUpdateTickets, handOffTicket, updateTicket } from './service/update-ticket.ts';
import { addWatcher, removeWatcher } from './service/watchers.ts';

export const ticketRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['tickets'];
  const prefixOf = (ctx: ReturnType<typeof workspaceContext>) => ctx.actor.ticketPrefix;
  /** What a change returned, presented with the names the queue shows. */
  const summariesOf = async (ctx: ReturnType<typeof workspaceContext>, rows: Omit<Ticket, 'search'>[]) =>
    (await withTicketNames(ctx, rows)).map((t) => presentTicketSummary(prefixOf(ctx), t.ticket, t.names));

  app.get(
    '/w/:workspace/tickets',
    {
      config: { access: 'workspace', action: 'ticket.list' },
      onSend: conditionalGet,
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        querystring: TicketListQuerySchema,
        response: { 200: TicketPageSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const { lane, assignee, ...rest } = request.query;
      const page = await listTickets(ctx, { ...rest, lanePartyId: lane, assigneeMembershipId: assignee });
      return {
        items: page.items.map((r) => presentTicketRow(prefixOf(ctx), r)),
        nextCursor: page.nextCursor,
        serverTime: new Date(),
      };
    },
  );

  const read = workspaceReads(app, db, tags);
  read('/w/:workspace/tickets/search', {
    action: 'ticket.list',
    params: WorkspaceParamsSchema,
    querystring: SearchQuerySchema,
    response: SearchHitsSchema,
    run: async (ctx, _p, query) => {
      const hits = await searchTickets(ctx, query.q, query.limit);
      return { items: hits.map((h) => presentSearchHit(prefixOf(ctx), h)) };
    },
  });

  app.get(
    '/w/:workspace/tickets/:key/links',
    {
      config: { access: 'workspace', action: 'ticket.view' },
      schema: { tags, params: TicketParamsSchema, response: { 200: TicketLinksSchema } },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const links = await listLinks(ctx, ticketNumberOf(request.actor, request.params.key));
      return { items: links.map((l) => presentLink(prefixOf(ctx), l)) };
    },
  );

  app.post(
    '/w/:workspace/tickets/:key/links',
    {
      config: { access: 'workspace', action: 'ticket.update' },
      schema: { tags, params: TicketParamsSchema, body: LinkBodySchema, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await linkTickets(workspaceContext(db, request), ticketNumberOf(request.actor, request.params.key), {
        otherNumber: ticketNumberOf(request.actor, request.body.ticket),
        kind: request.body.kind,
      });
      return reply.status(204).send();
    },
  );

  app.delete(
    '/w/:workspace/tickets/:key/links/:other',
    {
      config: { access: 'workspace', action: 'ticket.update' },
      schema: { tags, params: TicketLinkParamsSchema, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await unlinkTickets(
        workspaceContext(db, request),
        ticketNumberOf(request.actor, request.params.key),
        ticketNumberOf(request.actor, request.params.other),
      );
      return reply.status(204).send();
    },
  );

  app.get(
    '/queue',
    {
      config: { access: 'account' },
      schema: { tags, querystring: QueueQuerySchema, response: { 200: QueueSchema } },
    },
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
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        body: BulkBodySchema,
        response: { 200: TicketSummariesSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const { keys, ...change } = request.body;
      const updated = await bulkUpdateTickets(ctx, {
        numbers: keys.map((k) => ticketNumberOf(ctx.actor, k)),
        ...change,
      });
      return { items: await summariesOf(ctx, updated) };
    },
  );

  read('/w/:workspace/views', {
    action: 'ticket.list',
    params: WorkspaceParamsSchema,
    response: SavedViewsSchema,
    run: async (ctx) => ({
      items: (await listSavedViews(ctx)).map(presentSavedView),
    }),
  });

  app.post(
    '/w/:workspace/views',
    {
      config: { access: 'workspace', action: 'ticket.list', idempotent: true },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        body: ViewBodySchema,
        response: { 201: SavedViewAnswerSchema },
      },
    },
    async (request, reply) => {
      const view = await saveView(workspaceContext(db, request), request.body);
      return reply.status(201).send({ view: presentSavedView(view) });
    },
  );

  app.delete(
    '/w/:workspace/views/:id',
    {
      config: { access: 'workspace', action: 'ticket.list' },
      schema: { tags, params: ViewParamsSchema, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await deleteView(workspaceContext(db, request), request.params.id);
      return reply.status(204).send();
    },
  );

  read('/w/:workspace/time', {
    action: 'ticket.viewTime',
    params: WorkspaceParamsSchema,
    querystring: TimeQuerySchema,
    response: PartyTimesSchema,
    run: async (ctx, _p, query) => ({
      items: await timeByParty(ctx, query.from, query.to),
    }),
  });

  app.post(
    '/w/:workspace/tickets',
    {
      config: { access: 'workspace', action: 'ticket.create', idempotent: true },
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        body: CreateTicketBodySchema,
        response: { 201: TicketCreatedSchema },
      },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const ticket = await createTicket(ctx, request.body);
      return reply.status(201).send({
        ticket: presentTicketSummary(prefixOf(ctx), ticket, ticket),
        routingReason: ticket.routingReason,
      });
    },
  );

  app.get(
    '/w/:workspace/tickets/:key',
    {
      config: { access: 'workspace', action: 'ticket.view' },
      onSend: conditionalGet,
      schema: { tags, params: TicketParamsSchema, response: { 200: TicketDetailSchema } },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const found = await getTicket(ctx, ticketNumberOf(request.actor, request.params.key));
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
        /** The major incidents this ticket is linked to (for its requester: the open ones only). */
        incidents: people.incidents,
        timeByParty: found.time,
      };
    },
  );

  app.patch(
    '/w/:workspace/tickets/:key',
    {
      config: { access: 'workspace', action: 'ticket.update' },
      schema: {
        tags,
        params: TicketParamsSchema,
        body: UpdateTicketBodySchema,
        response: { 200: TicketAnswerSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const updated = await updateTicket(
        ctx,
        ticketNumberOf(request.actor, request.params.key),
        request.body,
      );
      const [ticket] = await summariesOf(ctx, [updated]);
      return { ticket: ticket! };
    },
  );

  app.post(
    '/w/:workspace/tickets/:key/handoff',
    {
      config: { access: 'workspace', action: 'ticket.handOff' },
      schema: {
        tags,
        params: TicketParamsSchema,
        body: HandoffBodySchema,
        response: { 200: TicketAnswerSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const handed = await handOffTicket(
        ctx,
        ticketNumberOf(request.actor, request.params.key),
        request.body,
      );
      const [ticket] = await summariesOf(ctx, [handed]);
      return { ticket: ticket! };
    },
  );

  app.post(
    '/w/:workspace/tickets/:key/comments',
    {
      config: { access: 'workspace', action: 'ticket.comment', idempotent: true },
      schema: {
        tags,
        params: TicketParamsSchema,
        body: CommentBodySchema,
        response: { 201: CommentCreatedSchema },
      },
    },
    async (request, reply) => {
      const comment = await addComment(
        workspaceContext(db, request),
        ticketNumberOf(request.actor, request.params.key),
        request.body,
      );
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
      schema: {
        tags,
        params: TicketParamsSchema,
        body: RateBodySchema,
        response: { 200: RatingSchema },
      },
    },
    async (request) => {
      const ticket = await rateTicket(
        workspaceContext(db, request),
        ticketNumberOf(request.actor, request.params.key),
        request.body,
      );
      return { rating: ticket.rating, comment: ticket.ratingComment };
    },
  );

  app.get(
    '/w/:workspace/tickets/:key/time',
    {
      config: { access: 'workspace', action: 'ticket.viewTime' },
      schema: { tags, params: TicketParamsSchema, response: { 200: TimeEntriesSchema } },
    },
    async (request) => ({
      items: await listTimeEntries(
        workspaceContext(db, request),
        ticketNumberOf(request.actor, request.params.key),
      ),
    }),
  );

  app.post(
    '/w/:workspace/tickets/:key/watchers',
    {
      config: { access: 'workspace', action: 'ticket.watch' },
      schema: {
        tags,
        params: TicketParamsSchema,
        body: WatcherBodySchema,
        response: { 201: WatchersSchema },
      },
    },
    async (request, reply) => {
      const watchers = await addWatcher(
        workspaceContext(db, request),
        ticketNumberOf(request.actor, request.params.key),
        request.body.partyId,
      );
      return reply.status(201).send({ watchers });
    },
  );

  app.delete(
    '/w/:workspace/tickets/:key/watchers/:partyId',
    {
      config: { access: 'workspace', action: 'ticket.watch' },
      schema: { tags, params: TicketWatcherParamsSchema, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await removeWatcher(
        workspaceContext(db, request),
        ticketNumberOf(request.actor, request.params.key),
        request.params.partyId,
      );
      return reply.status(204).send();
    },
  );

  app.post(
    '/w/:workspace/tickets/:key/time',
    {
      config: { access: 'workspace', action: 'ticket.logTime', idempotent: true },
      schema: {
        tags,
        params: TicketParamsSchema,
        body: TimeBodySchema,
        response: { 201: TimeEntryCreatedSchema },
      },
    },
    async (request, reply) => {
      const entry = await logTime(
        workspaceContext(db, request),
        ticketNumberOf(request.actor, request.params.key),
        request.body,
      );
      return reply
        .status(201)
        .send({ entry: { id: entry.id, minutes: entry.minutes, note: entry.note, spentOn: entry.spentOn } });
    },
  );
};
