import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../server/context.ts';
import { WorkspaceParamsSchema } from '../server/http.ts';
import { workspaceReads } from '../server/workspace-reads.ts';
import { workspaceWrites } from '../server/workspace-writes.ts';
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

  const write = workspaceWrites(app, db, tags);
  write('POST', '/w/:workspace/mail/channels', {
    action: 'mail.configure',
    idempotent: true,
    params: WorkspaceParamsSchema,
    body: CreateChannelBodySchema,
    status: 201,
    response: ChannelResponseSchema,
    run: async (ctx, _p, body) => ({
      channel: presentChannel(await createChannel(ctx, body, deps.secretKey)),
    }),
  });

  write('PATCH', '/w/:workspace/mail/channels/:id', {
    action: 'mail.configure',
    params: ChannelParamsSchema,
    body: UpdateChannelBodySchema,
    response: ChannelResponseSchema,
    run: async (ctx, p, body) => ({ channel: presentChannel(await updateChannel(ctx, p.id, body)) }),
  });

  write('DELETE', '/w/:workspace/mail/channels/:id', {
    action: 'mail.configure',
    params: ChannelParamsSchema,
    status: 204,
    run: (ctx, p) => deleteChannel(ctx, p.id),
  });

  write('POST', '/w/:workspace/mail/channels/:id/password', {
    action: 'mail.configure',
    params: ChannelParamsSchema,
    body: RotatePasswordBodySchema,
    response: ChannelResponseSchema,
    run: async (ctx, p, body) => ({
      channel: presentChannel(await rotateImapPassword(ctx, p.id, body.password, deps.secretKey)),
    }),
  });

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

  write('POST', '/w/:workspace/mail/quarantine/:id/release', {
    action: 'mail.quarantine',
    params: MessageParamsSchema,
    response: MessageResponseSchema,
    run: async (ctx, p) => ({
      message: presentMessage(ctx.actor.ticketPrefix, await releaseMessage(ctx, p.id)),
    }),
  });

  write('POST', '/w/:workspace/mail/quarantine/:id/reject', {
    action: 'mail.quarantine',
    params: MessageParamsSchema,
    body: RejectBodySchema,
    response: MessageResponseSchema,
    run: async (ctx, p, body) => ({
      message: presentMessage(ctx.actor.ticketPrefix, await rejectMessage(ctx, p.id, body.reason)),
    }),
  });
};
