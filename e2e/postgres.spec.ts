import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, freshPostgresDatabase, type RunningServer, startServer } from './server.ts';

const base = process.env.TEST_DATABASE_URL;
let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
const servers: RunningServer[] = [];

describe.skipIf(!base)('PostgreSQL: several instances, dropped connections', () => {
  beforeAll(async () => {
    database = await freshPostgresDatabase();
    // Two instances start at once against one empty database: one migrates and seeds, the other waits.
    const started = await Promise.allSettled([
      startServer({ databaseUrl: database!.url }),
      startServer({ databaseUrl: database!.url, demo: true }),
    ]);
    for (const s of started) if (s.status === 'fulfilled') servers.push(s.value);
  });
  afterAll(async () => {
    for (const s of servers) await s.stop('SIGKILL');
    await database?.drop();
  });

  it('runs two instances side by side: a session made on one works on the other', async () => {
    expect(servers).toHaveLength(2);
    const [a, b] = servers as [RunningServer, RunningServer];
    const session = await apiSession(a.url, 'ian@acme.example');
    const created = await fetch(`${a.url}/api/v1/w/acme/invitations`, {
      method: 'POST',
      headers: session.headers,
      body: JSON.stringify({ email: 'two-instances@acme.example', role: 'requester', partyId: null }),
    });
    expect(created.status).toBe(201);
    const listed = await fetch(`${b.url}/api/v1/w/acme/invitations`, { headers: session.headers });
    expect(listed.status).toBe(200);
    const body = (await listed.json()) as { items: Array<{ email: string }> };
    expect(body.items.map((i) => i.email)).toContain('two-instances@acme.example');
  });

  it('answers 503 while the database refuses connections, and recovers by itself', async () => {
    const [a] = servers as [RunningServer];
    const session = await apiSession(a.url, 'ian@acme.example');
    const name = new URL(database!.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
      const during = await fetch(`${a.url}/api/v1/w/acme`, { headers: session.headers });
      expect(during.status).toBe(503);
      expect(((await during.json()) as { error: { code: string } }).error.code).toBe('DATABASE_UNAVAILABLE');
      const ready = await fetch(`${a.url}/readyz`);
      expect(ready.status).toBe(503);
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    expect(a.process.exitCode).toBeNull();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await fetch(`${a.url}/api/v1/w/acme`, { headers: session.headers })).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
  });
});
