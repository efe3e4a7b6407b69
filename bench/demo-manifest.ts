// The demo workspace as a desk manifest (issue #18: "create a ticket on the full path"): seeds the demo
// (SLA policies, business hours and out-of-hours cover, watchers, notification rules) into an empty
// database through the real use cases, gives Ian (Acme's internal agent) an API token and writes a
// manifest bench/request-cost.ts and bench/load-desk.ts read like generate-desk.ts's.
//
// Usage: tsx bench/demo-manifest.ts --database-url postgres://postgres@127.0.0.1:5432/tandem_demo_bench
//        tsx bench/demo-manifest.ts --data-dir /tmp/demo-bench/pglite
// Always starts from an empty database (drops and recreates it, or empties the folder).

import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createApiToken } from '../src/accounts/api-tokens.ts';
import { openDatabase } from '../src/db/client.ts';
import { withScopedTx } from '../src/db/tenant.ts';
import { seedDemo } from '../src/demo/seed.ts';
import type { WorkspaceActor } from '../src/domain/actor.ts';
import { HISTORY_ONLY_JOBS } from '../src/jobs/queue.ts';
import { systemMeta } from '../src/server/context.ts';
import { findActorByMembershipId } from '../src/workspaces/queries.ts';
import { ensureDatabase } from './database.ts';
import type { Manifest } from './generate-desk.ts';

const { values: args } = parseArgs({
  options: { 'database-url': { type: 'string' }, 'data-dir': { type: 'string' } },
});
const databaseUrl = args['database-url'];
const dataDir = args['data-dir'] && resolve(args['data-dir']);
if (!databaseUrl === !dataDir) throw new Error('Pass one of --database-url or --data-dir.');

if (databaseUrl) await ensureDatabase(databaseUrl, { reset: true });
else if (existsSync(dataDir!)) rmSync(dataDir!, { recursive: true, force: true });

const started = performance.now();
const database = await openDatabase({ databaseUrl, dataDir });
await seedDemo(database.db);

type Row = Record<string, string>;
const [acme] = await database.ownerQuery<Row>(
  `select w.id, w.ticket_prefix as prefix, a.id as account_id, a.is_admin::text as is_admin,
          m.id as membership_id, (select count(*)::text from tickets t where t.workspace_id = w.id) as tickets
     from workspaces w
     join memberships m on m.workspace_id = w.id
     join accounts a on a.id = m.account_id
    where w.slug = 'acme' and a.email = 'ian@acme.example'`,
);
if (!acme) throw new Error('The demo has no Acme workspace with Ian in it.');
const services = await database.ownerQuery<Row>(
  `select id, key, name from services where workspace_id = $1 and status = 'active' order by key`,
  [acme.id],
);
const actor = (await withScopedTx(database.db, { workspaceId: acme.id!, accountId: acme.account_id! }, (tx) =>
  findActorByMembershipId(
    tx,
    { id: acme.account_id!, isAdmin: acme.is_admin === 'true' },
    acme.membership_id!,
  ),
)) as WorkspaceActor;
const { secret } = await createApiToken(
  { db: database.db, actor, meta: systemMeta('bench-demo-manifest'), jobs: HISTORY_ONLY_JOBS },
  { name: 'full-path bench', scopes: ['read', 'write'], expiresInDays: 30 },
);
await database.close();

// Only what the benches read is real; the bulk generator's other fields stay empty.
const manifest: Manifest = {
  target: databaseUrl ? { kind: 'postgres', url: databaseUrl } : { kind: 'pglite', dataDir: dataDir! },
  generatedAt: new Date().toISOString(),
  tickets: Number(acme.tickets),
  comments: 0,
  handoffs: 0,
  seconds: Math.round((performance.now() - started) / 1000),
  administrator: { email: 'alice@acme.example', password: 'see the README' },
  workspaces: [
    {
      slug: 'acme',
      prefix: acme.prefix!,
      tickets: Number(acme.tickets),
      internalPartyId: '',
      providerPartyId: '',
      services: services.map((s) => ({ id: s.id!, key: s.key!, name: s.name!, lane: 'internal' as const })),
      catalogue: [],
      requesterMembershipIds: [],
      tokens: {
        internalLead: secret,
        internalAgent: secret,
        providerLead: secret,
        providerAgent: secret,
        requesters: [],
      },
    },
  ],
};
const out = join(import.meta.dirname, 'results');
mkdirSync(out, { recursive: true });
const name = databaseUrl ? new URL(databaseUrl).pathname.slice(1) : `pglite-${basename(dataDir!)}`;
const file = join(out, `desk-manifest-demo-${name}.json`);
writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`demo seeded in ${manifest.seconds} s; Acme has ${manifest.tickets} tickets; manifest: ${file}`);
