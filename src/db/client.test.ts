import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngine } from '../test/test-database.ts';
import {
  type DatabaseHandle,
  openDatabase,
  PREPARED_STATEMENTS_PER_CONNECTION,
  selectRows,
} from './client.ts';

/** The error's message and its cause's (drizzle wraps the driver's error). */
const failureOf = (query: Promise<unknown>) =>
  query.then(
    () => 'no error',
    (error: Error) => `${error.message} ${(error.cause as Error | undefined)?.message ?? ''}`,
  );

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe('the application role, per connection', () => {
  it('every query works as tandem_app, which row-level security binds', async () => {
    const rows = await selectRows<{ role: string; superuser: boolean }>(
      database.db,
      sql`select current_user as role, r.rolsuper as superuser from pg_roles r where r.rolname = current_user`,
    );
    expect(rows).toEqual([{ role: 'tandem_app', superuser: false }]);
  });

  // PostgreSQL only: the pool's sessions start as tandem_app. PGlite's one session belongs to its
  // superuser, which the application leaves once, at start.
  it.runIf(testEngine === 'postgres')(
    'PostgreSQL: a RESET ROLE still leaves the connection as tandem_app',
    async () => {
      const rows = await database.db.transaction(async (tx) => {
        await tx.execute(sql`reset role`);
        return selectRows<{ role: string }>(tx, sql`select current_user as role`);
      });
      expect(rows).toEqual([{ role: 'tandem_app' }]);
    },
  );

  it.runIf(testEngine === 'pglite')(
    'PGlite: a database where the switch fails refuses to open (no superuser session)',
    async () => {
      // A bare database has no tandem_app role, so SET ROLE fails.
      const bare = await PGlite.create();
      const template = await bare.dumpDataDir('none');
      await bare.close();
      await expect(openDatabase({ pgliteTemplate: template, migrate: false })).rejects.toThrow(
        /Refusing to use this database connection: cannot switch to tandem_app/,
      );
    },
  );

  // Its WebAssembly memory never shrinks: 128 MB of shared buffers would stay resident for good.
  it.runIf(testEngine === 'pglite')(
    'PGlite: the embedded database opens with 16 MB of shared buffers',
    async () => {
      const rows = await selectRows<{ value: string }>(
        database.db,
        sql`select current_setting('shared_buffers') as value`,
      );
      expect(rows).toEqual([{ value: '16MB' }]);
    },
  );

  it.runIf(testEngine === 'postgres')(
    'PostgreSQL: a login role that cannot become tandem_app gets errors, never a connection as itself',
    async () => {
      const url = new URL(process.env.TEST_DATABASE_URL!);
      const admin = new pg.Client({ connectionString: url.toString() });
      await admin.connect();
      await admin.query(`DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tandem_test_outsider') THEN
          CREATE ROLE tandem_test_outsider LOGIN NOSUPERUSER;
        END IF; END $$`);
      await admin.end();
      url.username = 'tandem_test_outsider';
      url.password = '';
      const outsider = await openDatabase({ databaseUrl: url.toString(), migrate: false, poolSize: 1 });
      try {
        expect(await failureOf(outsider.db.execute(sql`select 1`))).toMatch(
          /Refusing to use this database connection: cannot switch to tandem_app/,
        );
        // And again: the refused connection was not kept in the pool.
        expect(await failureOf(outsider.db.execute(sql`select current_user`))).toMatch(/tandem_app/);
      } finally {
        await outsider.close();
      }
    },
  );
});

describe('statements prepared per connection', () => {
  // PostgreSQL only: PGlite is one session in the process and is not prepared by text.
  it.runIf(testEngine === 'postgres')(
    'PostgreSQL: a connection keeps at most its bound of prepared statements, and still answers the rest',
    async () => {
      const extra = 20;
      const { prepared, answers } = await database.db.transaction(async (tx) => {
        const answers: number[] = [];
        for (let i = 0; i < PREPARED_STATEMENTS_PER_CONNECTION + extra; i++) {
          // A different text each time, like a statement whose list or filters vary.
          const [row] = await selectRows<{ v: number }>(
            tx,
            sql`select ${i}::int + ${sql.raw(String(i))} as v`,
          );
          answers.push(row!.v);
        }
        const [count] = await selectRows<{ n: number }>(
          tx,
          sql`select count(*)::int as n from pg_prepared_statements where not from_sql`,
        );
        return { prepared: count!.n, answers };
      });
      expect(prepared).toBe(PREPARED_STATEMENTS_PER_CONNECTION);
      expect(answers).toEqual(answers.map((_, i) => 2 * i));
    },
  );
});
