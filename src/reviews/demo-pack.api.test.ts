import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, isoDay, lastEndedPeriod } from '../domain/measures.ts';
import type { TestClient } from '../test/client.ts';
import { demoAppForFile, signInDemo } from '../test/file-setup.ts';
import { snapshotWorkspace } from './snapshots.ts';

const t = demoAppForFile();
let alice: TestClient;
const last = lastEndedPeriod('monthly', isoDay(new Date()));

beforeAll(async () => {
  alice = await signInDemo(t, 'alice@acme.example');
});

describe("the demo workspace's review of last month", () => {
  it('builds a pack from the demo records, and the queued snapshot backfills its trends', async () => {
    const created = await alice.post('/api/v1/w/acme/reviews', {
      periodStart: last.start,
      periodEnd: last.end,
    });
    expect(created.statusCode, created.body.slice(0, 500)).toBe(201);
    const review = created.json().review;
    expect(review.pack.sections.length).toBeGreaterThanOrEqual(11);
    await t.drainJobs();
    const [ws] = await t.database.unsafeOwnerQuery<{ id: string }>(
      "select id from workspaces where slug = 'acme'",
    );
    const days = await t.database.unsafeOwnerQuery<{ n: number }>(
      "select count(distinct day)::int as n from measure_snapshots where workspace_id = $1 and measure = 'open_work'",
      [ws!.id],
    );
    expect(days[0]!.n).toBe(180);
    const again = await snapshotWorkspace(t.database.db, ws!.id, addDays(isoDay(new Date()), -1), {
      jobs: t.jobs,
    });
    expect(again.claimed).toBe(false);
    const md = await alice.get(`/api/v1/w/acme/reviews/${review.key}/pack.md`);
    expect(md.statusCode).toBe(200);
    const pdf = await alice.get(`/api/v1/w/acme/reviews/${review.key}/pack.pdf`);
    expect(pdf.statusCode).toBe(200);
    const held = await alice.post(`/api/v1/w/acme/reviews/${review.key}/hold`, {
      version: review.version,
      heldOn: isoDay(new Date()),
      attendees: ['Alice Hart', 'Ed Park'],
    });
    expect(held.statusCode, held.body.slice(0, 300)).toBe(200);
    const frozen = await alice.get(`/api/v1/w/acme/reviews/${review.key}/pack.pdf`);
    expect(frozen.statusCode, frozen.body.slice(0, 300)).toBe(200);
  }, 120_000);
});
