import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Ticket } from '../db/schema/tickets.ts';
import { accountContext, workspaceContext } from '../server/auth.ts';
import type { AppDeps, WorkspaceContext } from '../server/context.ts';
import { conditionalGet } from '../server/etag.ts';
import { ticketNumberOf, WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
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

  read('/w/:workspace/tickets/:key/links', {
    action: 'ticket.view',
    params: TicketParamsSchema,
    response: TicketLinksSchema,
    run: async (ctx, p) => {
      const links = await listLinks(ctx, ticketNumberOf(ctx.actor, p.key));
      return { items: links.map((l) => presentLink(prefixOf(ctx), l)) };
    },
  });

  const write = workspaceWrites(app, db, tags);
  write('POST', '/w/:workspace/tickets/:key/links', {
    action: 'ticket.update',
    params: TicketParamsSchema,
    body: LinkBodySchema,
    status: 204,
    run: (ctx, p, body) =>
      linkTickets(ctx, ticketNumberOf(ctx.actor, p.key), {
        otherNumber: ticketNumberOf(ctx.actor, body.ticket),
        kind: body.kind,
      }),
  });

  write('DELETE', '/w/:workspace/tickets/:key/links/:other', {
    action: 'ticket.update',
    params: TicketLinkParamsSchema,
    status: 204,
    run: (ctx, p) => unlinkTickets(ctx, ticketNumberOf(ctx.actor, p.key), ticketNumberOf(ctx.actor, p.other)),
  });

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

  write('POST', '/w/:workspace/tickets/bulk', {
    action: 'ticket.update',
    params: WorkspaceParamsSchema,
    body: BulkBodySchema,
    response: TicketSummariesSchema,
    run: async (ctx, _p, { keys, ...change }) => {
      const updated = await bulkUpdateTickets(ctx, {
        numbers: keys.map((k) => ticketNumberOf(ctx.actor, k)),
        ...change,
      });
      return { items: await summariesOf(ctx, updated) };
    },
  });

  read('/w/:workspace/views', {
    action: 'ticket.list',
    params: WorkspaceParamsSchema,
    response: SavedViewsSchema,
    run: async (ctx) => ({
      items: (await listSavedViews(ctx)).map(presentSavedView),
    }),
  });

  write('POST', '/w/:workspace/views', {
    action: 'ticket.list',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: ViewBodySchema,
    status: 201,
    response: SavedViewAnswerSchema,
    run: async (ctx, _p, body) => ({ view: presentSavedView(await saveView(ctx, body)) }),
  });

  write('DELETE', '/w/:workspace/views/:id', {
    action: 'ticket.list',
    params: ViewParamsSchema,
    status: 204,
    run: (ctx, p) => deleteView(ctx, p.id),
  });

  read('/w/:workspace/time', {
    action: 'ticket.viewTime',
    params: WorkspaceParamsSchema,
    querystring: TimeQuerySchema,
    response: PartyTimesSchema,
    run: async (ctx, _p, query) => ({
      items: await timeByParty(ctx, query.from, query.to),
    }),
  });

  write('POST', '/w/:workspace/tickets', {
    action: 'ticket.create',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: CreateTicketBodySchema,
    status: 201,
    response: TicketCreatedSchema,
    run: async (ctx, _p, body) => {
      const ticket = await createTicket(ctx, body);
      return {
        ticket: presentTicketSummary(prefixOf(ctx), ticket, ticket),
        routingReason: ticket.routingReason,
      };
    },
  });

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

  /** A change to one ticket, answered as its queue summary. */
  const summaryOf = async (ctx: WorkspaceContext, changed: Omit<Ticket, 'search'>) => {
    const [ticket] = await summariesOf(ctx, [changed]);
    return { ticket: ticket! };
  };

  write('PATCH', '/w/:workspace/tickets/:key', {
    action: 'ticket.update',
    params: TicketParamsSchema,
    body: UpdateTicketBodySchema,
    response: TicketAnswerSchema,
    run: async (ctx, p, body) =>
      summaryOf(ctx, await updateTicket(ctx, ticketNumberOf(ctx.actor, p.key), body)),
  });

  write('POST', '/w/:workspace/tickets/:key/handoff', {
    action: 'ticket.handOff',
    params: TicketParamsSchema,
    body: HandoffBodySchema,
    response: TicketAnswerSchema,
    run: async (ctx, p, body) =>
      summaryOf(ctx, await handOffTicket(ctx, ticketNumberOf(ctx.actor, p.key), body)),
  });

  write('POST', '/w/:workspace/tickets/:key/comments', {
    action: 'ticket.comment',
    idempotent: true,
    params: TicketParamsSchema,
    body: CommentBodySchema,
    status: 201,
    response: CommentCreatedSchema,
    run: async (ctx, p, body) => {
      const comment = await addComment(ctx, ticketNumberOf(ctx.actor, p.key), body);
      return {
        comment: {
          id: comment.id,
          body: comment.body,
          visibility: comment.visibility,
          createdAt: comment.createdAt,
        },
      };
    },
  });

  write('POST', '/w/:workspace/tickets/:key/rating', {
    action: 'ticket.rate',
    params: TicketParamsSchema,
    body: RateBodySchema,
    response: RatingSchema,
    run: async (ctx, p, body) => {
      const ticket = await rateTicket(ctx, ticketNumberOf(ctx.actor, p.key), body);
      return { rating: ticket.rating, comment: ticket.ratingComment };
    },
  });

  read('/w/:workspace/tickets/:key/time', {
    action: 'ticket.viewTime',
    params: TicketParamsSchema,
    response: TimeEntriesSchema,
    run: async (ctx, p) => ({ items: await listTimeEntries(ctx, ticketNumberOf(ctx.actor, p.key)) }),
  });

  write('POST', '/w/:workspace/tickets/:key/watchers', {
    action: 'ticket.watch',
    params: TicketParamsSchema,
    body: WatcherBodySchema,
    status: 201,
    response: WatchersSchema,
    run: async (ctx, p, body) => ({
      watchers: await addWatcher(ctx, ticketNumberOf(ctx.actor, p.key), body.partyId),
    }),
  });

  write('DELETE', '/w/:workspace/tickets/:key/watchers/:partyId', {
    action: 'ticket.watch',
    params: TicketWatcherParamsSchema,
    status: 204,
    run: (ctx, p) => removeWatcher(ctx, ticketNumberOf(ctx.actor, p.key), p.partyId),
  });

  write('POST', '/w/:workspace/tickets/:key/time', {
    action: 'ticket.logTime',
    idempotent: true,
    params: TicketParamsSchema,
    body: TimeBodySchema,
    status: 201,
    response: TimeEntryCreatedSchema,
    run: async (ctx, p, body) => {
      const entry = await logTime(ctx, ticketNumberOf(ctx.actor, p.key), body);
      return { entry: { id: entry.id, minutes: entry.minutes, note: entry.note, spentOn: entry.spentOn } };
    },
  });
};
