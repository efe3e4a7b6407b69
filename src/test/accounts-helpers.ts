import type { FastifyInstance } from 'fastify';
import type { TestApp } from './build-test-app.ts';
import { TestClient } from './client.ts';
import { countRows } from './tenancy-helpers.ts';

/** Counts of the tables a refused request must leave alone; compare before and after. */
export async function writeCounts(t: TestApp) {
  const tables = [
    'audit_events',
    'sessions',
    'api_tokens',
    'login_failures',
    'idempotency_keys',
    'mfa_recovery_codes',
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = await countRows(t, table);
  const [sessions] = await t.database.unsafeOwnerQuery<{ n: number }>(
    'select count(*)::int as n from sessions where revoked_at is not null',
  );
  counts['sessions.revoked'] = Number(sessions?.n ?? 0);
  const [tokens] = await t.database.unsafeOwnerQuery<{ n: number }>(
    'select count(*)::int as n from api_tokens where revoked_at is not null',
  );
  counts['api_tokens.revoked'] = Number(tokens?.n ?? 0);
  return counts;
}

let ipCounter = 0;
/** A client at its own address, so per-address sign-in throttling never couples two tests. */
export function clientAt(app: FastifyInstance, ip?: string): TestClient {
  const client = new TestClient(app);
  ipCounter += 1;
  client.ip = ip ?? `10.${100 + Math.floor(ipCounter / 250)}.${ipCounter % 250}.${1 + (process.pid % 250)}`;
  return client;
}

/** The session id behind a client's cookie (the digest of the cookie value is stored, never the value). */
export async function sessionIdOf(t: TestApp, client: TestClient): Promise<string> {
  const value = client.cookie?.split('=')[1];
  if (!value) throw new Error('client has no session cookie');
  const [row] = await t.database.unsafeOwnerQuery<{ id: string }>(
    "select id from sessions where token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')",
    [value],
  );
  if (!row) throw new Error('no session row for this cookie');
  return row.id;
}

export const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
