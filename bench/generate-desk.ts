// Service-desk data set for bench/load-desk.ts: workspaces, parties, members and API tokens through
// the real use cases, then tickets, comments, handoffs and watchers bulk-inserted as the database
// owner (row-level security would otherwise hide every other workspace).
//
// Usage (build first is not needed: this runs the TypeScript sources with tsx):
//   tsx bench/generate-desk.ts --database-url postgres://postgres@127.0.0.1:5432/tandem_bench \
//       --tickets 1000000 --workspaces 200 [--reset]
//   tsx bench/generate-desk.ts --data-dir /tmp/tandem-desk-pglite --tickets 50000 --workspaces 10 [--reset]
// Options: --comments <avg per ticket, 2> --requesters <per workspace, 50> --skew <0 = equal
// workspaces, 0.5 default: sizes ∝ 1/rank^skew> --seed <1> --manifest <file> (default
// bench/results/desk-manifest-<database>.json: slugs, ids and the API token secrets the load driver uses).

import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { PGlite } from '@electric-sql/pglite';
import { and, eq } from 'drizzle-orm';
import pg from 'pg';
import { createAccount } from '../src/accounts/admin.ts';
import { createApiToken } from '../src/accounts/api-tokens.ts';
import { hashPassword } from '../src/crypto/secrets.ts';
import { type DatabaseHandle, openDatabase } from '../src/db/client.ts';
import { mapAssignments, mapVersions, services } from '../src/db/schema/responsibility.ts';
import { catalogueItems } from '../src/db/schema/tickets.ts';
import { memberships } from '../src/db/schema/workspaces.ts';
import { withScopedTx } from '../src/db/tenant.ts';
import type { WorkspaceActor } from '../src/domain/actor.ts';
import type { RaciRole } from '../src/domain/raci.ts';
import { type Level, type Priority, priorityOf, type TicketStatus } from '../src/domain/tickets.ts';
import { HISTORY_ONLY_JOBS } from '../src/jobs/queue.ts';
import { systemMeta } from '../src/server/context.ts';
import { createWorkspace } from '../src/workspace-setup/create-workspace.ts';
import { findActorByMembershipId } from '../src/workspaces/queries.ts';
import { createProviderParty } from '../src/workspaces/service.ts';
import { ensureDatabase } from './database.ts';
import { commentBody, description, personName, type Rng, rng, subject } from './desk-words.ts';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    'data-dir': { type: 'string' },
    tickets: { type: 'string', default: '50000' },
    workspaces: { type: 'string', default: '10' },
    comments: { type: 'string', default: '2' },
    requesters: { type: 'string', default: '50' },
    skew: { type: 'string', default: '0.5' },
    seed: { type: 'string', default: '1' },
    manifest: { type: 'string' },
    reset: { type: 'boolean', default: false },
  },
});
const TICKETS = Number(args.tickets);
const WORKSPACES = Number(args.workspaces);
const COMMENTS = Number(args.comments);
const REQUESTERS = Number(args.requesters);
const SKEW = Number(args.skew);
const SEED = Number(args.seed);
const databaseUrl = args['database-url'];
const dataDir = args['data-dir'] ? resolve(args['data-dir']) : undefined;
if (!databaseUrl === !dataDir) throw new Error('Give exactly one of --database-url or --data-dir.');
const targetName = databaseUrl ? new URL(databaseUrl).pathname.slice(1) : `pglite-${basename(dataDir!)}`;
const manifestPath = resolve(
  args.manifest ?? join(import.meta.dirname, 'results', `desk-manifest-${targetName}.json`),
);

const BENCH_PASSWORD = 'desk-bench-password-2026';
const ADMIN_EMAIL = 'bench-admin@desk.bench';
const meta = systemMeta('bench-generate-desk');
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const log = (message: string) => console.log(`[${elapsed()}] ${message}`);

