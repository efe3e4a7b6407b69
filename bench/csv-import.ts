// CSV import of tickets (issue #15): one file of N tickets (each with one comment) from another desk,
// checked (dry run) and then committed over HTTP against the built server with the demo data.
// Reports the dry run's and the commit's time, and a re-run's (everything imported before).
//
// Usage (after `npm run build`):
//   tsx bench/csv-import.ts [--tickets 1000]
//   tsx bench/csv-import.ts --tickets 1000 --database-url postgres://postgres@127.0.0.1:5432/tandem_import_bench
import { parseArgs } from 'node:util';
import { apiSession, startServer } from '../e2e/server.ts';
import { currentTotpCode } from '../src/accounts/totp.ts';

const { values: args } = parseArgs({
  options: { tickets: { type: 'string', default: '1000' }, 'database-url': { type: 'string' } },
});
const N = Number(args.tickets);

async function main() {
  const server = await startServer(args['database-url'] ? { databaseUrl: args['database-url'] } : {});
  try {
    const session = await apiSession(server.url, 'alice@acme.example');
    const call = async (path: string, body?: unknown) => {
      const response = await fetch(`${server.url}/api/v1${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: session.headers,
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      // biome-ignore lint/suspicious/noExplicitAny: a measuring script reads a few known fields
      const json = (await response.json()) as any;
      if (response.status >= 400)
        throw new Error(`${path}: ${response.status} ${JSON.stringify(json).slice(0, 500)}`);
      return json;
    };
    const enrol = await call('/auth/mfa/enrolment', {});
    await call('/auth/mfa/enrolment/confirm', { code: currentTotpCode(enrol.secret) });
    const map = await call('/w/acme/responsibility/map');
    const service = map.services[0].name as string;
    const lines = ['externalId,subject,description,service,priority,comment'];
    for (let i = 0; i < N; i += 1)
      lines.push(
        `OLD-${i},Imported request ${i},"Copied from the old desk, row ${i}",${service},P3,First reply ${i}`,
      );
    const csv = lines.join('\n');
    const timed = async (label: string, dryRun: boolean) => {
      const started = performance.now();
      const report = await call('/w/acme/imports', { kind: 'tickets', csv, dryRun });
      const ms = performance.now() - started;
      console.log(
        `${label}: ${(ms / 1000).toFixed(1)} s (created ${report.created}, comments ${report.comments}, already ${report.alreadyImported}, errors ${report.errors.length})`,
      );
    };
    await timed(`dry run of ${N} tickets`, true);
    await timed(`commit of ${N} tickets`, false);
    await timed('the same file again', false);
  } finally {
    await server.stop();
  }
}

await main();
