import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import { decryptSecret, encryptSecret } from '../crypto/secrets.ts';
import type { Tx } from '../db/client.ts';
import type { JobPayloads, Jobs } from './queue.ts';

export type MailConfig = { smtpUrl: string; from: string };

export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  /** Threading headers of a mail about a ticket (mail/threading.ts). */
  thread?:
    | { messageId: string; inReplyTo?: string | undefined; references?: string[] | undefined }
    | undefined;
};

export type MailThread = {
  messageId: string;
  inReplyTo?: string | undefined;
  references?: string[] | undefined;
};

/** What a mail about a ticket is threaded by: its delivery, the ticket's link, subject and recipient. */
export type ThreadMailInput = {
  workspaceId: string;
  deliveryId: string;
  link: string | null;
  subject: string;
  to: string;
  publicUrl: string;
};

/** Gives a mail about a ticket its threading headers and `[KEY-n]` subject (mail/threading.ts). */
export type ThreadMail = (
  tx: Tx,
  input: ThreadMailInput,
) => Promise<{ subject: string; headers: MailThread } | null>;

/** The one way Tandem sends e-mail: one SMTP transport per process, used by every mail worker. */
export type MailSender = { send(message: OutgoingMail): Promise<void> };

export function createMailSender(mail: MailConfig): MailSender {
  const transport = nodemailer.createTransport(mail.smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({
        from: mail.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.thread && {
          messageId: message.thread.messageId,
          inReplyTo: message.thread.inReplyTo,
          references: message.thread.references,
        }),
      });
    },
  };
}

/**
 * Security: a queued message's text is sealed with the server key (AES-256-GCM, as two-step
 * secrets are), because it may carry a one-time link; the job table then holds no usable secret.
 */
export const sealMail = (key: Buffer, message: OutgoingMail): JobPayloads['mail.send'] => ({
  to: message.to,
  subject: message.subject,
  sealedText: encryptSecret(key, message.text),
});

export const openMail = (key: Buffer, payload: JobPayloads['mail.send']): OutgoingMail => {
  // A job queued by an older version carries its text unsealed; it is sent as it is.
  const legacy = (payload as { text?: unknown }).text;
  const text =
    typeof legacy === 'string' && !payload.sealedText ? legacy : decryptSecret(key, payload.sealedText);
  return { to: payload.to, subject: payload.subject, text };
};

/** Sends queued mail; a failure throws, so pg-boss retries with backoff. */
export async function startMailWorker(jobs: Jobs, sender: MailSender, key: Buffer, logger?: Logger) {
  await jobs.work('mail.send', async (payload) => {
    await sender.send(openMail(key, payload));
    logger?.info({ to: payload.to, subject: payload.subject }, 'mail sent');
  });
}
