import { and, count, eq, gte, sql } from 'drizzle-orm';
import { auditorFor } from '../../audit/record.ts';
import { encryptSecret } from '../../crypto/secrets.ts';
import { selectRows, type Tx } from '../../db/client.ts';
import {
  type MailChannel,
  type MailMessageStatus,
  mailChannels,
  mailMessages,
} from '../../db/schema/mail.ts';
import { catalogueItems } from '../../db/schema/tickets.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { AppError, Conflict, Invalid, NotFound, StaleVersion } from '../../server/errors.ts';
import type { CreateChannelBody, UpdateChannelBody } from '../contract.ts';
import { assertCanMail } from '../policy.ts';
import { announceChannelsChanged } from '../poller-signal.ts';

const audit = auditorFor('mail_channel');

async function checkCatalogueItem(tx: Tx, ws: string, id: string | undefined) {
  if (!id) return;
  const [item] = await tx
    .select({ id: catalogueItems.id, fields: catalogueItems.fields })
    .from(catalogueItems)
    .where(
      and(eq(catalogueItems.id, id), eq(catalogueItems.workspaceId, ws), eq(catalogueItems.status, 'active')),
    );
  if (!item) throw new Invalid('names no active item of this catalogue.', 'body.catalogueItemId');
  // E-mail cannot fill in a form: every message to such an item would fail.
  const required = item.fields.filter((f) => f.required).map((f) => f.label);
  if (required.length > 0)
    throw new Invalid(
      `asks for required fields e-mail cannot fill in (${required.join(', ')}): choose an item without them.`,
      'body.catalogueItemId',
    );
}

/** An address belongs to one channel in the whole instance (the receiver must know the workspace). */
async function checkAddresses(tx: Tx, addresses: string[] | undefined, channelId: string | null) {
  for (const [i, address] of (addresses ?? []).entries()) {
    const rows = await selectRows<{ channel_id: string }>(
      tx,
      sql`select channel_id from tandem_mail_channel_for_address(${address})`,
    );
    if (rows.some((r) => r.channel_id !== channelId))
      throw new AppError(409, 'MAIL_ADDRESS_TAKEN', `${address} is already taken by another mail channel.`, [
        { path: `body.addresses.${i}`, message: 'is already taken' },
      ]);
  }
}

export async function findChannel(tx: Tx, ws: string, id: string) {
  const [row] = await tx
    .select()
    .from(mailChannels)
    .where(and(eq(mailChannels.id, id), eq(mailChannels.workspaceId, ws)));
  if (!row) throw new NotFound('No such mail channel.');
  return row;
}

/** A lead's change to one channel of this workspace, in a transaction; the poller is told after it commits. */
async function changeChannel<T>(
  ctx: WorkspaceContext,
  id: string,
  change: (tx: Tx, before: MailChannel) => Promise<T>,
) {
  assertCanMail(ctx.actor, 'configure');
  const after = await withScopedTx(ctx.db, workspaceScope(ctx), async (tx) =>
    change(tx, await findChannel(tx, ctx.actor.workspaceId, id)),
  );
  announceChannelsChanged();
  return after;
}

/** How far back a channel's counts look (bounded, so a busy desk's page stays quick). */
export const COUNT_DAYS = 30;

export type ChannelCounts = Record<MailMessageStatus, number>;

/** The channels, each with what became of its mail over the last COUNT_DAYS days. */
export async function listChannels(ctx: WorkspaceContext) {
  assertCanMail(ctx.actor, 'view');
  const ws = ctx.actor.workspaceId;
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const rows = await tx
      .select()
      .from(mailChannels)
      .where(eq(mailChannels.workspaceId, ws))
      .orderBy(mailChannels.createdAt);
    const tallies = await tx
      .select({ channelId: mailMessages.channelId, status: mailMessages.status, n: count() })
      .from(mailMessages)
      .where(
        and(
          eq(mailMessages.workspaceId, ws),
          eq(mailMessages.direction, 'inbound'),
          gte(mailMessages.receivedAt, sql`now() - ${`${COUNT_DAYS} days`}::interval`),
        ),
      )
      .groupBy(mailMessages.workspaceId, mailMessages.channelId, mailMessages.status);
    const counts = new Map<string, Partial<ChannelCounts>>();
    for (const t of tallies) {
      if (!t.channelId) continue;
      const c = counts.get(t.channelId) ?? {};
      c[t.status] = t.n;
      counts.set(t.channelId, c);
    }
    return rows.map((row) => ({ row, counts: counts.get(row.id) ?? {} }));
  });
}

