import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { workspaceContext } from '../server/auth.ts';
import type { AppDeps } from '../server/context.ts';
import { NoContent, WorkspaceParamsSchema, workspaceRoute } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import {
  ChannelParamsSchema,
  ChannelResponseSchema,
  CreateChannelBodySchema,
  EventsQuerySchema,
  MailOverviewSchema,
  MessageParamsSchema,
  MessageResponseSchema,
  MessagesResponseSchema,
  RejectBodySchema,
  RotatePasswordBodySchema,
  UpdateChannelBodySchema,
} from './contract.ts';
import type { MailAction } from './policy.ts';
import { canMail } from './policy.ts';
import { presentChannel, presentMessage } from './presenter.ts';
import {
  createChannel,
  deleteChannel,
  listChannels,
  rotateImapPassword,
  updateChannel,
} from './service/channels.ts';
import { listEvents, rejectMessage, releaseMessage } from './service/inbound.ts';

const route = workspaceRoute<'mail', MailAction>('mail');

export const mailRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['mail'];

  const read = workspaceReads(app, db, tags);
  read('/w/:workspace/mail/channels', {
    action: 'mail.view',
    params: WorkspaceParamsSchema,
    response: MailOverviewSchema,
    run: async (ctx) => {
      const rows = await listChannels(ctx);
      return {
        channels: rows.map(({ row, counts }) => presentChannel(row, counts)),
        abilities: { configure: canMail(ctx.actor, 'configure') },
      };
    },
  });

  app.post(
    '/w/:workspace/mail/channels',
    {
      config: route('configure', { idempotent: true }),
      schema: {
        tags,
        params: WorkspaceParamsSchema,
        body: CreateChannelBodySchema,
        response: { 201: ChannelResponseSchema },
      },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      const row = await createChannel(ctx, request.body, deps.secretKey);
      return reply.status(201).send({ channel: presentChannel(row) });
    },
  );

  app.patch(
    '/w/:workspace/mail/channels/:id',
    {
      config: route('configure'),
      schema: {
        tags,
        params: ChannelParamsSchema,
        body: UpdateChannelBodySchema,
        response: { 200: ChannelResponseSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      return { channel: presentChannel(await updateChannel(ctx, request.params.id, request.body)) };
    },
  );

  app.delete(
    '/w/:workspace/mail/channels/:id',
    {
      config: route('configure'),
      schema: { tags, params: ChannelParamsSchema, response: { 204: NoContent } },
    },
    async (request, reply) => {
      const ctx = workspaceContext(db, request);
      await deleteChannel(ctx, request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/w/:workspace/mail/channels/:id/password',
    {
      config: route('configure'),
      schema: {
        tags,
        params: ChannelParamsSchema,
        body: RotatePasswordBodySchema,
        response: { 200: ChannelResponseSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const row = await rotateImapPassword(ctx, request.params.id, request.body.password, deps.secretKey);
      return { channel: presentChannel(row) };
    },
  );

  read('/w/:workspace/mail/events', {
    action: 'mail.view',
    params: WorkspaceParamsSchema,
    querystring: EventsQuerySchema,
    response: MessagesResponseSchema,
    run: async (ctx, _p, query) => {
      const rows = await listEvents(ctx, query);
      return { items: rows.map((r) => presentMessage(ctx.actor.ticketPrefix, r)) };
    },
  });

  read('/w/:workspace/mail/quarantine', {
    action: 'mail.quarantine',
    params: WorkspaceParamsSchema,
    response: MessagesResponseSchema,
    run: async (ctx) => {
      const rows = await listEvents(ctx, { status: 'quarantined', limit: 200 });
      return { items: rows.map((r) => presentMessage(ctx.actor.ticketPrefix, r)) };
    },
  });

  app.post(
    '/w/:workspace/mail/quarantine/:id/release',
    {
      config: route('quarantine'),
      schema: { tags, params: MessageParamsSchema, response: { 200: MessageResponseSchema } },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      return {
        message: presentMessage(ctx.actor.ticketPrefix, await releaseMessage(ctx, request.params.id)),
      };
    },
  );

  app.post(
    '/w/:workspace/mail/quarantine/:id/reject',
    {
      config: route('quarantine'),
      schema: {
        tags,
        params: MessageParamsSchema,
        body: RejectBodySchema,
        response: { 200: MessageResponseSchema },
      },
    },
    async (request) => {
      const ctx = workspaceContext(db, request);
      const row = await rejectMessage(ctx, request.params.id, request.body.reason);
      return { message: presentMessage(ctx.actor.ticketPrefix, row) };
    },
  );
};
