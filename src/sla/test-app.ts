import { randomBytes } from 'node:crypto';
import { loadConfig } from '../config.ts';
import { type Jobs, startJobs } from '../jobs/queue.ts';
import { buildApp } from '../server/app.ts';
import { createTestDatabase } from '../test/test-database.ts';

/** An app with the job queue (no workers): tests see enqueued timers and run them by hand. */
export async function buildSlaTestApp() {
  const database = await createTestDatabase();
  const jobs: Jobs = await startJobs(database.jobsDb, database.kind, { pollingIntervalSeconds: 0.5 });
  const config = {
    ...loadConfig({ NODE_ENV: 'test', TANDEM_PUBLIC_URL: 'http://tandem.test', LOG_LEVEL: 'silent' }),
    demo: false,
  };
  const app = await buildApp({ config, database, secretKey: randomBytes(32), jobs });
  await app.ready();
  return {
    app,
    database,
    jobs,
    async close() {
      await app.close();
      await jobs.stop();
      await database.close();
    },
  };
}

export const countRows = async (
  database: Awaited<ReturnType<typeof createTestDatabase>>,
  table: string,
  where: string,
  params: unknown[],
) =>
  (
    await database.unsafeOwnerQuery<{ n: number }>(
      `select count(*)::int as n from ${table} where ${where}`,
      params,
    )
  )[0]!.n;
