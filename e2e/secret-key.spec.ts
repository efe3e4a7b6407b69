import { afterAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, type RunningServer, startServer } from './server.ts';

const OTHER_KEY = 'b'.repeat(64);
const running: RunningServer[] = [];
afterAll(async () => {
  for (const server of running) await server.stop('SIGKILL');
});

/** Starting must fail: the process exits before /readyz ever answers 200, naming the variable. */
async function expectRefusedStart(options: Parameters<typeof startServer>[0]) {
  const failure = await startServer(options).then(
    (server) => {
      running.push(server);
      return 'started';
    },
    (error: Error) => error.message,
  );
  expect(failure).toMatch(/^server exited early \(1\)/);
  expect(failure).toContain('TANDEM_SECRET_KEY does not match the key this database was first started with');
}

describe('an instance with another TANDEM_SECRET_KEY refuses to start', () => {
  it('embedded database: a restart with another key exits, the right key starts again', async () => {
    const first = await startServer();
    const { dataDir } = first;
    expect(await first.stop()).toBe(0);
    await expectRefusedStart({ dataDir, env: { TANDEM_SECRET_KEY: OTHER_KEY } });
    const again = await startServer({ dataDir });
    running.push(again);
    expect((await fetch(`${again.url}/readyz`)).status).toBe(200);
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'PostgreSQL: a second instance with another key exits while the first keeps serving',
    async () => {
      const database = await freshPostgresDatabase();
      try {
        const first = await startServer({ databaseUrl: database!.url });
        running.push(first);
        await expectRefusedStart({ databaseUrl: database!.url, env: { TANDEM_SECRET_KEY: OTHER_KEY } });
        expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
        await first.stop('SIGKILL');
      } finally {
        await database?.drop();
      }
    },
  );
});
