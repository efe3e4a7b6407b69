import { buildQueuedApp } from '../test/cast.ts';
import type { createTestDatabase } from '../test/test-database.ts';

/** An app with the job queue (no workers): tests see enqueued timers and run them by hand. */
export const buildSlaTestApp = () => buildQueuedApp({ pollingIntervalSeconds: 0.5 });

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
