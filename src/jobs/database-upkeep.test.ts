import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DatabaseHandle, openDatabase, selectRows } from '../db/client.ts';
import { analyzeWhereNeeded, vacuumEveryTable } from '../db/upkeep.ts';
import { startDatabaseUpkeep } from './database-upkeep.ts';
import { type Jobs, startJobs } from './queue.ts';

// The embedded engine only: PostgreSQL servers run autovacuum, and Tandem leaves them to it.
let database: DatabaseHandle;
let jobs: Jobs;

beforeAll(async () => {
  database = await openDatabase({ pgliteTemplate: new Blob([readFileSync(inject('pgliteTemplatePath'))]) });
  jobs = await startJobs(database.jobsDb, database.kind, { poll: false });
  await startDatabaseUpkeep(jobs, database);
  await database.ownerQuery('create table public.upkeep_probe (id int primary key, kind text not null)');
});

afterAll(async () => {
  await jobs.stop();
  await database.close();
});

const addRows = (from: number, count: number) =>
  database.ownerQuery(
    `insert into public.upkeep_probe select i, case when i % 100 = 0 then 'rare' else 'common' end
     from generate_series($1::int, $2::int) i`,
    [from, from + count - 1],
  );
const statisticsRows = async () =>
  Number(
    (
      await database.ownerQuery<{ n: string }>(
        `select count(*) as n from pg_statistic where starelid = 'public.upkeep_probe'::regclass`,
      )
    )[0]!.n,
  );
const estimatedRare = async () => {
  const [plan] = await database.ownerQuery<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
    `explain (format json) select * from public.upkeep_probe where kind = 'rare'`,
  );
  return plan!['QUERY PLAN'][0].Plan['Plan Rows'];
};

describe('the embedded database upkeep', () => {
  it('gives a table with rows its statistics, and again only once it has grown by a tenth', async () => {
    await addRows(1, 20_000);
    expect(await statisticsRows()).toBe(0);
    // Without statistics the planner guesses; with them it knows 1 row in 100 is rare.
    expect(await analyzeWhereNeeded(database)).toContain('public.upkeep_probe');
    expect(await statisticsRows()).toBeGreaterThan(0);
    expect(await estimatedRare()).toBeGreaterThan(100);
    expect(await estimatedRare()).toBeLessThan(400);

    expect(await analyzeWhereNeeded(database)).not.toContain('public.upkeep_probe');
    await addRows(20_001, 500);
    expect(await analyzeWhereNeeded(database)).not.toContain('public.upkeep_probe');
    await addRows(20_501, 20_000);
    expect(await analyzeWhereNeeded(database)).toContain('public.upkeep_probe');
  });

  it('refreshes the statistics from its hourly job', async () => {
    await addRows(40_501, 40_000);
    await database.db.transaction((tx) => jobs.enqueue(tx, 'database.analyze', {}));
    expect(await jobs.drain()).toBe(1);
    expect(await analyzeWhereNeeded(database)).not.toContain('public.upkeep_probe');
  });

  it('vacuums every table as the application role, which stays bound by row-level security', async () => {
    await database.ownerQuery(`delete from public.upkeep_probe where id % 2 = 0`);
    const allVisible = async () =>
      (
        await database.ownerQuery<{ pages: number }>(
          `select relallvisible as pages from pg_class where oid = 'public.upkeep_probe'::regclass`,
        )
      )[0]!.pages;
    expect(await allVisible()).toBe(0);
    await database.db.transaction((tx) => jobs.enqueue(tx, 'database.vacuum', {}));
    expect(await jobs.drain()).toBe(1);
    expect(await allVisible()).toBeGreaterThan(0);
    expect(await vacuumEveryTable(database)).toBeGreaterThan(50);
    const [role] = await selectRows<{ role: string; superuser: boolean }>(
      database.db,
      sql`select current_user as role, rolsuper as superuser from pg_roles where rolname = current_user`,
    );
    expect(role).toEqual({ role: 'tandem_app', superuser: false });
  });
});
