import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../config.ts';
import type { Database, DatabaseHandle } from '../db/client.ts';
import { type Jobs, startJobs } from '../jobs/queue.ts';
import { buildApp } from '../server/app.ts';
import { signedIn, type TestClient } from './client.ts';
import { makeMember, makeWorkspace, type TestWorkspace } from './factories.ts';
import { createTestDatabase } from './test-database.ts';

/** Who an area's API tests cross their rights with: Acme's lead and one member per party and role, and another workspace's lead. */
export type Who = 'lead' | 'agent' | 'viewer' | 'providerLead' | 'engineer' | 'requester' | 'otherLead';

export type Cast = {
  ws: TestWorkspace;
  /** Another workspace: its lead must learn nothing of Acme's records. */
  other: TestWorkspace;
  c: Record<Who, TestClient>;
  ids: Record<Who, string>;
  emails: Record<Who, string>;
};

/** Makes the workspaces Acme and Other and signs the cast in. */
export async function makeCast(app: FastifyInstance, db: Database): Promise<Cast> {
  const ws = await makeWorkspace(db, 'Acme');
  const other = await makeWorkspace(db, 'Other');
  const people = {
    lead: ws.lead,
    agent: await makeMember(db, ws, { party: 'internal', role: 'agent' }),
    viewer: await makeMember(db, ws, { party: 'internal', role: 'viewer' }),
    providerLead: await makeMember(db, ws, { party: 'provider', role: 'lead' }),
    engineer: await makeMember(db, ws, { party: 'provider', role: 'agent' }),
    requester: await makeMember(db, ws, { party: null, role: 'requester' }),
    otherLead: other.lead,
  } satisfies Record<Who, { email: string; membershipId: string }>;
  const whos = Object.keys(people) as Who[];
  const c = {} as Record<Who, TestClient>;
  for (const who of whos) c[who] = await signedIn(app, people[who].email);
  const of = (field: 'email' | 'membershipId') =>
    Object.fromEntries(whos.map((who) => [who, people[who][field]])) as Record<Who, string>;
  return { ws, other, c, ids: of('membershipId'), emails: of('email') };
}

export type QueuedApp = {
  database: DatabaseHandle;
  jobs: Jobs;
  app: Awaited<ReturnType<typeof buildApp>>;
  close(): Promise<void>;
};

/**
 * A fresh database and the app with a job queue but no workers registered: a test runs the job
 * handler it is about itself (buildTestApp registers them all).
 */
export async function buildQueuedApp(jobOptions: Parameters<typeof startJobs>[2]): Promise<QueuedApp> {
  const database = await createTestDatabase();
  const jobs = await startJobs(database.jobsDb, database.kind, jobOptions);
  const config = {
    ...loadConfig({ NODE_ENV: 'test', TANDEM_PUBLIC_URL: 'http://tandem.test', LOG_LEVEL: 'silent' }),
    demo: false,
  };
  const app = await buildApp({ config, database, secretKey: randomBytes(32), jobs });
  await app.ready();
  return {
    database,
    jobs,
    app,
    async close() {
      await app.close();
      await jobs.stop();
      await database.close();
    },
  };
}

/**
 * Counts of rows a request wrote, read as the owner (no row-level security); `scope` is read at
 * each call, so a file can make these before its `beforeAll` has built the database.
 */
export function rowCounts(scope: () => { database: DatabaseHandle; ws: TestWorkspace }) {
  const count = async (table: string, where = 'workspace_id = $1', params?: unknown[]) => {
    const { database, ws } = scope();
    const rows = await database.unsafeOwnerQuery<{ n: number }>(
      `select count(*)::int as n from ${table} where ${where}`,
      params ?? [ws.id],
    );
    return rows[0]!.n;
  };
  const inWorkspace = (where: string, ...params: unknown[]) =>
    [`workspace_id = $1 and ${where}`, [scope().ws.id, ...params]] as [string, unknown[]];
  return {
    count,
    audits: (action: string) => count('audit_events', ...inWorkspace('action = $2', action)),
    notified: (event: string, membershipId: string) =>
      count('notifications', ...inWorkspace('event = $2 and membership_id = $3', event, membershipId)),
  };
}
