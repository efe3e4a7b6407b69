import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { JobPayloads, Jobs } from './queue.ts';

export type MailConfig = { smtpUrl: string; from: string };

/** Sends queued mail through SMTP; a failure throws, so pg-boss retries with backoff. */
export async function startMailWorker(jobs: Jobs, mail: MailConfig, logger?: Logger) {
  const transport = nodemailer.createTransport(mail.smtpUrl);
  await jobs.work('mail.send', async (message: JobPayloads['mail.send']) => {
    await transport.sendMail({
      from: mail.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
    });
    logger?.info({ to: message.to, subject: message.subject }, 'mail sent');
  });
}