// ---------------------------------------------------------------------------------------------
// The bench map (version 2 of each workspace's responsibility map) and how tickets spread over
// services. Lanes follow the map: the provider is Responsible for most services, the internal
// team for the help desk and business systems, and four services are shared (joint triage,
// about 11% of tickets).
type LaneKind = 'internal' | 'provider' | 'joint';
type PlanEntry = { weight: number; lane: LaneKind; informedInternal?: boolean };
const SERVICE_PLAN: Record<string, PlanEntry> = {
  'help-desk': { weight: 25, lane: 'internal' },
  'identity-access': { weight: 15, lane: 'provider' },
  'endpoint-management': { weight: 12, lane: 'provider' },
  'collaboration-suite': { weight: 10, lane: 'provider' },
  network: { weight: 6, lane: 'provider' },
  'joiners-movers-leavers': { weight: 6, lane: 'provider', informedInternal: true },
  'line-of-business-apps': { weight: 6, lane: 'internal' },
  'backup-recovery': { weight: 3, lane: 'joint' },
  'security-monitoring': { weight: 3, lane: 'joint' },
  'it-assets-licensing': { weight: 4, lane: 'joint' },
  telephony: { weight: 2, lane: 'provider' },
  'servers-infrastructure': { weight: 2, lane: 'provider' },
  'cloud-platforms': { weight: 1.5, lane: 'provider' },
  'patch-management': { weight: 1, lane: 'provider' },
  'domains-dns-certificates': { weight: 0.5, lane: 'provider' },
  'vendor-management': { weight: 0.5, lane: 'internal' },
  procurement: { weight: 1, lane: 'internal' },
  projects: { weight: 1, lane: 'joint' },
  'compliance-evidence': { weight: 0.3, lane: 'internal' },
  'security-awareness': { weight: 0.5, lane: 'provider' },
  'it-strategy-budget': { weight: 0.2, lane: 'internal' },
};
const PROVIDER_COMPANIES = [
  'Northwind IT Services',
  'Contoso Managed IT',
  'Fabrikam Support',
  'Tailspin Technology',
  'Litware Systems',
  'Proseware IT',
  'Adatum Networks',
  'Wingtip Solutions',
];
const COMPANY_WORDS = ['Acme', 'Bramble', 'Cobalt', 'Dunmore', 'Elder', 'Fjord', 'Granite', 'Harbour'];
const COMPANY_KINDS = ['Manufacturing', 'Foods', 'Logistics', 'Legal', 'Clinics', 'Retail', 'Engineering'];
const HANDOFF_REASONS = [
  'Not ours: this is a line-of-business application.',
  'Needs on-site hands, passing to the provider.',
  'Licence decision needed from the internal team.',
  'Network side looks fine, back to the desktop team.',
  'Vendor ticket raised; provider owns the follow-up.',
  'Requester is a director, internal lead takes it.',
];

export type ManifestService = { id: string; key: string; name: string; lane: LaneKind };
export type ManifestWorkspace = {
  slug: string;
  prefix: string;
  tickets: number;
  internalPartyId: string;
  providerPartyId: string;
  services: ManifestService[];
  catalogue: Array<{
    id: string;
    serviceId: string;
    kind: 'request' | 'incident';
    fields: Array<{ name: string; type: string; required: boolean; options?: string[] }>;
  }>;
  requesterMembershipIds: string[];
  tokens: {
    internalLead: string;
    internalAgent: string;
    providerLead: string;
    providerAgent: string;
    requesters: string[];
  };
};
export type Manifest = {
  target: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  generatedAt: string;
  tickets: number;
  comments: number;
  handoffs: number;
  seconds: number;
  administrator: { email: string; password: string };
  workspaces: ManifestWorkspace[];
};

// ---------------------------------------------------------------------------------------------
// Database preparation.
if (databaseUrl) await ensureDatabase(databaseUrl, { reset: args.reset });
else if (dataDir && existsSync(dataDir) && args.reset) rmSync(dataDir, { recursive: true, force: true });

const database: DatabaseHandle = await openDatabase({ databaseUrl, dataDir, poolSize: 4 });
const { db } = database;

/** Statements as the database owner (bypasses row-level security). */
type Owner = { query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]> };
let ownerClient: pg.Client | undefined;
let owner: Owner;
if (databaseUrl) {
  ownerClient = new pg.Client({ connectionString: databaseUrl, application_name: 'tandem-bench-generate' });
  await ownerClient.connect();
  const c = ownerClient;
  owner = { query: async (text, params) => (await c.query(text, params)).rows };
} else {
  owner = { query: (text, params) => database.unsafeOwnerQuery(text, params) };
}

