import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../demo/seed.ts';
import { buildTestApp, type TestApp } from '../test/build-test-app.ts';
import { TestClient } from '../test/client.ts';
import { makeMember, type TestWorkspace } from '../test/factories.ts';
import { auditCount, dataSnapshot, ownerQuery } from '../test/tenancy-helpers.ts';

/**
 * Issue #10: every route of the OpenAPI document that takes a path parameter, called by every
 * persona of one workspace (Bramble) with the ids and keys of another workspace's records (Acme,
 * the full demo), answers 404 (or 400/401/403/415 where it refuses before any lookup), never 2xx,
 * and writes nothing. Values and bodies are drawn at random from a fixed seed, printed on failure;
 * set CROSS_WORKSPACE_SEED to replay or explore another draw.
 */
const SEED = Number(process.env.CROSS_WORKSPACE_SEED ?? 20_261_202);
const REFUSALS = new Set([400, 401, 403, 404, 415]);
const UUID_FORMAT = 'uuid';

type Schema = {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  minLength?: number;
  minimum?: number;
};
type Parameter = { in: string; name: string; required?: boolean; schema: Schema };
type Operation = {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};

/** mulberry32: a small seeded generator, so a failing draw can be replayed. */
function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const random = seededRandom(SEED);
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;

let t: TestApp;
/** The victim's records: uuids per table, human numbers per kind, its ticket prefix. */
const victim = { ids: new Map<string, string[]>(), numbers: new Map<string, number[]>(), prefix: 'ACME' };
const personas = new Map<string, TestClient>();

/** Which table a uuid path or body field names, by the path segment before it or its own name. */
const ID_TABLES: Array<[RegExp, string]> = [
  [/sessions\/\{id\}$/, 'sessions'],
  [/tokens\/\{id\}$/, 'api_tokens'],
  [/parties\/\{id\}$/, 'parties'],
  [/members\/\{id\}/, 'memberships'],
  [/invitations\/\{id\}$/, 'invitations'],
  [/services\/\{id\}/, 'services'],
  [/decision-types\/\{id\}$/, 'decision_types'],
  [/catalogue\/\{id\}$/, 'catalogue_items'],
  [/views\/\{id\}$/, 'saved_views'],
  [/tickets\/\{key\}\/attachments\/\{id\}$/, 'ticket_attachments'],
  [/articles\/\{key\}\/attachments\/\{id\}$/, 'article_attachments'],
  [/calendars\/\{id\}$/, 'sla_calendars'],
  [/policies\/\{id\}$/, 'sla_policies'],
  [/escalation-rules\/\{id\}$/, 'sla_escalation_rules'],
  [/cover-rules\/\{id\}$/, 'after_hours_cover_rules'],
  [/shifts\/\{id\}$/, 'on_call_shifts'],
  [/notifications\/\{id\}/, 'notifications'],
  [/webhooks\/\{id\}/, 'webhook_endpoints'],
  [/\{deliveryId\}/, 'webhook_deliveries'],
  [/recurrence\/proposals\/\{id\}/, 'recurrence_proposals'],
  [/systems\/\{id\}/, 'systems'],
  [/handovers\/\{id\}/, 'handover_sessions'],
  [/access\/accounts\/\{id\}$/, 'privileged_accounts'],
  [/access\/revocations\/\{id\}/, 'access_revocation_tasks'],
  [/\{lineId\}/, 'access_review_lines'],
];
const FIELD_TABLES: Array<[RegExp, string]> = [
  [/membershipId$/i, 'memberships'],
  [/partyId$/i, 'parties'],
  [/serviceId$/i, 'services'],
  [/systemId$|dependsOnId$/i, 'systems'],
  [/catalogueItemId$/i, 'catalogue_items'],
  [/articleId$/i, 'articles'],
  [/commentId$/i, 'ticket_comments'],
  [/calendarId$/i, 'sla_calendars'],
  [/policyId$/i, 'sla_policies'],
  [/decisionId$/i, 'decisions'],
];
const NUMBERED: Array<[RegExp, string, string]> = [
  [/tickets\/\{key\}|\{other\}|problems\/\{number\}\/tickets\/\{key\}/, 'tickets', ''],
  [/articles\/\{key\}/, 'articles', 'KB-'],
  [/incidents\/\{key\}/, 'incidents', 'MI-'],
  [/backlog\/\{number\}/, 'backlog_items', 'IMP-'],
  [/problems\/\{number\}/, 'problems', 'PRB-'],
  [/decisions\/\{number\}/, 'decisions', ''],
  [/proposals\/\{number\}/, 'map_proposals', ''],
  [/access\/grants\/\{key\}/, 'access_grants', 'AG-'],
  [/access\/reviews\/\{key\}/, 'access_reviews', 'AR-'],
];

