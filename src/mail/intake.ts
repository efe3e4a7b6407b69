import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record.ts';
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
  const peek = peekHeaders(raw);
  const { workspaceId, channelId } = target;
  return withScopedTx(db, { workspaceId, accountId: null }, async (tx) => {
    const [row] = await tx
      .insert(mailMessages)
      .values({
        workspaceId,
        channelId,
        direction: 'inbound',
        messageId: peek.messageId,
        fromAddress: peek.from,
        subject: peek.subject,
        raw,
        sizeBytes: raw.length,
        status: 'queued',
      })
      .onConflictDoNothing()
      .returning({ id: mailMessages.id });
    if (!row) return { messageId: peek.messageId, stored: false, id: null };
    await tx.update(mailChannels).set({ lastEventAt: new Date() }).where(eq(mailChannels.id, channelId));
    await jobs.enqueue(tx, 'mail.process', { workspaceId, messageId: row.id });
    await recordAudit(tx, systemMeta(source), {
      workspaceId,
      actorAccountId: null,
      actorMembershipId: null,
      action: 'mail.received',
      entityType: 'mail_message',
      entityId: row.id,
      after: { channelId, messageId: peek.messageId, from: peek.from, sizeBytes: raw.length },
    });
    return { messageId: peek.messageId, stored: true, id: row.id };
  });
}
