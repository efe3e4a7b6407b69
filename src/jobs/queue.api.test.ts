import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withScopedTx } from '../db/tenant.ts';
import { buildTestApp, type TestApp } from '../test/build-test-app.ts';
import { FINISHED_JOB_RETENTION_SECONDS, type Jobs, startJobs } from './queue.ts';

const until = async (check: () => boolean | Promise<boolean>, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('job queue health', () => {
  let t: TestApp;
  let jobs: Jobs;
  beforeAll(async () => {
    t = await buildTestApp({ jobs: { policies: { 'sla.sweep': { retryLimit: 0, retryDelay: 1 } } } });
    jobs = t.jobs!;
  });
  afterAll(() => t.close());

  // Defect 8: on PostgreSQL the queue's maintenance claim read `rows` of a multi-statement query,
  // which the pool answers per statement, and threw a TypeError on every poll.
  it('answers every statement of a multi-statement query to the queue', async () => {
    const { rows } = await t.database.jobsDb.executeSql('select 1 as a; select 2 as b');
    expect(rows).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('runs its maintenance without errors', async () => {
    // The first maintenance poll runs as the queue starts; give it time to finish.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(jobs.errors()).toEqual([]);
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().jobs).toEqual({ status: 'running', errors: [] });
  });

  it('keeps finished jobs for a limited time', async () => {
    const [queue] = await t.database.unsafeOwnerQuery<{ deletion_seconds: number }>(
      `select deletion_seconds from pgboss.queue where name = 'mail.send'`,
    );
    expect(queue?.deletion_seconds).toBe(FINISHED_JOB_RETENTION_SECONDS);
  });

  it('shows a failing worker in /readyz with its queue, time and message', async () => {
    await jobs.work('sla.sweep', async () => {
      throw new Error('the sweep broke');
    });
    await withScopedTx(t.database.db, { workspaceId: null, accountId: null }, (tx) =>
      jobs.enqueue(tx, 'sla.sweep', {}),
    );
    await until(() => jobs.errors().some((e) => e.queue === 'sla.sweep'));
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    const [error] = ready.json().jobs.errors;
    expect(error).toMatchObject({ queue: 'sla.sweep', message: 'the sweep broke' });
    expect(Date.now() - Date.parse(error.at)).toBeLessThan(60_000);
  });
});

describe('job queue logs', () => {
  it('logs a worker error with its queue name', async () => {
    const t = await buildTestApp();
    const lines: { queue?: string; msg?: string; level?: number }[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const jobs = await startJobs(t.database.jobsDb, t.database.kind, {
      logger: pino({ level: 'info' }, sink),
      pollingIntervalSeconds: 0.5,
      policies: { 'incident.update-due': { retryLimit: 0 } },
    });
    try {
      await jobs.work('incident.update-due', async () => {
        throw new Error('the reminder broke');
      });
      await withScopedTx(t.database.db, { workspaceId: null, accountId: null }, (tx) =>
        jobs.enqueue(tx, 'incident.update-due', { workspaceId: 'w', incidentId: 'i', dueAt: 'now' }),
      );
      await until(() => lines.some((l) => l.queue === 'incident.update-due'));
      const line = lines.find((l) => l.queue === 'incident.update-due')!;
      expect(line.msg).toContain('incident.update-due');
      expect(line.level).toBeGreaterThanOrEqual(40);
    } finally {
      await jobs.stop();
      await t.close();
    }
  });
});

describe('a server whose job queue has had no error', () => {
  it('says the queue runs, with no errors, in /readyz (the queue is always on)', async () => {
    const t = await buildTestApp();
    try {
      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.json().jobs).toEqual({ status: 'running', errors: [] });
    } finally {
      await t.close();
    }
  });
});
