import { SMTPServer } from 'smtp-server';

/** A message the catcher received: the envelope's sender and recipients, and the message itself. */
export type CaughtMail = { from: string; to: string[]; raw: Buffer; body: string };

/**
 * A local SMTP server standing in for the outside world's mail: it accepts any message (no sign-in,
 * no TLS) and keeps it, so a test can check what Tandem sent. Stopping it and starting it again on
 * the same port lets a test watch Tandem retry while the mail server is down.
 */
export class MailCatcher {
  readonly received: CaughtMail[] = [];
  port = 0;
  private server: SMTPServer | null = null;

  /** Listens on 127.0.0.1, on `port` or (0) any free one. */
  async start(port = 0): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          this.received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            body: raw.toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    this.server = server;
    this.port = (server.server.address() as { port: number }).port;
  }

  /** The test app's `mail` option: send through this catcher. */
  get mailOption() {
    return { smtpUrl: `smtp://127.0.0.1:${this.port}`, from: 'Tandem <tandem@acme.test>' };
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
