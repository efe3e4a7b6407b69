import { beforeAll, describe, expect, it } from 'vitest';
import { errorOf, signedIn, type TestClient } from '../test/client.ts';
import { makeMember, makeWorkspace, type TestWorkspace } from '../test/factories.ts';
import { testAppForFile } from '../test/file-setup.ts';

/** Issue #13: an access review started from a recurring obligation's occurrence, and its hand-off. */
const t = testAppForFile();
let ws: TestWorkspace;
let other: TestWorkspace;
let lead: TestClient;
let engineer: TestClient;
let otherLead: TestClient;
let erp: string;

const base = (w: TestWorkspace = ws) => `/api/v1/w/${w.slug}`;
const count = async (table: string, where = 'workspace_id = $1', params: unknown[] = [ws.id]) =>
  (
    await t.database.unsafeOwnerQuery<{ n: number }>(
      `select count(*)::int as n from ${table} where ${where}`,
      params,
    )
  )[0]!.n;
const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

/** The open occurrences of a workspace's default "Quarterly access review" obligation. */
async function accessReviewOccurrences(w: TestWorkspace, client: TestClient) {
  const list = (await client.get(`${base(w)}/obligations`)).json();
  const obligation = list.items.find((o: { title: string }) => o.title === 'Quarterly access review');
  const detail = (await client.get(`${base(w)}/obligations/${obligation.key}`)).json().obligation;
  return {
    key: obligation.key as string,
    open: detail.occurrences.filter((o: { status: string }) => o.status === 'open') as Array<{
      id: string;
      dueOn: string;
    }>,
  };
}

beforeAll(async () => {
  const d = t.database.db;
  ws = await makeWorkspace(d, 'Acme');
  other = await makeWorkspace(d, 'Other');
  const eng = await makeMember(d, ws, { party: 'provider', role: 'agent' });
  lead = await signedIn(t.app, ws.lead.email);
  engineer = await signedIn(t.app, eng.email);
  otherLead = await signedIn(t.app, other.lead.email);
  const [row] = await t.database.unsafeOwnerQuery<{ id: string }>(
    `insert into systems (workspace_id, name, kind, criticality, owner_party_id)
     values ($1, 'ERP', 'application', 'high', $2) returning id`,
    [ws.id, ws.internalPartyId],
  );
  erp = row!.id;
  for (const [accountName, membershipId] of [
    ['admin', null],
    ['ed.admin', eng.membershipId],
  ] as const) {
    const r = await lead.post(`${base()}/access/accounts`, {
      systemId: erp,
      accountName,
      membershipId,
      tier: 'admin',
      mfa: 'yes',
    });
    expect(r.statusCode, r.body).toBe(201);
  }
});

describe('an access review from a recurring obligation', () => {
  it("refuses another workspace's occurrence, an unknown one and one no longer open (400 naming it), writing nothing", async () => {
    const theirs = (await accessReviewOccurrences(other, otherLead)).open[0]!;
    const mine = (await accessReviewOccurrences(ws, lead)).open;
    const closed = mine[mine.length - 1]!;
    await t.database.unsafeOwnerQuery(`update obligation_occurrences set status = 'accepted' where id = $1`, [
      closed.id,
    ]);
    const before = [await count('access_reviews'), await count('audit_events')];
    for (const [id, message] of [
      [theirs.id, /names no obligation occurrence of this workspace/],
      ['00000000-0000-4000-8000-000000000000', /names no obligation occurrence of this workspace/],
      [closed.id, /no longer open \(its evidence is accepted\)/],
    ] as const) {
      const r = await lead.post(`${base()}/access/reviews`, {
        title: 'Quarterly review',
        systemIds: [erp],
        dueAt: inAWeek(),
        obligationOccurrenceId: id,
      });
      expect(r.statusCode, r.body).toBe(400);
      const error = errorOf(r);
      const detail = (error.details as { path: string; message: string }[])[0]!;
      expect(detail.path).toContain('obligationOccurrenceId');
      expect(detail.message).toMatch(message);
      expect(detail.message).toContain(id);
    }
    expect([await count('access_reviews'), await count('audit_events')]).toEqual(before);
    await t.database.unsafeOwnerQuery(`update obligation_occurrences set status = 'open' where id = $1`, [
      closed.id,
    ]);
  });

  it('keeps the database honest too: the column is a foreign key to the occurrences', async () => {
    await expect(
      t.database.unsafeOwnerQuery(
        `insert into access_reviews (workspace_id, number, title, obligation_occurrence_id, scope, due_at, started_by_membership_id)
         values ($1, 999, 'x', '00000000-0000-4000-8000-000000000000', '{"systemIds":[],"partyIds":[]}', now(), $2)`,
        [ws.id, ws.lead.membershipId],
      ),
    ).rejects.toThrow(/foreign key/);
  });

  it('links both ways, and on completion attaches the evidence pack CSV to the occurrence (same transaction)', async () => {
    const { key, open } = await accessReviewOccurrences(ws, lead);
    const occurrence = open[0]!;
    const started = await lead.post(`${base()}/access/reviews`, {
      title: `${key} occurrence due ${occurrence.dueOn}`,
      systemIds: [erp],
      dueAt: inAWeek(),
      obligationOccurrenceId: occurrence.id,
    });
    expect(started.statusCode, started.body).toBe(201);
    const review = started.json();
    expect(review.occurrence).toEqual({
      id: occurrence.id,
      obligationKey: key,
      obligationTitle: 'Quarterly access review',
      dueOn: occurrence.dueOn,
      status: 'open',
      path: `/w/${ws.slug}/obligations/occurrences/${occurrence.id}`,
    });
    const occurrenceUrl = `${base()}/obligations/occurrences/${occurrence.id}`;
    const linked = (await engineer.get(occurrenceUrl)).json();
    expect(linked.accessReviews).toEqual([
      {
        key: review.review.key,
        title: review.review.title,
        status: 'open',
        completedAt: null,
        path: `/w/${ws.slug}/access/reviews/${review.review.key}`,
      },
    ]);
    expect(linked.occurrence.files).toEqual([]);
    const lines = review.lines as Array<{ id: string; accountName: string }>;
    for (const [i, line] of lines.entries()) {
      const r = await lead.post(`${base()}/access/reviews/${review.review.key}/lines/${line.id}/decision`, {
        outcome: line.accountName === 'admin' ? 'revoke' : 'keep',
        comment: `Decision ${i}`,
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    const after = (await lead.get(occurrenceUrl)).json();
    expect(after.accessReviews[0].status).toBe('completed');
    expect(after.occurrence.files).toHaveLength(1);
    const file = after.occurrence.files[0];
    expect(file).toMatchObject({
      requirement: 'Access review sign-off',
      filename: `${ws.slug}-${review.review.key}-evidence.csv`,
      contentType: 'text/csv',
    });
    // The required file is there now: only the checklist and the attestation remain.
    expect(after.occurrence.missing.join(' ')).not.toMatch(/Access review sign-off/);
    const download = await lead.get(`${occurrenceUrl}/files/${file.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.body).toContain('decision');
    expect(download.body).toMatch(/admin,.*revoke/);
    expect(download.body).toMatch(/ed\.admin,.*keep/);
    expect(
      await count(
        'audit_events',
        `workspace_id = $1 and action = 'obligation_occurrence.file_added' and entity_id = $2`,
        [ws.id, occurrence.id],
      ),
    ).toBe(1);
    const summary = await lead.get(`${base()}/access/reviews/${review.review.key}/summary.md`);
    expect(summary.body).toContain(`Obligation: ${key} Quarterly access review`);
  });
});
