import { randomUUID } from 'node:crypto';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import { decryptSecret } from '../crypto/secrets.ts';
import { type Database, selectRows } from '../db/client.ts';
import { type MailChannel, mailChannels } from '../db/schema/mail.ts';
import { withScopedTx } from '../db/tenant.ts';
import type { Jobs } from '../jobs/queue.ts';
import { storeInbound, storeRefused } from './intake.ts';
import { onChannelsChanged } from './poller-signal.ts';

export type ImapPollerOptions = {
  logger?: Logger | undefined;
  /** How often the list of IMAP channels is read again (new, changed, failed ones). */
  rescanMs?: number;
  /** How long one instance's claim on a mailbox lasts unless renewed. */
  leaseMs?: number;
  /** The largest message taken in (MAIL_MAX_BYTES); a bigger one is recorded as failed, not fetched. */
  maxBytes?: number;
};

const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;

export type ImapPollers = { stop(): Promise<void>; rescan(): Promise<void> };

type Running = { stop(): Promise<void>; version: number };

const scope = (workspaceId: string) => ({ workspaceId, accountId: null });

/** What went wrong, in the server's own words where it gave any ("Authentication failed."). */
const describe = (error: unknown) => {
  const e = error as { message?: string; responseText?: string; code?: string };
  const text = e?.responseText ?? e?.message ?? String(error);
  return e?.code && !text.includes(e.code) ? `${text} (${e.code})` : text;
};

async function setState(db: Database, channel: MailChannel, state: string, error?: string | null) {
  await withScopedTx(db, scope(channel.workspaceId), (tx) =>
    tx
      .update(mailChannels)
      .set({
        pollerState: state,
        ...(error !== undefined && {
          lastError: error === null ? null : error.slice(0, 500),
          ...(error !== null && { lastErrorAt: new Date() }),
        }),
      })
      .where(eq(mailChannels.id, channel.id)),
  );
}

/**
 * Claims a mailbox for this instance (or renews its claim): one instance polls each mailbox, and
 * another takes over when a claim lapses. Returns the channel as it now is, or null.
 */
