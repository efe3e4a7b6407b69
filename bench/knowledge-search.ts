// Knowledge search at 50,000 articles in one workspace: generates articles with a 400-word
// vocabulary (Zipf-like: common words are common), then times the real service function
// searchArticles for staff and for a requester, with and without filters, and prints the median
// and p95 per query kind. In-memory PGlite by default; DATABASE_URL=postgres://… to use a server
// (a fresh database: the script migrates it and leaves its data behind).
//
// Usage: tsx bench/knowledge-search.ts [--articles 50000] [--runs 20]

import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/client.ts';
import type { WorkspaceActor } from '../src/domain/actor.ts';
import { HISTORY_ONLY_JOBS } from '../src/jobs/queue.ts';
import { searchArticles } from '../src/knowledge/service/search-articles.ts';
import { systemMeta } from '../src/server/context.ts';
import { makeMember, makeWorkspace } from '../src/test/factories.ts';

const { values: args } = parseArgs({
  options: { articles: { type: 'string', default: '50000' }, runs: { type: 'string', default: '20' } },
});
const ARTICLES = Number(args.articles);
const RUNS = Number(args.runs);

const started = Date.now();
const handle = await openDatabase(
  process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL, poolSize: 4 } : {},
);
const ws = await makeWorkspace(handle.db, 'Bench');
const requester = await makeMember(handle.db, ws, { party: null, role: 'requester' });

const VOCABULARY = [
  ...'printer vpn password mailbox laptop backup restore firewall certificate outlook teams sharepoint invoice erp payroll badge wifi switch server disk raid patch update driver license account mfa phone scanner label warehouse camera door alarm ups power cable router dns dhcp domain ssl token sso okta azure intune autopilot defender phishing malware quarantine ticket escalation vendor contract renewal onboarding offboarding leaver starter'.split(
    ' ',
  ),
  ...Array.from({ length: 340 }, (_, i) => `term${i}`),
];
const words = `array[${VOCABULARY.map((w) => `'${w}'`).join(',')}]`;
const BATCH = 5000;
for (let from = 1; from <= ARTICLES; from += BATCH) {
  const to = Math.min(ARTICLES, from + BATCH - 1);
  // Power-law choice of words: floor(n * random()^3) favours the first (common) words.
  await handle.unsafeOwnerQuery(
    `insert into articles (workspace_id, number, type, title, summary, body, status, visibility, owner_party_id,
       review_due_on, created_by_membership_id, updated_by_membership_id, updated_at)
     select $1, g,
       (array['how_to','runbook','recovery_procedure','escalation_guide','decision_record','post_incident_review'])[1 + g % 6],
       (select string_agg(w[1 + floor(array_length(w, 1) * power(random(), 3))::int + 0 * i], ' ') from generate_series(1, 5 + g % 2) i),
       (select string_agg(w[1 + floor(array_length(w, 1) * power(random(), 2))::int + 0 * i], ' ') from generate_series(1, 15 + g % 2) i),
       (select string_agg(w[1 + floor(array_length(w, 1) * power(random(), 2))::int + 0 * i], ' ') from generate_series(1, 250 + g % 3) i),
       (array['published','published','published','draft','needs_review','retired'])[1 + g % 6],
       case when g % 4 = 0 then 'public' else 'staff' end,
       case when g % 2 = 0 then $2::uuid else $3::uuid end,
       current_date + (g % 400) - 200, $4, $4, now() - g * interval '1 minute'
     from generate_series($5::int, $6::int) g, (select ${words} as w) v`,
    [ws.id, ws.internalPartyId, ws.providerPartyId, ws.lead.membershipId, from, to],
  );
}
await handle.unsafeOwnerQuery('analyze articles');
console.log(
  `generated ${ARTICLES} articles in ${((Date.now() - started) / 1000).toFixed(1)} s (${handle.kind})`,
);

const actorBase = {
  accountId: ws.lead.accountId,
  isAdmin: false,
  workspaceId: ws.id,
  workspaceSlug: ws.slug,
  ticketPrefix: 'BENCH',
};
const staff: WorkspaceActor = {
  ...actorBase,
  membershipId: ws.lead.membershipId,
  role: 'lead',
  partyId: ws.internalPartyId,
  partyKind: 'internal',
};
const reader: WorkspaceActor = {
  ...actorBase,
  accountId: requester.accountId,
  membershipId: requester.membershipId,
  role: 'requester',
  partyId: null,
  partyKind: null,
};
const ctx = (actor: WorkspaceActor) => ({
  db: handle.db,
  actor,
  meta: systemMeta('bench'),
  jobs: HISTORY_ONLY_JOBS,
});

const SCENARIOS: Array<{ name: string; actor: WorkspaceActor; q: string; filters?: object }> = [
  { name: 'common word (staff)', actor: staff, q: 'printer' },
  { name: 'two common words (staff)', actor: staff, q: 'vpn password' },
  { name: 'rare word (staff)', actor: staff, q: 'term300' },
  { name: 'phrase (staff)', actor: staff, q: '"restore backup"' },
  {
    name: 'common word + type + stale (staff)',
    actor: staff,
    q: 'printer',
    filters: { type: ['runbook'], stale: true },
  },
  {
    name: 'common word + owner (staff)',
    actor: staff,
    q: 'mailbox',
    filters: { ownerPartyId: ws.providerPartyId },
  },
  { name: 'common word (requester)', actor: reader, q: 'printer' },
  { name: 'no match (staff)', actor: staff, q: 'zzzzunknown' },
];

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
const all: number[] = [];
console.log('| query | results | median ms | p95 ms |');
console.log('| --- | --- | --- | --- |');
for (const s of SCENARIOS) {
  const times: number[] = [];
  let results = 0;
  await searchArticles(ctx(s.actor), s.q, { limit: 20, ...s.filters }); // warm
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    results = (await searchArticles(ctx(s.actor), s.q, { limit: 20, ...s.filters })).length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  all.push(...times);
  console.log(`| ${s.name} | ${results} | ${pct(times, 0.5).toFixed(1)} | ${pct(times, 0.95).toFixed(1)} |`);
}
all.sort((a, b) => a - b);
console.log(`all searches: median ${pct(all, 0.5).toFixed(1)} ms, p95 ${pct(all, 0.95).toFixed(1)} ms`);
await handle.close();
