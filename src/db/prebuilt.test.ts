import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, type TestWorkspace } from '../test/factories.ts';
import { createTestDatabase } from '../test/test-database.ts';
import type { DatabaseHandle } from './client.ts';
import { prebuilt } from './prebuilt.ts';
import { rowsOf } from './rows.ts';
import { workspaceCounters } from './schema/responsibility.ts';
import { withScopedTx } from './tenant.ts';

// A prebuilt statement is built by drizzle once and then only given each call's values (prebuilt.ts).

let database: DatabaseHandle;
let ws: TestWorkspace;
beforeAll(async () => {
  database = await createTestDatabase();
  ws = await makeWorkspace(database.db);
});
afterAll(async () => {
  await database?.close();
});

const scope = () => ({ workspaceId: ws.id, accountId: ws.lead.accountId });
let builds = 0;
const insertCounter = prebuilt<{ workspaceId: string; name: string; start: number }>()(
  'test.counter.insert',
  (tx, value) => {
    builds += 1;
    return tx
      .insert(workspaceCounters)
      .values({ workspaceId: value('workspaceId'), name: value('name'), value: value('start') })
      .returning({ name: workspaceCounters.name, value: workspaceCounters.value });
  },
);
const readCounter = prebuilt<{ workspaceId: string; name: string }>()('test.counter.read', (tx, value) =>
  tx
    .select({ value: workspaceCounters.value })
    .from(workspaceCounters)
    .where(
      and(eq(workspaceCounters.workspaceId, value('workspaceId')), eq(workspaceCounters.name, value('name'))),
    ),
);
const counterValue = async (name: string) =>
  (
    await database.unsafeOwnerQuery<{ value: number }>(
      'select value from workspace_counters where workspace_id = $1 and name = $2',
      [ws.id, name],
    )
  )[0]?.value;

describe('prebuilt statements', () => {
  it('are built once and run with each call’s values, in each caller’s transaction', async () => {
    const first = await withScopedTx(database.db, scope(), (tx) =>
      insertCounter(tx, { workspaceId: ws.id, name: 'prebuilt-a', start: 7 }),
    );
    const second = await withScopedTx(database.db, scope(), async (tx) => [
      ...(await insertCounter(tx, { workspaceId: ws.id, name: 'prebuilt-b', start: 11 })),
      ...(await readCounter(tx, { workspaceId: ws.id, name: 'prebuilt-a' })),
    ]);
    expect(first).toEqual([{ name: 'prebuilt-a', value: 7 }]);
    expect(second).toEqual([{ name: 'prebuilt-b', value: 11 }, { value: 7 }]);
    expect(builds).toBe(1);
    expect(await counterValue('prebuilt-b')).toBe(11);
  });

  it('are built once per shape, and a raw statement answers the driver’s rows', async () => {
    let shapesBuilt = 0;
    const sum = prebuilt<{ a: number; b: number }, { plusB: boolean }>()(
      'test.sum',
      (_tx, value, { plusB }) => {
        shapesBuilt += 1;
        return plusB
          ? sql`select ${value('a')}::int + ${value('b')}::int as n`
          : sql`select ${value('a')}::int as n`;
      },
    );
    const answers = await withScopedTx(database.db, scope(), async (tx) => [
      rowsOf<{ n: number }>(await sum(tx, { a: 2, b: 3 }, { plusB: true }))[0]!.n,
      rowsOf<{ n: number }>(await sum(tx, { a: 4, b: 5 }, { plusB: true }))[0]!.n,
      rowsOf<{ n: number }>(await sum(tx, { a: 6, b: 7 }, { plusB: false }))[0]!.n,
    ]);
    expect(answers).toEqual([5, 9, 6]);
    expect(shapesBuilt).toBe(2);
  });

  it('keep a bounded number of shapes: one past the bound starts them again', async () => {
    let built = 0;
    const plus = prebuilt<{ a: number }, { n: number }>()('test.plus', (_tx, value, { n }) => {
      built += 1;
      return sql`select ${value('a')}::int + ${sql.raw(String(n))} as n`;
    });
    const answers = await withScopedTx(database.db, scope(), async (tx) => {
      const all: number[] = [];
      for (let n = 0; n <= 256; n++) all.push(rowsOf<{ n: number }>(await plus(tx, { a: 1 }, { n }))[0]!.n);
      all.push(rowsOf<{ n: number }>(await plus(tx, { a: 1 }, { n: 256 }))[0]!.n);
      all.push(rowsOf<{ n: number }>(await plus(tx, { a: 1 }, { n: 0 }))[0]!.n);
      return all;
    });
    expect(answers.at(-3)).toBe(257);
    expect(answers.slice(-2)).toEqual([257, 1]);
    // 257 shapes built; the 257th cleared the first 256, so shape 256 was kept and shape 0 built again.
    expect(built).toBe(258);
  });

  it('write nothing when their transaction rolls back', async () => {
    const failed = withScopedTx(database.db, scope(), async (tx) => {
      await insertCounter(tx, { workspaceId: ws.id, name: 'prebuilt-rolled-back', start: 1 });
      throw new Error('the use case fails after the write');
    });
    await expect(failed).rejects.toThrow('the use case fails after the write');
    expect(await counterValue('prebuilt-rolled-back')).toBeUndefined();
  });

  it('refuse a value fixed when the statement is built, which later calls would repeat', async () => {
    const fixedName = prebuilt<{ workspaceId: string }>()('test.counter.fixed', (tx, value) =>
      tx.insert(workspaceCounters).values({ workspaceId: value('workspaceId'), name: 'fixed', value: 1 }),
    );
    const run = withScopedTx(database.db, scope(), (tx) => fixedName(tx, { workspaceId: ws.id }));
    await expect(run).rejects.toThrow(
      'prebuilt statement test.counter.fixed: parameter $2 is not a placeholder',
    );
    expect(await counterValue('fixed')).toBeUndefined();
  });
});
