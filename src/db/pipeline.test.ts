import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../audit/record.ts';
import { type Jobs, startJobs } from '../jobs/queue.ts';
import { systemMeta } from '../server/context.ts';
import { makeWorkspace, type TestWorkspace } from '../test/factories.ts';
import { createTestDatabase, testEngine } from '../test/test-database.ts';
import type { DatabaseHandle } from './client.ts';
import { writeWithoutWaiting } from './pipeline.ts';
import { workspaces } from './schema/workspaces.ts';
import { readingDatabase } from './scope.ts';
import { withScopedTx } from './tenant.ts';

// On PostgreSQL an audit event is sent without waiting and travels with the COMMIT (pipeline.ts);
// on PGlite it is awaited. Either way a transaction commits all of its writes or none of them.

let database: DatabaseHandle;
let ws: TestWorkspace;
let jobs: Jobs;
const meta = systemMeta('pipeline test');
beforeAll(async () => {
  database = await createTestDatabase();
  ws = await makeWorkspace(database.db);
  jobs = await startJobs(database.jobsDb, database.kind, { poll: false });
});
afterAll(async () => {
  await jobs?.stop();
  await database?.close();
});

const scope = () => ({ workspaceId: ws.id, accountId: ws.lead.accountId });
const audit = (action: string) => ({
  workspaceId: ws.id,
  actorAccountId: ws.lead.accountId,
  actorMembershipId: ws.lead.membershipId,
  action,
  entityType: 'test',
  entityId: null,
});
const eventsNamed = async (action: string) =>
  (
    await database.unsafeOwnerQuery<{ n: number }>(
      'select count(*)::int as n from audit_events where workspace_id = $1 and action = $2',
      [ws.id, action],
    )
  )[0]!.n;
/** The error's message and its cause's (drizzle wraps the driver's error). */
const failureOf = (work: Promise<unknown>) =>
  work.then(
    () => 'no error',
    (error: Error) => `${error.message} ${(error.cause as Error | undefined)?.message ?? ''}`,
  );
const failingWrite = (tx: object) =>
  writeWithoutWaiting(tx, () =>
    (tx as typeof database.db)
      .execute(sql`select 1 / (select count(*) - count(*) from workspaces)`)
      .execute(),
  );

describe('writes sent without waiting for their answer', () => {
  it('commits an audit event written last in the transaction', async () => {
    await withScopedTx(database.db, scope(), (tx) => recordAudit(tx, meta, audit('pipeline.committed')));
    expect(await eventsNamed('pipeline.committed')).toBe(1);
  });

  it('fails the whole transaction when one fails, naming its error, and writes none of it', async () => {
    const failure = await failureOf(
      withScopedTx(database.db, scope(), async (tx) => {
        await recordAudit(tx, meta, audit('pipeline.rolled-back'));
        await failingWrite(tx);
      }),
    );
    expect(failure).toMatch(/division by zero/);
    expect(await eventsNamed('pipeline.rolled-back')).toBe(0);
  });

  it('reports the failed write, not the statements that failed after it', async () => {
    const failure = await failureOf(
      withScopedTx(database.db, scope(), async (tx) => {
        await failingWrite(tx);
        await tx.execute(sql`select 1`);
        await recordAudit(tx, meta, audit('pipeline.after-failure'));
      }),
    );
    expect(failure).toMatch(/division by zero/);
    expect(failure).not.toMatch(/current transaction is aborted/);
    expect(await eventsNamed('pipeline.after-failure')).toBe(0);
  });
});

describe('jobs enqueued in a transaction (an insert nobody reads the answer of)', () => {
  const jobsFor = async (clockId: string) =>
    (
      await database.unsafeOwnerQuery<{ n: number }>(
        `select count(*)::int as n from pgboss.job where name = 'sla.escalate' and data->>'clockId' = $1`,
        [clockId],
      )
    )[0]!.n;
  const escalation = (clockId: string, startAfter: unknown) => ({
    queue: 'sla.escalate' as const,
    payload: { workspaceId: ws.id, clockId, atPercent: 100, dueAt: new Date().toISOString() },
    options: { startAfter: startAfter as Date },
  });

  it('commits them with the change that caused them', async () => {
    await withScopedTx(database.db, scope(), async (tx) => {
      await jobs.enqueueMany(tx, [escalation('clock-committed', new Date(Date.now() + 60_000))]);
      await tx.execute(sql`select 1`);
      await recordAudit(tx, meta, audit('pipeline.job-committed'));
    });
    expect(await jobsFor('clock-committed')).toBe(1);
    expect(await eventsNamed('pipeline.job-committed')).toBe(1);
  });

  it('fails the transaction with the insert’s own error when it fails, and keeps neither', async () => {
    const failure = await failureOf(
      withScopedTx(database.db, scope(), async (tx) => {
        await jobs.enqueueMany(tx, [escalation('clock-failed', 'not a time')]);
        await tx.execute(sql`select 1`);
        await recordAudit(tx, meta, audit('pipeline.job-failed'));
      }),
    );
    // pg-boss computes the job's delay from it: its cast is what fails.
    expect(failure).toMatch(/invalid input syntax for type interval: "not a time"/);
    expect(failure).not.toMatch(/current transaction is aborted/);
    expect(await jobsFor('clock-failed')).toBe(0);
    expect(await eventsNamed('pipeline.job-failed')).toBe(0);
  });
});

describe('the database of requests that only read', () => {
  it('reads in the request’s scope', async () => {
    const rows = await withScopedTx(readingDatabase(database.db), scope(), (tx) =>
      tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, ws.id)),
    );
    expect(rows).toEqual([{ id: ws.id }]);
  });

  it.runIf(testEngine === 'postgres')(
    'PostgreSQL: refuses a write (its COMMIT is not awaited, so nothing may need it)',
    async () => {
      const failure = await failureOf(
        withScopedTx(readingDatabase(database.db), scope(), (tx) =>
          recordAudit(tx, meta, audit('pipeline.read-only')),
        ),
      );
      expect(failure).toMatch(/read-only transaction/);
      expect(await eventsNamed('pipeline.read-only')).toBe(0);
    },
  );
});
