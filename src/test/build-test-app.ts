import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../config.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { buildApp } from '../server/app.ts';
import { createTestDatabase } from './test-database.ts';

export type TestApp = {
  app: FastifyInstance;
  database: DatabaseHandle;
  secretKey: Buffer;
  close(): Promise<void>;
};

export const TEST_PUBLIC_URL = 'http://tandem.test';

export async function buildTestApp(): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = {
    ...loadConfig({ NODE_ENV: 'test', TANDEM_PUBLIC_URL: TEST_PUBLIC_URL, LOG_LEVEL: 'silent' }),
    demo: false,
  };
  const secretKey = randomBytes(32);
  const app = await buildApp({ config, database, secretKey });
  await app.ready();
  return {
    app,
    database,
    secretKey,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
