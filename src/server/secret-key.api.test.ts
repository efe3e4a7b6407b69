import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { HISTORY_ONLY_JOBS } from '../jobs/queue.ts';
import { createTestDatabase } from '../test/test-database.ts';
import { buildApp } from './app.ts';
import { secretKeyCheck } from './secret-key.ts';

const config = {
  ...loadConfig({ NODE_ENV: 'test', TANDEM_PUBLIC_URL: 'http://tandem.test', LOG_LEVEL: 'silent' }),
  demo: false,
};
const firstKey = randomBytes(32);
let database: DatabaseHandle;
let first: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  first = await buildApp({ config, database, secretKey: firstKey, jobs: HISTORY_ONLY_JOBS });
  await first.ready();
});
afterAll(async () => {
  await first.close();
  await database.close();
});

const readyz = async (app: FastifyInstance) =>
  (await app.inject({ method: 'GET', url: '/readyz' })).statusCode;

describe('TANDEM_SECRET_KEY must match the database', () => {
  it('records a check value at first start: an HMAC under the key, never the key', async () => {
    const rows = await database.unsafeOwnerQuery<{ secret_key_check: string }>(
      'select secret_key_check from instance_settings',
    );
    expect(rows).toEqual([{ secret_key_check: secretKeyCheck(firstKey) }]);
    expect(rows[0]!.secret_key_check).not.toContain(firstKey.toString('hex'));
    expect(await readyz(first)).toBe(200);
  });

  it('refuses to start a second instance with another key, naming TANDEM_SECRET_KEY (it never reports ready)', async () => {
    await expect(
      buildApp({ config, database, secretKey: randomBytes(32), jobs: HISTORY_ONLY_JOBS }),
    ).rejects.toThrow(/TANDEM_SECRET_KEY does not match the key this database was first started with/);
    await expect(
      buildApp({
        config,
        database,
        secretKey: randomBytes(32),
        secretKeySource: 'file',
        jobs: HISTORY_ONLY_JOBS,
      }),
    ).rejects.toThrow(/TANDEM_SECRET_KEY is not set/);
    // The stored value is unchanged, and the first instance is unaffected.
    const [row] = await database.unsafeOwnerQuery<{ secret_key_check: string }>(
      'select secret_key_check from instance_settings',
    );
    expect(row!.secret_key_check).toBe(secretKeyCheck(firstKey));
    expect(await readyz(first)).toBe(200);
  });

  it('starts another instance with the same key', async () => {
    const second = await buildApp({
      config,
      database,
      secretKey: Buffer.from(firstKey),
      jobs: HISTORY_ONLY_JOBS,
    });
    try {
      expect(await readyz(second)).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('the application role cannot rewrite or remove the check value', async () => {
    await expect(
      database.db.execute(sql`update instance_settings set secret_key_check = 'x'`),
    ).rejects.toThrow();
    await expect(database.db.execute(sql`delete from instance_settings`)).rejects.toThrow();
  });
});