/** A new channel; an IMAP password is sealed with the server key and never shown again. */
export async function createChannel(ctx: WorkspaceContext, input: CreateChannelBody, key: Buffer) {
  assertCanMail(ctx.actor, 'configure');
  const ws = ctx.actor.workspaceId;
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      await checkCatalogueItem(tx, ws, input.catalogueItemId);
      const columns =
        input.kind === 'smtp'
          ? { addresses: input.addresses }
          : {
              imapHost: input.host,
              imapPort: input.port,
              imapTls: input.tls,
              imapUser: input.user,
              imapSealedPassword: encryptSecret(key, input.password),
              imapMailbox: input.mailbox,
            };
      if (input.kind === 'smtp') await checkAddresses(tx, input.addresses, null);
      const [row] = await tx
        .insert(mailChannels)
        .values({
          workspaceId: ws,
          kind: input.kind,
          name: input.name,
          catalogueItemId: input.catalogueItemId,
          ...columns,
        })
        .returning();
      await audit(tx, ctx, 'mail.channel_created', row!.id, undefined, {
        kind: input.kind,
        name: input.name,
        addresses: row!.addresses,
        host: row!.imapHost,
      });
      return row!;
    },
    ctx.meta,
  ).finally(announceChannelsChanged);
}

export async function updateChannel(ctx: WorkspaceContext, id: string, input: UpdateChannelBody) {
  return changeChannel(ctx, id, async (tx, before) => {
    const imapOnly = (['host', 'port', 'tls', 'user', 'mailbox'] as const).find(
      (k) => input[k] !== undefined,
    );
    if (before.kind === 'smtp' && imapOnly)
      throw new Invalid('applies to IMAP channels only.', `body.${imapOnly}`);
    if (before.kind === 'imap' && input.addresses)
      throw new Invalid('applies to SMTP channels only.', 'body.addresses');
    await checkCatalogueItem(tx, ctx.actor.workspaceId, input.catalogueItemId);
    await checkAddresses(tx, input.addresses, id);
    const changes = {
      name: input.name,
      addresses: input.addresses,
      catalogueItemId: input.catalogueItemId,
      imapHost: input.host,
      imapPort: input.port,
      imapTls: input.tls,
      imapUser: input.user,
      imapMailbox: input.mailbox,
      status: input.status,
    };
    const [after] = await tx
      .update(mailChannels)
      .set({ ...changes, updatedAt: new Date(), version: sql`${mailChannels.version} + 1` })
      .where(and(eq(mailChannels.id, id), eq(mailChannels.version, input.version)))
      .returning();
    if (!after) throw new StaleVersion('mail channel', before.version);
    await audit(tx, ctx, 'mail.channel_updated', id, undefined, changes);
    return after;
  });
}

/** A new IMAP password (sealed); the poller picks it up at its next connection. */
export async function rotateImapPassword(ctx: WorkspaceContext, id: string, password: string, key: Buffer) {
  return changeChannel(ctx, id, async (tx, before) => {
    if (before.kind !== 'imap') throw new Invalid('Only an IMAP channel has a password.', 'params.id');
    const [after] = await tx
      .update(mailChannels)
      .set({
        imapSealedPassword: encryptSecret(key, password),
        lastError: null,
        lastErrorAt: null,
        updatedAt: new Date(),
        version: sql`${mailChannels.version} + 1`,
      })
      .where(eq(mailChannels.id, id))
      .returning();
    await audit(tx, ctx, 'mail.channel_password_rotated', id);
    return after!;
  });
}

/** Removes a channel that never received mail; one with history is disabled instead (409 says so). */
export async function deleteChannel(ctx: WorkspaceContext, id: string) {
  const ws = ctx.actor.workspaceId;
  await changeChannel(ctx, id, async (tx, before) => {
    const [used] = await tx
      .select({ id: mailMessages.id })
      .from(mailMessages)
      .where(and(eq(mailMessages.workspaceId, ws), eq(mailMessages.channelId, id)))
      .limit(1);
    if (used)
      throw new Conflict(
        'This channel has received mail, which is kept: disable it (status "disabled") instead.',
        'MAIL_CHANNEL_IN_USE',
      );
    await tx.delete(mailChannels).where(eq(mailChannels.id, id));
    await audit(tx, ctx, 'mail.channel_deleted', id, { kind: before.kind, name: before.name });
  });
}
