// E-mail intake: N messages (1,000 by default) sent over SMTP (nodemailer, a pool of connections) to
// the built server's own receiver (SMTP_LISTEN) on PGlite with the demo data. Reports how long the
// receiver takes to accept them all (each 250 means stored and its processing queued; the target is
// ≤ 30 s) and, with --process, how long the jobs then take to turn them into tickets.
//
// With the server's process id (its own, or --pid for one already running) it also reports the
// server's CPU time per e-mail, the figure that survives a loaded machine. Each run adds its own
// channel (a fresh address), so several runs may share one running server.
//
// Usage (after `npm run build`):
//   tsx bench/mail-ingest.ts [--mails 1000] [--connections 4] [--process]
//   tsx bench/mail-ingest.ts --url http://127.0.0.1:3000 --smtp-port 2525 [--pid 1234]   (a server already running)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import nodemailer from 'nodemailer';
import { apiSession, startServer } from '../e2e/server.ts';
import { currentTotpCode } from '../src/accounts/totp.ts';

const { values: args } = parseArgs({
  options: {
    mails: { type: 'string', default: '1000' },
    connections: { type: 'string', default: '4' },
    process: { type: 'boolean', default: false },
    /** An already running server (started with SMTP_LISTEN and the demo data) instead of starting one. */
    url: { type: 'string' },
    'smtp-port': { type: 'string' },
    pid: { type: 'string' },
    /** Where the lead's TOTP secret is kept between runs against one server (enrolled on the first). */
    'mfa-secret-file': { type: 'string' },
    /** Where the started server writes its statement counts (TANDEM_DEBUG_STATEMENT_COUNT_FILE). */
    'statements-file': { type: 'string', default: `/tmp/tandem-mail-bench-statements-${process.pid}.json` },
    /** A folder for a CPU profile of the started server (node --cpu-prof, written when it stops). */
    'cpu-prof-dir': { type: 'string' },
  },
});
const MAILS = Number(args.mails);
const CONNECTIONS = Number(args.connections);
const ADDRESS = `bench-${Date.now()}@acme.example`;
const SENDERS = ['rob@acme.example', 'sam@acme.example', 'tara@acme.example'];

async function freePort() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** User + system CPU seconds of a process so far (Linux /proc; clock ticks of 1/100 s). */
function cpuSeconds(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}
/** Statements the server has run so far (its statement count file), or null without one. */
function statementsSoFar(): number | null {
  try {
    return (JSON.parse(readFileSync(args['statements-file']!, 'utf8')) as { total: number }).total;
  } catch {
    return null;
  }
}
const statementsPerMail = (from: number | null, to: number | null) =>
  from === null || to === null ? 'n/a' : `${((to - from) / MAILS).toFixed(1)}`;
/** The counter writes every two seconds: wait for a fresh figure. */
const settle = () => new Promise((r) => setTimeout(r, 2500));

const perMail = (from: number | null, to: number | null) =>
  from === null || to === null ? 'n/a' : `${(((to - from) * 1000) / MAILS).toFixed(1)} ms`;

async function main() {
  const smtpPort = args['smtp-port'] ? Number(args['smtp-port']) : await freePort();
  const server = args.url
    ? { url: args.url, stop: async () => {} }
    : await startServer({
        env: {
          SMTP_LISTEN: `127.0.0.1:${smtpPort}`,
          TANDEM_DEBUG_STATEMENT_COUNT_FILE: args['statements-file']!,
          ...(args['cpu-prof-dir'] && { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${args['cpu-prof-dir']}` }),
        },
      });
  const pid = args.pid ? Number(args.pid) : 'process' in server ? server.process.pid : undefined;
  try {
    const session = await apiSession(server.url, 'alice@acme.example');
    const call = async (path: string, body?: unknown) => {
      const response = await fetch(`${server.url}/api/v1${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: session.headers,
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      // biome-ignore lint/suspicious/noExplicitAny: a measuring script reads a few known fields
      return (await response.json()) as any;
    };
    const secretFile = args['mfa-secret-file'];
    if (secretFile && existsSync(secretFile)) {
      await call('/auth/mfa/verify', { code: currentTotpCode(readFileSync(secretFile, 'utf8').trim()) });
    } else {
      const enrol = await call('/auth/mfa/enrolment', {});
      await call('/auth/mfa/enrolment/confirm', { code: currentTotpCode(enrol.secret) });
      if (secretFile) writeFileSync(secretFile, enrol.secret);
    }
    const catalogue = await call('/w/acme/catalogue');
    const created = await call('/w/acme/mail/channels', {
      kind: 'smtp',
      name: 'Bench',
      addresses: [ADDRESS],
      // The item e-mail is meant for: no required form fields (mail cannot fill them in).
      catalogueItemId: (
        catalogue.items.find((i: { name: string }) => i.name === 'Something is not working') ??
        catalogue.items[0]
      ).id,
    });
    if (!created.channel) throw new Error(JSON.stringify(created));
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: smtpPort,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: CONNECTIONS,
      maxMessages: Number.POSITIVE_INFINITY,
    });
    await settle();
    const statementsStart = statementsSoFar();
    const cpuStart = cpuSeconds(pid);
    const started = performance.now();
    await Promise.all(
      Array.from({ length: MAILS }, (_, i) =>
        transport.sendMail({
          from: SENDERS[i % SENDERS.length],
          to: ADDRESS,
          subject: `Bench request ${i}`,
          text: `Request number ${i}.\n\n${'Some words about the problem. '.repeat(20)}`,
        }),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpuAccepted = cpuSeconds(pid);
    transport.close();
    await settle();
    const statementsAccepted = statementsSoFar();
    console.log(
      `${MAILS} e-mails over ${CONNECTIONS} SMTP connections accepted (stored + queued) in ${seconds.toFixed(1)} s (${(MAILS / seconds).toFixed(0)}/s); server CPU until the last 250: ${perMail(cpuStart, cpuAccepted)} per e-mail; statements until then: ${statementsPerMail(statementsStart, statementsAccepted)} per e-mail`,
    );
    if (args.process) {
      const from = performance.now();
      for (;;) {
        const page = await call('/w/acme/mail/events?status=queued&limit=1');
        if (page.items.length === 0) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      const processed = ((performance.now() - from) / 1000).toFixed(1);
      const cpuDone = cpuSeconds(pid);
      await settle();
      console.log(
        `processing them into tickets: ${processed} s after the last 250; server CPU for accepting and processing: ${perMail(cpuStart, cpuDone)} per e-mail; statements in all: ${statementsPerMail(statementsStart, statementsSoFar())} per e-mail (the bench's own status polls included)`,
      );
      // Every message must have become a ticket: a bench of failing mail measures the wrong thing.
      const failed = await call('/w/acme/mail/events?status=failed&limit=1');
      if (failed.items.length > 0) throw new Error(`a message failed: ${JSON.stringify(failed.items[0])}`);
    }
  } finally {
    await server.stop();
  }
}

await main();
