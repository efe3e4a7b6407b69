import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import type { Database } from '../db/client.ts';
import { normaliseAddress } from '../domain/mail.ts';
import type { Jobs } from '../jobs/queue.ts';
import { type ChannelTarget, channelForAddress, inboundGroups } from './intake.ts';
import { onChannelsChanged } from './poller-signal.ts';

/** How long a recipient lookup is reused (a change made on this instance clears it at once). */
const LOOKUP_TTL_MS = 5_000;

export type SmtpReceiverOptions = {
  host: string;
  port: number;
  maxBytes: number;
  /** The name this server gives itself in its greeting. */
  name?: string;
  logger?: Logger | undefined;
};

export type SmtpReceiver = { port: number; close(): Promise<void> };

const smtpError = (code: number, message: string) =>
  Object.assign(new Error(message), { responseCode: code });

/**
 * Tandem's own SMTP receiver (started when SMTP_LISTEN is set): accepts mail for the addresses of
 * active SMTP channels (anything else: 550), refuses more than MAIL_MAX_BYTES (552), and answers 250
 * only once the message is stored and its processing queued (mail/intake.ts), so nothing it
 * acknowledged is lost. A failure to store answers 451: the sending server tries again.
 */
export async function startSmtpReceiver(
  db: Database,
  jobs: Jobs,
  options: SmtpReceiverOptions,
): Promise<SmtpReceiver> {
  const targets = new WeakMap<SMTPServerSession, Map<string, ChannelTarget>>();
  const groups = inboundGroups(db, jobs, 'smtp');
  // A burst of mail to one address looks it up once, not once per message.
  const lookups = new Map<string, { at: number; target: Promise<ChannelTarget | null> }>();
  const stopWatching = onChannelsChanged(() => lookups.clear());
  const lookup = (email: string) => {
    const cached = lookups.get(email);
    if (cached && Date.now() - cached.at < LOOKUP_TTL_MS) return cached.target;
    const target = channelForAddress(db, email);
    lookups.set(email, { at: Date.now(), target });
    target.catch(() => lookups.delete(email));
    if (lookups.size > 1000) lookups.delete(lookups.keys().next().value!);
    return target;
  };
  const server = new SMTPServer({
    name: options.name ?? 'tandem',
    banner: 'Tandem mail intake',
    size: options.maxBytes,
    rejectOversized: true,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    maxClients: 50,
    socketTimeout: 60_000,
    async onRcptTo(address, session, callback) {
      try {
        const email = normaliseAddress(address.address);
        const target = email ? await lookup(email) : null;
        if (!target) return callback(smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`));
        const map = targets.get(session) ?? new Map<string, ChannelTarget>();
        // One copy per workspace: two of its addresses in one message make one ticket.
        if (!map.has(target.workspaceId)) map.set(target.workspaceId, target);
        targets.set(session, map);
        return callback();
      } catch (error) {
        options.logger?.error({ err: error }, 'mail: recipient lookup failed');
        return callback(smtpError(451, '4.3.0 temporary failure, try again later'));
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= options.maxBytes) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (stream.sizeExceeded || size > options.maxBytes)
          return callback(
            smtpError(552, `5.3.4 message exceeds the maximum size of ${options.maxBytes} bytes`),
          );
        const raw = Buffer.concat(chunks);
        const map = targets.get(session);
        if (!map || map.size === 0) return callback(smtpError(554, '5.5.1 no valid recipients'));
        // One recipient's store after another: each is its own transaction (group commit per workspace).
        const storeAll = async () => {
          for (const target of map.values()) await groups.store(target, raw);
        };
        void storeAll().then(
          () => {
            targets.delete(session);
            callback(null, 'Message accepted');
          },
          (error: unknown) => {
            options.logger?.error({ err: error }, 'mail: storing a received message failed');
            callback(smtpError(451, '4.3.0 could not store the message, try again later'));
          },
        );
      });
    },
    onMailFrom(_address, session, callback) {
      targets.delete(session);
      callback();
    },
  });
  server.on('error', (error) => options.logger?.warn({ err: error }, 'mail: SMTP connection error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  options.logger?.info({ host: options.host, port }, 'mail: SMTP receiver listening');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        stopWatching();
        server.close(() => resolve());
      }),
  };
}
