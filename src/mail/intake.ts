import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { recordAudits } from '../audit/record.ts';
import { type Database, selectRows } from '../db/client.ts';
import { mailChannels, mailMessages } from '../db/schema/mail.ts';
import { withScopedTx } from '../db/tenant.ts';
import { normaliseAddress, normaliseMessageId } from '../domain/mail.ts';
import type { Jobs } from '../jobs/queue.ts';
import { systemMeta } from '../server/context.ts';

/** The first headers of a raw message, unfolded (enough to dedupe before parsing the whole). */
export function peekHeaders(raw: Buffer) {
  const head = raw.subarray(0, Math.min(raw.length, 256 * 1024)).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const block = (end === -1 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => {
    const match = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(block);
    return match?.[1]?.trim();
  };
  const from = header('from');
  const address = from ? (/<([^>]+)>/.exec(from)?.[1] ?? from) : undefined;
  return {
    messageId:
      normaliseMessageId(header('message-id')) ??
      `<${createHash('sha256').update(raw).digest('hex')}@no-message-id.invalid>`,
    from: normaliseAddress(address),
    subject: header('subject')?.slice(0, 300) ?? null,
  };
}

export type ChannelTarget = { workspaceId: string; channelId: string };

/** The active SMTP channel that takes this address, or null (a definer lookup: ids only). */
export async function channelForAddress(db: Database, address: string): Promise<ChannelTarget | null> {
  const [row] = await selectRows<{ workspace_id: string; channel_id: string; status: string }>(
    db,
    sql`select workspace_id, channel_id, status from tandem_mail_channel_for_address(${address})`,
  );
  if (row?.status !== 'active') return null;
  return { workspaceId: row.workspace_id, channelId: row.channel_id };
}

export type StoredMail = { messageId: string; stored: boolean; id: string | null };

type Incoming = { channelId: string; raw: Buffer };

/**
 * Stores received messages of one workspace in one transaction: each kept (deduped by Message-ID)
 * and audited, its channel's last mail time set, and one `mail.process` job queued for them all.
 * Once this returns, every message is safe and its sender may be told so.
 */
export async function storeInboundMany(
  db: Database,
  jobs: Jobs,
  workspaceId: string,
  incoming: Incoming[],
  source: string,
): Promise<StoredMail[]> {
  return withScopedTx(db, { workspaceId, accountId: null }, async (tx) => {
    const peeked = incoming.map(({ channelId, raw }) => ({ channelId, raw, peek: peekHeaders(raw) }));
    // One insert for the group; a Message-ID already stored (or twice in the group) is kept once.
    const inserted = await tx
      .insert(mailMessages)
      .values(
        peeked.map(({ channelId, raw, peek }) => ({
          workspaceId,
          channelId,
          direction: 'inbound' as const,
          messageId: peek.messageId,
          fromAddress: peek.from,
          subject: peek.subject,
          raw,
          sizeBytes: raw.length,
          status: 'queued' as const,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: mailMessages.id, messageId: mailMessages.messageId });
    const newIds = new Map(inserted.map((row) => [row.messageId, row.id]));
    const results: StoredMail[] = peeked.map(({ peek }) => {
      const id = newIds.get(peek.messageId) ?? null;
      // The first copy of a Message-ID in the group is the stored one.
      newIds.delete(peek.messageId);
      return { messageId: peek.messageId, stored: id !== null, id };
    });
    const stored = peeked.flatMap((p, i) => (results[i]!.id ? [{ ...p, id: results[i]!.id! }] : []));
    if (stored.length === 0) return results;
    await recordAudits(
      tx,
      systemMeta(source),
      stored.map(({ channelId, raw, peek, id }) => ({
        workspaceId,
        actorAccountId: null,
        actorMembershipId: null,
        action: 'mail.received',
        entityType: 'mail_message',
        entityId: id,
        after: { channelId, messageId: peek.messageId, from: peek.from, sizeBytes: raw.length },
      })),
    );
    const channels = [...new Set(stored.map((m) => m.channelId))];
    await tx
      .update(mailChannels)
      .set({ lastEventAt: new Date() })
      .where(and(eq(mailChannels.workspaceId, workspaceId), inArray(mailChannels.id, channels)));
    await jobs.enqueue(tx, 'mail.process', { workspaceId, messageIds: stored.map((m) => m.id) });
    return results;
  });
}

/**
 * Keeps one received message and queues its processing in the same transaction: once this returns,
 * the message is safe and the sender may be told so. The same Message-ID again in this workspace is
 * acknowledged and stored once (one ticket).
 */
export async function storeInbound(
  db: Database,
  jobs: Jobs,
  target: ChannelTarget,
  raw: Buffer,
  source: string,
): Promise<StoredMail> {
  const [result] = await storeInboundMany(
    db,
    jobs,
    target.workspaceId,
    [{ channelId: target.channelId, raw }],
    source,
  );
  return result!;
}

/**
 * Records a message that is not taken in (a hosted mailbox's message over MAIL_MAX_BYTES: there is
 * no sending server to refuse it to): kept without its content as failed with the reason, audited,
 * and the reason shown as its channel's last error. The same Message-ID again is recorded once.
 */
export async function storeRefused(
  db: Database,
  target: ChannelTarget,
  head: Buffer,
  sizeBytes: number,
  reason: string,
  source: string,
): Promise<StoredMail> {
  const peek = peekHeaders(head);
  return withScopedTx(db, { workspaceId: target.workspaceId, accountId: null }, async (tx) => {
    const now = new Date();
    const [row] = await tx
      .insert(mailMessages)
      .values({
        workspaceId: target.workspaceId,
        channelId: target.channelId,
        direction: 'inbound',
        messageId: peek.messageId,
        fromAddress: peek.from,
        subject: peek.subject,
        raw: null,
        sizeBytes,
        status: 'failed',
        reason,
        processedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: mailMessages.id });
    if (!row) return { messageId: peek.messageId, stored: false, id: null };
    await tx
      .update(mailChannels)
      .set({ lastEventAt: now, lastError: reason.slice(0, 500), lastErrorAt: now })
      .where(and(eq(mailChannels.workspaceId, target.workspaceId), eq(mailChannels.id, target.channelId)));
    await recordAudits(tx, systemMeta(source), [
      {
        workspaceId: target.workspaceId,
        actorAccountId: null,
        actorMembershipId: null,
        action: 'mail.failed',
        entityType: 'mail_message',
        entityId: row.id,
        after: { channelId: target.channelId, messageId: peek.messageId, from: peek.from, sizeBytes, reason },
      },
    ]);
    return { messageId: peek.messageId, stored: true, id: row.id };
  });
}

/** At most this many messages share one storing transaction (and one processing job). */
const GROUP_MAX = 25;

/**
 * How long a group waits for more messages before its transaction starts. Senders on several
 * connections each send their next message as soon as the last is answered; without the wait the
 * first of them would be stored alone, one transaction (and one processing job) per message.
 */
const GROUP_WAIT_MS = 4;

/**
 * Group commit for a receiver with many connections: messages of one workspace arriving within
 * GROUP_WAIT_MS of each other, or while a store is under way, are stored together in one
 * transaction (up to GROUP_MAX), and each
 * caller is answered when its own transaction has committed. One transaction per burst instead of
 * one per message; the guarantee is the same. A failed group is retried message by message, so
 * one bad message fails alone.
 */
export function inboundGroups(db: Database, jobs: Jobs, source: string) {
  type Waiting = Incoming & { resolve: (r: StoredMail) => void; reject: (e: unknown) => void };
  const pending = new Map<string, Waiting[]>();
  const busy = new Set<string>();
  const flush = async (workspaceId: string) => {
    busy.add(workspaceId);
    try {
      await new Promise((resolve) => setTimeout(resolve, GROUP_WAIT_MS));
      for (;;) {
        const queue = pending.get(workspaceId) ?? [];
        const group = queue.splice(0, GROUP_MAX);
        if (group.length === 0) break;
        try {
          const results = await storeInboundMany(db, jobs, workspaceId, group, source);
          for (const [i, w] of group.entries()) w.resolve(results[i]!);
        } catch (error) {
          if (group.length === 1) group[0]!.reject(error);
          else
            for (const w of group)
              await storeInbound(db, jobs, { workspaceId, channelId: w.channelId }, w.raw, source).then(
                w.resolve,
                w.reject,
              );
        }
      }
    } finally {
      busy.delete(workspaceId);
      pending.delete(workspaceId);
    }
  };
  return {
    store(target: ChannelTarget, raw: Buffer): Promise<StoredMail> {
      return new Promise<StoredMail>((resolve, reject) => {
        const queue = pending.get(target.workspaceId) ?? [];
        queue.push({ channelId: target.channelId, raw, resolve, reject });
        pending.set(target.workspaceId, queue);
        if (!busy.has(target.workspaceId)) void flush(target.workspaceId);
      });
    },
  };
}