/** Tickets the attacking workspace has too (its demo desk; checked in beforeAll). */
const SHARED_TICKET_NUMBERS = [1, 2, 3];
const anyVictimId = () => pick([...victim.ids.values()].flat());
const victimId = (table: string | undefined) => {
  const ids = table ? victim.ids.get(table) : undefined;
  return ids?.length ? pick(ids) : anyVictimId();
};
const ticketKey = () => {
  // Half the time a number the attacker has too: only the prefix tells the two tickets apart.
  const n = random() < 0.5 ? pick(SHARED_TICKET_NUMBERS) : pick(victim.numbers.get('tickets')!);
  return pick([`${victim.prefix}-${n}`, `${victim.prefix.toLowerCase()}-${n}`]);
};

/** A value for a path parameter: a record of the victim workspace of the kind the route names. */
function pathValue(path: string, param: Parameter, slug: string): string {
  const name = param.name;
  if (name === 'workspace') return slug;
  if (name === 'token') return `tdi_${Math.floor(random() * 1e12).toString(36)}`;
  if (name === 'other') return ticketKey();
  if (name === 'key' || name === 'number') {
    const placeholder = `{${name}}`;
    const upTo = path.slice(0, path.indexOf(placeholder) + placeholder.length);
    if (/problems\/\{number\}\/tickets\/\{key\}$/.test(upTo) || /tickets\/\{key\}$/.test(upTo))
      return ticketKey();
    const kind = NUMBERED.find(([pattern]) => pattern.test(upTo));
    const numbers = kind ? victim.numbers.get(kind[1]) : undefined;
    return `${kind?.[2] ?? ''}${numbers?.length ? pick(numbers) : 999_999}`;
  }
  if (param.schema.enum) return String(pick(param.schema.enum));
  if (name === 'version') return '1';
  if (param.schema.format === UUID_FORMAT) {
    const placeholder = `{${name}}`;
    const upTo = path.slice(0, path.indexOf(placeholder) + placeholder.length);
    const table =
      ID_TABLES.find(([pattern]) => pattern.test(upTo))?.[1] ??
      FIELD_TABLES.find(([pattern]) => pattern.test(name))?.[1];
    return victimId(table);
  }
  return sample(param.schema, name) as string;
}