async function claim(db: Database, workspaceId: string, channelId: string, owner: string, leaseMs: number) {
  return withScopedTx(db, scope(workspaceId), async (tx) => {
    const [row] = await tx
      .update(mailChannels)
      .set({ pollerOwner: owner, pollerLeaseUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval` })
      .where(
        and(
          eq(mailChannels.id, channelId),
          eq(mailChannels.status, 'active'),
          or(
            eq(mailChannels.pollerOwner, owner),
            isNull(mailChannels.pollerLeaseUntil),
            lt(mailChannels.pollerLeaseUntil, sql`now()`),
          ),
        ),
      )
      .returning();
    return row ?? null;
  });
}

async function release(db: Database, channel: MailChannel, owner: string) {
  await withScopedTx(db, scope(channel.workspaceId), (tx) =>
    tx
      .update(mailChannels)
      .set({ pollerOwner: null, pollerLeaseUntil: null })
      .where(and(eq(mailChannels.id, channel.id), eq(mailChannels.pollerOwner, owner))),
  );
}

/**
 * One mailbox: fetches every unseen message, stores and queues each exactly as the SMTP receiver
 * does (mail/intake.ts), then flags it \Seen; then waits in IDLE for new mail.
 */
async function pollChannel(
  db: Database,
  jobs: Jobs,
  key: Buffer,
  channel: MailChannel,
  options: { logger: Logger | undefined; maxBytes: number },
  onEnd: (error: unknown) => void,
): Promise<{ stop(): Promise<void> }> {
  const { logger, maxBytes } = options;
  const client = new ImapFlow({
    host: channel.imapHost!,
    port: channel.imapPort ?? 993,
    secure: channel.imapTls ?? true,
    auth: { user: channel.imapUser!, pass: decryptSecret(key, channel.imapSealedPassword!) },
    logger: false,
    emitLogs: false,
    maxIdleTime: 5 * 60_000,
    // IDLE soon after each fetch (the default waits 15 s, and mail arriving meanwhile waits too).
    autoIdleDelay: 1000,
  });
  let stopping = false;
  let busy: Promise<void> = Promise.resolve();
  const fetchUnseen = async () => {
    const lock = await client.getMailboxLock(channel.imapMailbox ?? 'INBOX');
    try {
      const uids = (await client.search({ seen: false }, { uid: true })) || [];
      const target = { workspaceId: channel.workspaceId, channelId: channel.id };
      for (const uid of uids) {
        // Its size first: a message over the limit is never downloaded, only recorded with the reason.
        const head = await client.fetchOne(String(uid), { size: true, headers: true }, { uid: true });
        if (head === false) continue;
        if ((head.size ?? 0) > maxBytes) {
          const reason = `The message (${head.size} bytes) exceeds the maximum size of ${maxBytes} bytes (MAIL_MAX_BYTES); it was left in the mailbox, marked as read.`;
          await storeRefused(db, target, head.headers ?? Buffer.alloc(0), head.size!, reason, 'imap');
          await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
          continue;
        }
        const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
        if (message === false || !message.source) continue;
        await storeInbound(db, jobs, target, message.source, 'imap');
        // Flagged only once stored and queued: a crash in between fetches it again (deduped by Message-ID).
        await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
      }
      if (uids.length > 0)
        logger?.info({ channelId: channel.id, messages: uids.length }, 'mail: fetched from IMAP');
    } finally {
      lock.release();
    }
  };
  const schedule = () => {
    busy = busy.then(fetchUnseen).catch((error: unknown) => {
      if (!stopping) onEnd(error);
    });
    return busy;
  };
  client.on('exists', () => void schedule());
  client.on('error', (error: unknown) => {
    if (!stopping) onEnd(error);
  });
  client.on('close', () => {
    if (!stopping) onEnd(new Error('The IMAP server closed the connection.'));
  });
  try {
    await client.connect();
    await client.mailboxOpen(channel.imapMailbox ?? 'INBOX');
  } catch (error) {
    // A failed connection is reported by the caller once; its late 'close' is not another error.
    stopping = true;
    client.close();
    throw error;
  }
  // Connected: the channel's problem, if it had one, is over.
  await setState(db, channel, 'idle', null);
  await schedule();
  return {
    async stop() {
      stopping = true;
      await busy.catch(() => {});
      await client.logout().catch(() => client.close());
    },
  };
}

/**
 * Polls every active IMAP channel this instance can claim (a lease on the channel row, renewed
 * while it runs), reconnecting after errors at the next rescan. Status and the last error are kept
 * on the channel for its page.
 */
export function startImapPollers(
  db: Database,
  jobs: Jobs,
  key: Buffer,
  options: ImapPollerOptions = {},
): ImapPollers {
  const { logger, rescanMs = 30_000, leaseMs = 90_000, maxBytes = DEFAULT_MAX_BYTES } = options;
  const owner = randomUUID();
  const running = new Map<string, Running>();
  let stopped = false;
  let scanning: Promise<void> = Promise.resolve();

  const stopOne = async (id: string) => {
    const current = running.get(id);
    running.delete(id);
    await current?.stop();
  };

  const scanOnce = async () => {
    if (stopped) return;
    const rows = await selectRows<{ workspace_id: string; channel_id: string }>(
      db,
      sql`select workspace_id, channel_id from tandem_mail_imap_channels()`,
    );
    const wanted = new Set(rows.map((r) => r.channel_id));
    for (const id of [...running.keys()]) if (!wanted.has(id)) await stopOne(id);
    for (const row of rows) {
      if (stopped) return;
      const channel = await claim(db, row.workspace_id, row.channel_id, owner, leaseMs);
      if (!channel) {
        if (running.has(row.channel_id)) await stopOne(row.channel_id); // another instance took it
        continue;
      }
      const current = running.get(channel.id);
      if (current && current.version === channel.version) continue;
      if (current) await stopOne(channel.id); // changed settings or password: reconnect
      try {
        const poller = await pollChannel(db, jobs, key, channel, { logger, maxBytes }, (error) => {
          const message = describe(error);
          logger?.warn({ channelId: channel.id, err: error }, 'mail: IMAP poller stopped');
          if (running.get(channel.id)?.version === channel.version) void stopOne(channel.id);
          void setState(db, channel, 'error', message).catch(() => {});
        });
        running.set(channel.id, { stop: poller.stop, version: channel.version });
      } catch (error) {
        const message = describe(error);
        logger?.warn({ channelId: channel.id, err: error }, 'mail: IMAP connection failed');
        await setState(db, channel, 'error', message).catch(() => {});
        await release(db, channel, owner).catch(() => {});
      }
    }
  };
  const rescan = () => {
    scanning = scanning.then(scanOnce).catch((error: unknown) => {
      logger?.warn({ err: error }, 'mail: IMAP rescan failed');
    });
    return scanning;
  };
  const timer = setInterval(() => void rescan(), rescanMs);
  timer.unref();
  const unsubscribe = onChannelsChanged(() => void rescan());
  void rescan();
  return {
    rescan,
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      await scanning;
      for (const id of [...running.keys()]) await stopOne(id);
    },
  };
}