const [counted] = await owner.query<{ accounts: number }>('select count(*)::int as accounts from accounts');
const existing = counted?.accounts ?? 0;
if (existing > 0) {
  throw new Error(
    `The database already has ${existing} accounts: pass --reset to start again from an empty database.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Workspaces, parties, members and API tokens through the real use cases.
log(
  `target ${databaseUrl ? `PostgreSQL ${targetName}` : `PGlite ${dataDir}`}: ${TICKETS} tickets in ${WORKSPACES} workspaces`,
);
const administrator = await createAccount(db, meta, {
  email: ADMIN_EMAIL,
  name: 'Bench Administrator',
  password: BENCH_PASSWORD,
  isAdmin: true,
});
// One argon2 hash for every bulk account: nobody signs in with them (the load uses API tokens).
const sharedHash = await hashPassword(BENCH_PASSWORD);

async function insertAccounts(people: Array<{ email: string; name: string }>): Promise<string[]> {
  const ids = people.map(() => randomUUID());
  await owner.query(
    `insert into accounts (id, email, name, password_hash)
     select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[])`,
    [ids, people.map((p) => p.email), people.map((p) => p.name), people.map(() => sharedHash)],
  );
  return ids;
}

// Provider companies serve several workspaces with the same engineers (one account, many memberships).
const companyCount = Math.min(PROVIDER_COMPANIES.length, Math.max(1, Math.ceil(WORKSPACES / 25)));
const companies: Array<{ name: string; leadAccountId: string; agentAccountIds: string[] }> = [];
for (let c = 0; c < companyCount; c++) {
  const domain = PROVIDER_COMPANIES[c]!.toLowerCase().replace(/[^a-z]+/g, '-');
  const ids = await insertAccounts(
    Array.from({ length: 5 }, (_, k) => ({
      email: `${k === 0 ? 'lead' : `engineer-${k}`}@${domain}.bench`,
      name: `${PROVIDER_COMPANIES[c]} ${k === 0 ? 'Lead' : `Engineer ${k}`}`,
    })),
  );
  companies.push({ name: PROVIDER_COMPANIES[c]!, leadAccountId: ids[0]!, agentAccountIds: ids.slice(1) });
}

// Workspace sizes: ∝ 1/rank^skew, rounded so that they add up to TICKETS.
const weights = Array.from({ length: WORKSPACES }, (_, i) => 1 / (i + 1) ** SKEW);
const weightSum = weights.reduce((a, b) => a + b, 0);
const sizes = weights.map((w) => Math.floor((w / weightSum) * TICKETS));
sizes[0]! += TICKETS - sizes.reduce((a, b) => a + b, 0);

type Member = { membershipId: string; partyId: string | null };
type WorkspacePlan = {
  id: string;
  manifest: ManifestWorkspace;
  internal: Member[]; // lead first
  provider: Member[]; // lead first
  requesters: Member[];
  services: Array<ManifestService & { weight: number; informedInternal: boolean; catalogue: string[] }>;
  names: { internal: string; provider: string };
};
const plans: WorkspacePlan[] = [];

async function actorFor(membershipId: string, accountId: string, isAdmin: boolean, workspaceId: string) {
  const actor = await withScopedTx(db, { workspaceId, accountId }, (tx) =>
    findActorByMembershipId(tx, { id: accountId, isAdmin }, membershipId),
  );
  if (!actor) throw new Error(`no actor for membership ${membershipId}`);
  return actor as WorkspaceActor;
}
const tokenFor = async (actor: WorkspaceActor, name: string) =>
  (
    await createApiToken(
      { db, actor, meta, jobs: HISTORY_ONLY_JOBS },
      { name, scopes: ['read', 'write'], expiresInDays: 365 },
    )
  ).secret;

for (let i = 0; i < WORKSPACES; i++) {
  const n = String(i + 1).padStart(3, '0');
  const name = `${COMPANY_WORDS[i % COMPANY_WORDS.length]} ${COMPANY_KINDS[i % COMPANY_KINDS.length]} ${n}`;
  const slug = `desk-${n}`;
  const company = companies[i % companies.length]!;
  const created = await createWorkspace(
    db,
    meta,
    { accountId: administrator.id, isAdmin: true },
    { name, slug, internalPartyName: `${name} IT`, ticketPrefix: `W${n}` },
  );
  const wsId = created.workspace.id;
  const lead = await actorFor(created.membership.id, administrator.id, true, wsId);
  const provider = await createProviderParty(
    { db, actor: lead, meta, jobs: HISTORY_ONLY_JOBS },
    { name: company.name },
  );
  const agentIds = await insertAccounts(
    Array.from({ length: 3 }, (_, k) => ({
      email: `agent-${k + 1}@${slug}.bench`,
      name: `${name} Agent ${k + 1}`,
    })),
  );
  const requesterIds = await insertAccounts(
    Array.from({ length: REQUESTERS }, (_, k) => ({
      email: `user-${k + 1}@${slug}.bench`,
      name: `${['Alex', 'Sam', 'Jo', 'Chris', 'Pat', 'Robin'][k % 6]} ${name.split(' ')[0]} ${k + 1}`,
    })),
  );
  const rows = [
    ...agentIds.map((accountId) => ({
      accountId,
      partyId: created.internalParty.id,
      role: 'agent' as const,
    })),
    { accountId: company.leadAccountId, partyId: provider.id, role: 'lead' as const },
    ...company.agentAccountIds.map((accountId) => ({
      accountId,
      partyId: provider.id,
      role: 'agent' as const,
    })),
    ...requesterIds.map((accountId) => ({ accountId, partyId: null, role: 'requester' as const })),
  ];
  const inserted = await withScopedTx(db, { workspaceId: wsId, accountId: administrator.id }, (tx) =>
    tx
      .insert(memberships)
      .values(rows.map((m) => ({ ...m, workspaceId: wsId })))
      .returning({ id: memberships.id, accountId: memberships.accountId, partyId: memberships.partyId }),
  );
  const byAccount = new Map(inserted.map((m) => [m.accountId, m]));
  const member = (accountId: string): Member => {
    const m = byAccount.get(accountId)!;
    return { membershipId: m.id, partyId: m.partyId };
  };
  const internal = [
    { membershipId: created.membership.id, partyId: created.internalParty.id },
    ...agentIds.map(member),
  ];
  const providerStaff = [member(company.leadAccountId), ...company.agentAccountIds.map(member)];
  const requesters = requesterIds.map(member);

  // Map version 2: the bench plan above (the same rows the matrix editor would produce).
  const { serviceRows, items } = await withScopedTx(
    db,
    { workspaceId: wsId, accountId: administrator.id },
    async (tx) => {
      const serviceRows = await tx
        .select({ id: services.id, key: services.key, name: services.name })
        .from(services)
        .where(eq(services.workspaceId, wsId));
      const [version] = await tx
        .insert(mapVersions)
        .values({
          workspaceId: wsId,
          number: 2,
          approvedByMembershipId: created.membership.id,
          summary: 'Service desk benchmark map',
        })
        .returning();
      const assignments = serviceRows.flatMap((s) => {
        const plan: PlanEntry = SERVICE_PLAN[s.key] ?? { weight: 0, lane: 'provider' };
        const out: Array<{ partyId: string; role: RaciRole }> = [
          { partyId: created.internalParty.id, role: 'A' },
        ];
        if (plan.lane !== 'provider') out.push({ partyId: created.internalParty.id, role: 'R' });
        if (plan.lane !== 'internal') out.push({ partyId: provider.id, role: 'R' });
        if (plan.lane === 'internal') out.push({ partyId: provider.id, role: 'C' });
        if (plan.lane === 'provider') {
          out.push({
            partyId: created.internalParty.id,
            role: plan.informedInternal ? 'I' : 'C',
          });
        }
        return out.map((a) => ({ ...a, serviceId: s.id }));
      });
      await tx.insert(mapAssignments).values(
        assignments.map((a) => ({
          ...a,
          workspaceId: wsId,
          versionId: version!.id,
          membershipId: null,
        })),
      );
      const items = await tx
        .select()
        .from(catalogueItems)
        .where(and(eq(catalogueItems.workspaceId, wsId), eq(catalogueItems.status, 'active')));
      return { serviceRows, items };
    },
  );

  const planServices = serviceRows.map((s) => {
    const plan: PlanEntry = SERVICE_PLAN[s.key] ?? { weight: 0.2, lane: 'provider' };
    return {
      id: s.id,
      key: s.key,
      name: s.name,
      lane: plan.lane,
      weight: plan.weight,
      informedInternal: plan.informedInternal === true,
      catalogue: items.filter((it) => it.serviceId === s.id).map((it) => it.id),
    };
  });

  // One API token per member the load driver acts as.
  const tokens = {
    internalLead: await tokenFor(lead, 'desk bench'),
    internalAgent: await tokenFor(
      await actorFor(internal[1]!.membershipId, agentIds[0]!, false, wsId),
      'desk bench',
    ),
    providerLead: await tokenFor(
      await actorFor(providerStaff[0]!.membershipId, company.leadAccountId, false, wsId),
      'desk bench',
    ),
    providerAgent: await tokenFor(
      await actorFor(providerStaff[1]!.membershipId, company.agentAccountIds[0]!, false, wsId),
      'desk bench',
    ),
    requesters: [] as string[],
  };
  for (let k = 0; k < 3; k++) {
    tokens.requesters.push(
      await tokenFor(
        await actorFor(requesters[k]!.membershipId, requesterIds[k]!, false, wsId),
        'desk bench',
      ),
    );
  }

  plans.push({
    id: wsId,
    internal,
    provider: providerStaff,
    requesters,
    services: planServices,
    names: { internal: created.internalParty.name, provider: provider.name },
    manifest: {
      slug,
      prefix: `W${n}`,
      tickets: sizes[i]!,
      internalPartyId: created.internalParty.id,
      providerPartyId: provider.id,
      services: planServices.map(({ id, key, name, lane }) => ({ id, key, name, lane })),
      catalogue: items.map((it) => ({
        id: it.id,
        serviceId: it.serviceId,
        kind: it.kind,
        fields: it.fields.map((f) => ({
          name: f.name,
          type: f.type,
          required: f.required,
          ...(f.options && { options: f.options }),
        })),
      })),
      requesterMembershipIds: requesters.slice(0, 10).map((m) => m.membershipId),
      tokens,
    },
  });
  if ((i + 1) % 20 === 0 || i + 1 === WORKSPACES) log(`workspaces: ${i + 1}/${WORKSPACES}`);
}

// ---------------------------------------------------------------------------------------------
// Bulk load. Secondary indexes of the ticket tables are dropped first and rebuilt afterwards
// (the usual bulk-load practice: building a GIN index once is far cheaper than 3M insertions);
// their definitions are written next to the manifest in case the run is interrupted.
if (!databaseUrl) {
  // PGlite: one session; work as the owner for the bulk part, then return to the app role.
  const client = (db as unknown as { $client: PGlite }).$client;
  await client.exec('RESET ROLE');
  owner = { query: async (text, params) => (await client.query(text, params)).rows as never };
}
await owner.query("set maintenance_work_mem = '256MB'");
const indexes = await owner.query<{ name: string; def: string }>(
  `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
   from pg_index i join pg_class c on c.oid = i.indrelid
   where c.relnamespace = 'public'::regnamespace
     and c.relname in ('tickets', 'ticket_comments', 'ticket_handoffs', 'ticket_watchers')
     and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`,
);
mkdirSync(dirname(manifestPath), { recursive: true });
const indexFile = manifestPath.replace(/\.json$/, '-indexes.sql');
writeFileSync(indexFile, `${indexes.map((x) => `${x.def};`).join('\n')}\n`);
for (const x of indexes) await owner.query(`drop index ${x.name}`);
log(`dropped ${indexes.length} secondary indexes for the load (definitions in ${indexFile})`);

const NOW = Date.now();
const DAY = 86_400_000;
const SPAN = 730 * DAY; // two years of history
const OPEN: TicketStatus[] = ['new', 'triaged', 'in_progress', 'waiting_on_requester', 'waiting_on_party'];
const OPEN_WEIGHTS = [0.2, 0.15, 0.35, 0.15, 0.15];
const LEVEL_IMPACT: Level[] = [
  'low',
  'low',
  'low',
  'low',
  'low',
  'low',
  'medium',
  'medium',
  'medium',
  'high',
];
const LEVEL_URGENCY: Level[] = [
  'low',
  'low',
  'low',
  'medium',
  'medium',
  'medium',
  'medium',
  'medium',
  'high',
  'high',
];

function weighted<T extends { weight: number }>(g: Rng, xs: T[]): T {
  const total = xs.reduce((a, x) => a + x.weight, 0);
  let u = g.next() * total;
  for (const x of xs) {
    u -= x.weight;
    if (u <= 0) return x;
  }
  return xs.at(-1)!;
}

type Columns = Record<string, unknown[]>;
const columns = (names: string[]): Columns => Object.fromEntries(names.map((n) => [n, []]));
const TICKET_COLUMNS: Array<[string, string]> = [
  ['id', 'uuid'],
  ['number', 'int4'],
  ['requester_membership_id', 'uuid'],
  ['catalogue_item_id', 'uuid'],
  ['service_id', 'uuid'],
  ['field_values', 'jsonb'],
  ['subject', 'text'],
  ['description', 'text'],
  ['impact', 'text'],
  ['urgency', 'text'],
  ['priority', 'text'],
  ['status', 'text'],
  ['lane_party_id', 'uuid'],
  ['assignee_membership_id', 'uuid'],
  ['routing_reason', 'text'],
  ['handoff_count', 'int4'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
  ['first_response_at', 'timestamptz'],
  ['resolved_at', 'timestamptz'],
  ['closed_at', 'timestamptz'],
  ['rating', 'int2'],
  ['version', 'int4'],
];
const COMMENT_COLUMNS: Array<[string, string]> = [
  ['ticket_id', 'uuid'],
  ['author_membership_id', 'uuid'],
  ['body', 'text'],
  ['visibility', 'text'],
  ['party_id', 'uuid'],
  ['created_at', 'timestamptz'],
];
const HANDOFF_COLUMNS: Array<[string, string]> = [
  ['ticket_id', 'uuid'],
  ['from_party_id', 'uuid'],
  ['to_party_id', 'uuid'],
  ['reason', 'text'],
  ['by_membership_id', 'uuid'],
  ['created_at', 'timestamptz'],
];
const WATCHER_COLUMNS: Array<[string, string]> = [
  ['ticket_id', 'uuid'],
  ['party_id', 'uuid'],
];

async function insertUnnest(table: string, spec: Array<[string, string]>, wsId: string, data: Columns) {
  const count = data[spec[0]![0]]!.length;
  if (count === 0) return;
  const names = spec.map(([n]) => n);
  const casts = spec.map(([, t], k) => `$${k + 2}::${t}[]`);
  await owner.query(
    `insert into ${table} (workspace_id, ${names.join(', ')})
     select $1::uuid, * from unnest(${casts.join(', ')})`,
    [wsId, ...names.map((n) => data[n])],
  );
}

/** Answers to a catalogue item's extra fields, as a requester would give them. */
function fieldValues(g: Rng, fields: ManifestWorkspace['catalogue'][number]['fields']) {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (!f.required && g.chance(0.5)) continue;
    out[f.name] =
      f.type === 'date'
        ? new Date(NOW + g.int(60) * DAY).toISOString().slice(0, 10)
        : f.type === 'select'
          ? g.pick(f.options ?? [''])
          : f.type === 'checkbox'
            ? g.chance(0.7)
            : f.type === 'number'
              ? g.int(100)
              : f.name === 'name'
                ? personName(g)
                : description(g).split('.')[0];
  }
  return out;
}

const iso = (ms: number) => new Date(ms).toISOString();
let totalTickets = 0;
let totalComments = 0;
let totalHandoffs = 0;
const BATCH = 2_000;
const loadStarted = performance.now();

async function loadWorkspace(plan: WorkspacePlan, seed: number) {
  const g = rng(seed);
  const size = plan.manifest.tickets;
  const { internalPartyId, providerPartyId } = plan.manifest;
  const staffOf = (partyId: string | null) =>
    partyId === providerPartyId ? plan.provider : partyId === internalPartyId ? plan.internal : plan.internal;
  const partyName = (id: string) => (id === internalPartyId ? plan.names.internal : plan.names.provider);
  let inflight: Promise<unknown> = Promise.resolve();
  for (let start = 0; start < size; start += BATCH) {
    const t = columns(TICKET_COLUMNS.map(([n]) => n));
    const c = columns(COMMENT_COLUMNS.map(([n]) => n));
    const h = columns(HANDOFF_COLUMNS.map(([n]) => n));
    const w = columns(WATCHER_COLUMNS.map(([n]) => n));
    const end = Math.min(size, start + BATCH);
    for (let k = start; k < end; k++) {
      const number = k + 1;
      const createdAt = NOW - SPAN + ((k + g.next()) / size) * (SPAN - 3_600_000);
      const ageDays = (NOW - createdAt) / DAY;
      const service = weighted(g, plan.services);
      const itemId = service.catalogue.length > 0 && g.chance(0.7) ? g.pick(service.catalogue) : null;
      const item = itemId ? plan.manifest.catalogue.find((x) => x.id === itemId) : undefined;
      const kind = item?.kind ?? (g.chance(0.6) ? 'incident' : 'request');
      const impact = g.pick(LEVEL_IMPACT);
      const urgency = g.pick(LEVEL_URGENCY);
      const priority: Priority = priorityOf(impact, urgency);
      const openChance = ageDays < 3 ? 0.85 : ageDays < 14 ? 0.45 : ageDays < 60 ? 0.08 : 0.02;
      let status: TicketStatus;
      if (g.chance(openChance)) {
        let u = g.next();
        status = OPEN[OPEN.length - 1]!;
        for (let s = 0; s < OPEN.length; s++) {
          u -= OPEN_WEIGHTS[s]!;
          if (u <= 0) {
            status = OPEN[s]!;
            break;
          }
        }
      } else {
        status = ageDays < 5 || g.chance(0.03) ? 'resolved' : 'closed';
      }
      const open = OPEN.includes(status);
      const lifetime = open
        ? g.next() * Math.min(ageDays, 10) * DAY
        : (0.05 + g.next() * g.next() * 12) * DAY;
      const updatedAt = Math.min(NOW - 60_000, createdAt + lifetime);
      // Routing by the map, then the handoffs (about 8% of tickets, a few bouncing).
      const initialLane =
        service.lane === 'internal' ? internalPartyId : service.lane === 'provider' ? providerPartyId : null;
      const routingReason =
        initialLane === null
          ? `Routed to joint triage: ${service.name} is shared (Responsible = ${plan.names.internal}, ${plan.names.provider})`
          : `Routed to ${partyName(initialLane)} lane: ${service.name}, Responsible = ${partyName(initialLane)}`;
      let lane: string | null = initialLane;
      const id = randomUUID();
      const watchers = new Set<string>();
      if (service.informedInternal && lane !== internalPartyId) watchers.add(internalPartyId);
      let handoffs = 0;
      if (status !== 'new' && g.chance(0.08)) {
        handoffs = g.chance(0.6) ? 1 : g.chance(0.6) ? 2 : 3 + g.int(2);
        for (let x = 0; x < handoffs; x++) {
          const to =
            lane === null
              ? g.pick([internalPartyId, providerPartyId])
              : g.chance(0.15)
                ? null
                : lane === internalPartyId
                  ? providerPartyId
                  : internalPartyId;
          h.ticket_id!.push(id);
          h.from_party_id!.push(lane);
          h.to_party_id!.push(to);
          h.reason!.push(g.pick(HANDOFF_REASONS));
          h.by_membership_id!.push(g.pick(staffOf(lane)).membershipId);
          h.created_at!.push(iso(createdAt + ((x + 1) / (handoffs + 1)) * (updatedAt - createdAt)));
          if (lane) watchers.add(lane);
          lane = to;
        }
      }
      if (lane) watchers.delete(lane);
      for (const partyId of watchers) {
        w.ticket_id!.push(id);
        w.party_id!.push(partyId);
      }
      const assigned = status === 'new' ? g.chance(0.1) : open ? g.chance(0.75) : g.chance(0.92);
      const assignee = assigned ? g.pick(staffOf(lane)).membershipId : null;
      const requester = g.zipf(plan.requesters, 0.7);
      // The conversation.
      const nComments = status === 'new' ? g.int(2) : g.int(2 * COMMENTS + 1);
      for (let x = 0; x < nComments; x++) {
        const fromRequester = g.chance(0.35);
        const author = fromRequester ? requester : g.pick(staffOf(lane));
        const visibility = fromRequester
          ? 'public'
          : g.chance(0.65)
            ? 'public'
            : g.chance(0.85)
              ? 'staff'
              : 'party';
        c.ticket_id!.push(id);
        c.author_membership_id!.push(author.membershipId);
        c.body!.push(commentBody(g));
        c.visibility!.push(visibility);
        c.party_id!.push(visibility === 'party' ? author.partyId : null);
        c.created_at!.push(iso(createdAt + ((x + 1) / (nComments + 1)) * (updatedAt - createdAt)));
      }
      const resolvedAt =
        status === 'resolved' || status === 'closed'
          ? updatedAt - (status === 'closed' ? 5 * DAY * g.next() : 0)
          : null;
      t.id!.push(id);
      t.number!.push(number);
      t.requester_membership_id!.push(requester.membershipId);
      t.catalogue_item_id!.push(itemId);
      t.service_id!.push(service.id);
      t.field_values!.push(JSON.stringify(fieldValues(g, item?.fields ?? [])));
      t.subject!.push(subject(g, kind));
      t.description!.push(description(g));
      t.impact!.push(impact);
      t.urgency!.push(urgency);
      t.priority!.push(priority);
      t.status!.push(status);
      t.lane_party_id!.push(lane);
      t.assignee_membership_id!.push(assignee);
      t.routing_reason!.push(routingReason);
      t.handoff_count!.push(handoffs);
      t.created_at!.push(iso(createdAt));
      t.updated_at!.push(iso(updatedAt));
      t.first_response_at!.push(status === 'new' ? null : iso(createdAt + (updatedAt - createdAt) * 0.1));
      t.resolved_at!.push(resolvedAt === null ? null : iso(Math.max(createdAt, resolvedAt)));
      t.closed_at!.push(status === 'closed' ? iso(updatedAt) : null);
      t.rating!.push(!open && g.chance(0.25) ? (g.chance(0.7) ? 5 : 3 + g.int(2)) : null);
      t.version!.push(1 + nComments + handoffs + (open ? 1 : 2));
    }
    // One batch in flight while the next is generated.
    await inflight;
    inflight = (async () => {
      await insertUnnest('tickets', TICKET_COLUMNS, plan.id, t);
      await insertUnnest('ticket_comments', COMMENT_COLUMNS, plan.id, c);
      await insertUnnest('ticket_handoffs', HANDOFF_COLUMNS, plan.id, h);
      await insertUnnest('ticket_watchers', WATCHER_COLUMNS, plan.id, w);
    })();
    const before = totalTickets;
    totalTickets += end - start;
    totalComments += c.ticket_id!.length;
    totalHandoffs += h.ticket_id!.length;
    if (Math.floor(before / 50_000) !== Math.floor(totalTickets / 50_000) || totalTickets === TICKETS) {
      const rate = totalTickets / ((performance.now() - loadStarted) / 1000);
      log(
        `tickets: ${totalTickets}/${TICKETS} (${Math.round(rate)}/s), comments ${totalComments}, handoffs ${totalHandoffs}`,
      );
    }
  }
  await inflight;
  // The counter the next API-created ticket takes its number from.
  await owner.query(
    `insert into workspace_counters (workspace_id, name, value) values ($1, 'ticket', $2)
     on conflict (workspace_id, name) do update set value = greatest(workspace_counters.value, excluded.value)`,
    [plan.id, size],
  );
}

for (const [i, plan] of plans.entries()) await loadWorkspace(plan, SEED * 1_000_003 + i);
log(`rows loaded; rebuilding ${indexes.length} indexes`);
for (const x of indexes) {
  const t0 = performance.now();
  await owner.query(x.def);
  log(`  ${x.name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
if (databaseUrl) {
  log('VACUUM ANALYZE');
  await owner.query('vacuum analyze');
} else {
  log('ANALYZE');
  await owner.query('analyze');
}
const [check] = await owner.query<{ tickets: number; counters: number; mismatched: number; joint: number }>(
  `select (select count(*)::int from tickets) as tickets,
          (select count(*)::int from workspace_counters where name = 'ticket') as counters,
          (select count(*)::int from workspace_counters wc
            where wc.name = 'ticket'
              and wc.value <> (select max(number) from tickets t where t.workspace_id = wc.workspace_id)) as mismatched,
          (select round(100.0 * count(*) filter (where lane_party_id is null) / count(*))::int from tickets) as joint`,
);
log(
  `check: ${check!.tickets} tickets, ${check!.counters} counters (${check!.mismatched} mismatched), ${check!.joint}% in joint triage`,
);

const manifest: Manifest = {
  target: databaseUrl ? { kind: 'postgres', url: databaseUrl } : { kind: 'pglite', dataDir: dataDir! },
  generatedAt: new Date().toISOString(),
  tickets: totalTickets,
  comments: totalComments,
  handoffs: totalHandoffs,
  seconds: Math.round((performance.now() - started) / 1000),
  administrator: { email: ADMIN_EMAIL, password: BENCH_PASSWORD },
  workspaces: plans.map((p) => p.manifest),
};
writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
if (!databaseUrl) await (db as unknown as { $client: PGlite }).$client.exec('SET ROLE tandem_app');
await ownerClient?.end();
await database.close();
log(
  `done: ${totalTickets} tickets, ${totalComments} comments, ${totalHandoffs} handoffs in ${elapsed()}; manifest ${manifestPath}`,
);
console.log(
  `next: npm run build && tsx bench/load-desk.ts --runs 3 --manifest ${relative(process.cwd(), manifestPath)}`,
);