/** A plausible value for a schema: valid where it is easy, with the victim's ids for uuid fields. */
function sample(schema: Schema | undefined, name: string, depth = 0): unknown {
  if (!schema || depth > 6) return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return pick(schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return sample(pick(branches.filter((b) => b.type !== 'null')), name, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const body: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(key) || random() < 0.5) body[key] = sample(child, key, depth + 1);
      }
      return body;
    }
    case 'array': {
      const length = Math.max(schema.minItems ?? 0, random() < 0.7 ? 1 : 0);
      return Array.from({ length }, () => sample(schema.items, name, depth + 1));
    }
    case 'integer':
    case 'number':
      return name === 'version' ? 1 : Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return random() < 0.5;
    case 'string':
      if (schema.format === UUID_FORMAT)
        return victimId(FIELD_TABLES.find(([pattern]) => pattern.test(name))?.[1]);
      if (schema.format === 'date') return '2026-03-02';
      if (schema.format === 'date-time') return '2026-03-02T09:00:00Z';
      if (schema.format === 'email') return `someone-${SEED}@example.test`;
      if (schema.format === 'uri') return 'https://example.test/hook';
      if (/ticket|keys?$/i.test(name) || schema.pattern?.includes('A-Za-z0-9')) return ticketKey();
      if (schema.pattern?.includes(':')) return '09:00';
      if (name === 'timeZone') return 'UTC';
      return 'Cross-workspace probe'.padEnd(schema.minLength ?? 1, 'x');
    default:
      // Dates are coerced (no JSON type in the document).
      return /At$|On$|from$|to$/i.test(name) ? '2026-03-02T09:00:00Z' : 'probe';
  }
}

type Probe = { method: InjectOptions['method']; url: string; payload?: InjectOptions['payload'] };

function requestFor(path: string, method: string, op: Operation, slug: string): Probe {
  const params = op.parameters ?? [];
  let url = path;
  const query = new URLSearchParams();
  for (const param of params) {
    if (param.in === 'path')
      url = url.replace(`{${param.name}}`, encodeURIComponent(pathValue(path, param, slug)));
    else if (param.in === 'query' && (param.required || random() < 0.3))
      query.set(param.name, String(sample(param.schema, param.name)));
  }
  const search = query.toString();
  const content = op.requestBody?.content ?? {};
  const json = content['application/json'];
  return {
    method: method.toUpperCase() as InjectOptions['method'],
    url: search ? `${url}?${search}` : url,
    ...(json && { payload: sample(json.schema, 'body') as InjectOptions['payload'] }),
    ...(!json && !['get', 'delete'].includes(method) && { payload: {} }),
  };
}

/** Values of one kind in one workspace, read as the owner (row-level security hides nothing). */
async function column<T>(sql: string, workspaceId: string) {
  return (await ownerQuery<{ v: T }>(t, sql, [workspaceId])).map((r) => r.v);
}

