import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.ts';
import { adminDatabaseUrl } from './admin-url.ts';
import { apiSession, freshPostgresDatabase, type RunningServer, startServer } from './server.ts';

const root = new URL('..', import.meta.url).pathname;
const running: RunningServer[] = [];
afterAll(async () => {
  for (const s of running) await s.stop('SIGKILL');
});

type Attempt = { email: string; key: string; status: number | 'lost' };

async function createToken(url: string) {
  const session = await apiSession(url, 'ian@acme.example');
  const response = await fetch(`${url}/api/v1/w/acme/tokens`, {
    method: 'POST',
    headers: session.headers,
    body: JSON.stringify({ name: 'burst', scopes: ['read', 'write'], expiresInDays: 1 }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { secret: string }).secret;
}

function invite(url: string, token: string, a: Pick<Attempt, 'email' | 'key'>) {
  return fetch(`${url}/api/v1/w/acme/invitations`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': a.key,
    },
    body: JSON.stringify({ email: a.email, role: 'requester', partyId: null }),
  });
}

/** Several clients write as fast as they can until the server is killed with SIGKILL. */
async function burstUntilKilled(
  server: RunningServer,
  token: string,
  killAfterMs: number,
): Promise<Attempt[]> {
  const attempts: Attempt[] = [];
  let n = 0;
  let killed = false;
  const client = async () => {
    while (!killed) {
      const a: Attempt = { email: `burst-${n}@acme.example`, key: `burst-key-${n}`, status: 'lost' };
      n++;
      attempts.push(a);
      try {
        a.status = (await invite(server.url, token, a)).status;
      } catch {
        a.status = 'lost';
      }
    }
  };
  const clients = Array.from({ length: 8 }, client);
  // Kill mid-burst, once enough writes were acknowledged to make the check meaningful (a busy
  // machine acknowledges fewer per second).
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    await new Promise((r) => setTimeout(r, 50));
    if (Date.now() - started >= killAfterMs && attempts.filter((a) => a.status === 201).length >= 30) break;
  }
  void server.stop('SIGKILL');
  killed = true;
  await Promise.all(clients);
  return attempts;
}

async function checkExactlyOnce(
  attempts: Attempt[],
  restarted: RunningServer,
  token: string,
  countByEmail: () => Promise<Map<string, number>>,
) {
  const acknowledged = attempts.filter((a) => a.status === 201);
  expect(acknowledged.length).toBeGreaterThan(20);
  expect(attempts.every((a) => a.status === 201 || a.status === 'lost')).toBe(true);
  // Unacknowledged requests are retried with their key: each ends up applied exactly once.
  for (const a of attempts.filter((x) => x.status === 'lost')) {
    const retry = await invite(restarted.url, token, a);
    expect([201, 409]).toContain(retry.status);
  }
  const counts = await countByEmail();
  for (const a of acknowledged) expect(counts.get(a.email), a.email).toBe(1);
  for (const a of attempts) expect(counts.get(a.email) ?? 0, a.email).toBe(1);
}

describe('kill -9 in the middle of a burst of writes', () => {
  it('keeps every acknowledged write exactly once on the embedded database (PGlite)', async () => {
    const first = await startServer();
    running.push(first);
    const token = await createToken(first.url);
    const attempts = await burstUntilKilled(first, token, 2_000);
    const second = await startServer({ dataDir: first.dataDir });
    running.push(second);
    await checkExactlyOnce(attempts, second, token, async () => {
      await second.stop('SIGTERM');
      const db = await openDatabase({ dataDir: first.dataDir });
      try {
        const rows = await db.unsafeOwnerQuery<{ email: string; n: number }>(
          `select email, count(*)::int as n from invitations where email like 'burst-%' group by email`,
        );
        return new Map(rows.map((r) => [r.email, r.n]));
      } finally {
        await db.close();
      }
    });
    const verify = execFileSync(process.execPath, ['bin/tandem.js', 'audit', 'verify'], {
      cwd: root,
      env: { ...process.env, TANDEM_DATA_DIR: first.dataDir, DATABASE_URL: '' },
      encoding: 'utf8',
    });
    expect(verify).not.toContain('BROKEN');
    expect(verify).toMatch(/ok {6}chain/);
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'keeps every acknowledged write exactly once on PostgreSQL',
    async () => {
      const database = (await freshPostgresDatabase())!;
      try {
        const first = await startServer({ databaseUrl: database.url });
        running.push(first);
        const token = await createToken(first.url);
        const attempts = await burstUntilKilled(first, token, 2_000);
        const second = await startServer({ databaseUrl: database.url });
        running.push(second);
        await checkExactlyOnce(attempts, second, token, async () => {
          const db = await openDatabase({ databaseUrl: adminDatabaseUrl(database.url), migrate: false });
          try {
            const rows = await db.unsafeOwnerQuery<{ email: string; n: number }>(
              `select email, count(*)::int as n from invitations where email like 'burst-%' group by email`,
            );
            return new Map(rows.map((r) => [r.email, r.n]));
          } finally {
            await db.close();
          }
        });
        await second.stop();
      } finally {
        await database.drop();
      }
    },
  );
});