beforeAll(async () => {
  // Without the job queue: its sweeps (SLA escalations, reminders) would write while we count.
  t = await buildTestApp();
  await seedDemo(t.database.db);
  const [acme, bramble] = await ownerQuery<{ id: string; ticket_prefix: string }>(
    t,
    "select id, ticket_prefix from workspaces where slug in ('acme', 'bramble') order by slug",
  );
  victim.prefix = acme!.ticket_prefix;
  // A signed-in victim, so the victim's sessions are among the ids tried.
  await new TestClient(t.app).signIn('ian@acme.example', DEMO_PASSWORD);
  const tables = await ownerQuery<{ table_name: string }>(
    t,
    `select table_name from information_schema.columns
     where table_schema = 'public' and column_name = 'workspace_id'
       and table_name in (select table_name from information_schema.columns
                          where table_schema = 'public' and column_name = 'id' and data_type = 'uuid')`,
  );
  for (const { table_name: table } of tables) {
    victim.ids.set(
      table,
      await column<string>(`select id::text as v from "${table}" where workspace_id = $1`, acme!.id),
    );
  }
  // Sessions of the victim's people who are not in the attacking workspace.
  victim.ids.set(
    'sessions',
    await column<string>(
      `select s.id::text as v from sessions s join memberships m on m.account_id = s.account_id
       where m.workspace_id = $1`,
      acme!.id,
    ),
  );
  for (const [, table] of NUMBERED) {
    // Numbers the victim has and the attacker does not, so a hit can only be a leak (ticket keys
    // carry the prefix instead).
    const theirs = new Set(
      await column<number>(`select number as v from "${table}" where workspace_id = $1`, bramble!.id),
    );
    const mine = await column<number>(`select number as v from "${table}" where workspace_id = $1`, acme!.id);
    victim.numbers.set(table, table === 'tickets' ? mine : mine.filter((n) => !theirs.has(n)));
  }
  expect(victim.numbers.get('tickets')!.length).toBeGreaterThan(100);

  // The attacking workspace's six personas, none of them a member of the victim workspace.
  const [internal] = await ownerQuery<{ id: string }>(
    t,
    "select id from parties where workspace_id = $1 and kind = 'internal'",
    [bramble!.id],
  );
  const [provider] = await ownerQuery<{ id: string }>(
    t,
    "select id from parties where workspace_id = $1 and kind = 'provider'",
    [bramble!.id],
  );
  const ws = {
    id: bramble!.id,
    slug: 'bramble',
    internalPartyId: internal!.id,
    providerPartyId: provider!.id,
  };
  const member = async (spec: Parameters<typeof makeMember>[2]) =>
    new TestClient(t.app).signIn((await makeMember(t.database.db, ws as TestWorkspace, spec)).email);
  const ben = await new TestClient(t.app).signIn('ben@bramble.example', DEMO_PASSWORD);
  personas.set('lead', ben);
  // Bramble's demo desk has these numbers too.
  for (const n of SHARED_TICKET_NUMBERS)
    expect((await ben.get(`/api/v1/w/bramble/tickets/${bramble!.ticket_prefix}-${n}`)).statusCode).toBe(200);
  personas.set('requester', await new TestClient(t.app).signIn('fay@bramble.example', DEMO_PASSWORD));
  personas.set('agent', await member({ party: 'internal', role: 'agent' }));
  personas.set('viewer', await member({ party: 'internal', role: 'viewer' }));
  personas.set('provider engineer', await member({ party: 'provider', role: 'agent' }));
  personas.set('provider lead', await member({ party: 'provider', role: 'lead' }));
  // Each persona from its own address, like six people in six places.
  [...personas.values()].forEach((client, i) => {
    client.ip = `10.77.0.${i + 1}`;
  });
}, 120_000);
afterAll(() => t.close());

describe(`cross-workspace probe (seed ${SEED})`, () => {
  it("never reaches another workspace's records through any route with a path parameter", async () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, Operation>> };
    const before = await dataSnapshot(t);
    const failures: string[] = [];
    let requests = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      if (!path.includes('{')) continue;
      for (const [method, op] of Object.entries(operations)) {
        const params = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        // A route whose only record is the workspace is probed with the victim's slug itself.
        const onlyWorkspace = params.every((p) => ['workspace', 'format'].includes(p));
        const audits = await auditCount(t);
        for (const [persona, client] of personas) {
          const request = requestFor(path, method, op, onlyWorkspace ? 'acme' : 'bramble');
          const response = await client.request(request.method, request.url, request.payload);
          requests += 1;
          // Without a job queue, routes that only enqueue refuse first with 503 JOBS_UNAVAILABLE.
          const noQueue = response.statusCode === 503 && response.body.includes('JOBS_UNAVAILABLE');
          const refused = REFUSALS.has(response.statusCode) || noQueue;
          if (!refused || (onlyWorkspace && response.statusCode !== 404)) {
            failures.push(
              `${request.method} ${request.url} as ${persona} → ${response.statusCode} ${response.body.slice(0, 200)}` +
                (request.payload ? ` (body ${JSON.stringify(request.payload).slice(0, 200)})` : ''),
            );
          }
        }
        if ((await auditCount(t)) !== audits)
          failures.push(`${method.toUpperCase()} ${path} wrote an audit event`);
      }
    }
    expect(requests).toBeGreaterThan(600);
    expect(failures, `seed ${SEED} (replay with CROSS_WORKSPACE_SEED=${SEED})`).toEqual([]);
    const { sessions: _s1, ...after } = await dataSnapshot(t);
    const { sessions: _s2, ...start } = before;
    expect(after, `seed ${SEED}: some row changed`).toEqual(start);
  }, 120_000);
});
