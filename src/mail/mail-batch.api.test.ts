import type { Logger } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChains } from '../audit/verify.ts';
import type { JobPayloads } from '../jobs/queue.ts';
import { TEST_PUBLIC_URL } from '../test/build-test-app.ts';
import { signedIn, type TestClient } from '../test/client.ts';
import { makeMember, makeWorkspace } from '../test/factories.ts';
import { testAppForFile, workspaceForFile } from '../test/file-setup.ts';
import { ownerQueries } from '../test/tenancy-helpers.ts';
import { storeInboundMany } from './intake.ts';
import { processMailJobs } from './process.ts';

// Several stored messages worked in one transaction (mail/process.ts) end exactly as they would one
// by one, and one refused message makes the batch fall back without losing or doubling the others.

const t = testAppForFile();
const ws = workspaceForFile(t, 'Acme');
let lead: TestClient;
let channelId: string;
const requester = { email: 'ann@customer.example', membershipId: '' };
const ADDRESS = 'batch@acme.example';

const q = ownerQueries(t);

const mail = (m: { id: string; from: string; subject: string; text: string; headers?: string }) =>
  Buffer.from(
    `From: ${m.from}\r\nTo: ${ADDRESS}\r\nSubject: ${m.subject}\r\nMessage-ID: <${m.id}@mail.example>\r\n` +
      `${m.headers ?? ''}Content-Type: text/plain; charset=utf-8\r\n\r\n${m.text}\r\n`,
  );

/** Stores messages as the SMTP receiver does, one job each (as a burst arrives), and returns the jobs' payloads. */
async function receive(raws: Buffer[]): Promise<JobPayloads['mail.process'][]> {
  const payloads: JobPayloads['mail.process'][] = [];
  for (const raw of raws) {
    const [stored] = await storeInboundMany(t.database.db, t.jobs, ws.id, [{ channelId, raw }], 'test');
    payloads.push({ workspaceId: ws.id, messageIds: [stored!.id!] });
  }
  return payloads;
}

/** Works the payloads as one fetch of the queue does; says whether the batch fell back to one by one. */
async function work(payloads: JobPayloads['mail.process'][]) {
  const fellBack: string[] = [];
  const logger = {
    info: (_: unknown, message: string) => fellBack.push(message),
    warn: () => {},
  } as unknown as Logger;
  await processMailJobs({ db: t.database.db, jobs: t.jobs, publicUrl: TEST_PUBLIC_URL, logger }, payloads);
  return fellBack.some((m) => m.includes('one by one'));
}

const outcome = async (id: string) =>
  (
    await q<{ status: string; reason: string | null; ticket_id: string | null; comment_id: string | null }>(
      'select status, reason, ticket_id, comment_id from mail_messages where workspace_id = $1 and message_id = $2',
      [ws.id, `<${id}@mail.example>`],
    )
  )[0]!;
const count = async (sql: string, params: unknown[] = [ws.id]) => (await q<{ n: number }>(sql, params))[0]!.n;
const ticketCount = () => count('select count(*)::int as n from tickets where workspace_id = $1');

beforeAll(async () => {
  const db = t.database.db;
  lead = await signedIn(t.app, ws.lead.email);
  requester.membershipId = (
    await makeMember(db, ws, { party: null, role: 'requester', email: requester.email })
  ).membershipId;
  const items = (await lead.get(`/api/v1/w/${ws.slug}/catalogue`)).json().items as Array<{
    id: string;
    name: string;
  }>;
  const created = await lead.post(`/api/v1/w/${ws.slug}/mail/channels`, {
    kind: 'smtp',
    name: 'Batch',
    addresses: [ADDRESS],
    catalogueItemId: items.find((i) => i.name === 'Something is not working')!.id,
  });
  expect(created.statusCode, created.body).toBe(201);
  channelId = created.json().channel.id;
  // SLA policies on a 24x7 calendar, so every mailed ticket starts its clocks.
  const always = await lead.post(`/api/v1/w/${ws.slug}/sla/calendars`, {
    name: 'Always',
    partyId: ws.internalPartyId,
    timeZone: 'UTC',
    is24x7: true,
  });
  for (const priority of ['P1', 'P2', 'P3', 'P4'])
    expect(
      (
        await lead.post(`/api/v1/w/${ws.slug}/sla/policies`, {
          name: `${priority} targets`,
          priority,
          calendarId: always.json().id,
          firstResponseMinutes: 60,
          resolutionMinutes: 480,
        })
      ).statusCode,
    ).toBe(201);
});

describe('mail worked in batches', () => {
  it('a burst of different messages in one batch: each ends as it would alone, the audit chain intact', async () => {
    const tickets = await ticketCount();
    const payloads = await receive([
      mail({ id: 'b-new', from: requester.email, subject: 'Scanner jammed', text: 'It jams.' }),
      mail({
        id: 'b-reply',
        from: requester.email,
        subject: 'Re: Scanner jammed',
        text: 'Still jammed.\n\n> It jams.',
        headers: 'In-Reply-To: <b-new@mail.example>\r\n',
      }),
      mail({ id: 'b-second', from: requester.email, subject: 'Monitor flickers', text: 'Flicker.' }),
      mail({
        id: 'b-auto',
        from: requester.email,
        subject: 'Out of office',
        text: 'Away.',
        headers: 'Auto-Submitted: auto-replied\r\n',
      }),
      mail({ id: 'b-stranger', from: 'someone@elsewhere.example', subject: 'Hi', text: 'Let me in.' }),
      Buffer.from('Subject: broken\r\nMessage-ID: <b-broken@mail.example>\r\n\r\nno sender'),
    ]);
    expect(await work(payloads)).toBe(false);

    const first = await outcome('b-new');
    expect(first.status, first.reason ?? '').toBe('ticket');
    // The reply stored with its original in the same batch finds the ticket made just before it.
    const reply = await outcome('b-reply');
    expect(reply.status, reply.reason ?? '').toBe('comment');
    expect(reply.ticket_id).toBe(first.ticket_id);
    expect((await outcome('b-second')).status).toBe('ticket');
    expect((await outcome('b-auto')).status).toBe('dropped');
    expect((await outcome('b-stranger')).status).toBe('quarantined');
    expect((await outcome('b-broken')).status).toBe('failed');
    expect(await ticketCount()).toBe(tickets + 2);

    // Each new ticket got what createTicket gives one alone: two running clocks with their start
    // events and timers, its notification, and its audit events in order.
    for (const ticketId of [first.ticket_id!, (await outcome('b-second')).ticket_id!]) {
      const clocks = await q<{ id: string; kind: string; state: string }>(
        'select id, kind, state from sla_clocks where ticket_id = $1 order by kind',
        [ticketId],
      );
      expect(clocks.map((c) => `${c.kind}:${c.state}`)).toEqual([
        'first_response:running',
        'resolution:running',
      ]);
      expect(
        await count(
          `select count(*)::int as n from sla_clock_events where ticket_id = $1 and kind = 'started'`,
          [ticketId],
        ),
      ).toBe(2);
      for (const clock of clocks)
        expect(
          await count(
            `select count(*)::int as n from pgboss.job where name = 'sla.escalate' and data->>'clockId' = $1 and data->>'atPercent' = '100'`,
            [clock.id],
          ),
        ).toBe(1);
      const actions = await q<{ action: string }>(
        `select action from audit_events where workspace_id = $1 and entity_id = $2 order by id`,
        [ws.id, ticketId],
      );
      expect(actions.map((a) => a.action)[0]).toBe('ticket.created');
    }
    const mailAudit = await q<{ action: string; entity_id: string }>(
      `select a.action, a.entity_id from audit_events a join mail_messages m on m.id::text = a.entity_id
        where a.workspace_id = $1 and m.message_id like '<b-%' and a.action <> 'mail.received' order by a.id`,
      [ws.id],
    );
    expect(mailAudit.map((a) => a.action)).toEqual([
      'mail.ticket',
      'mail.comment',
      'mail.ticket',
      'mail.dropped',
      'mail.quarantined',
      'mail.failed',
    ]);
    const reports = await verifyAuditChains(t.database, ws.id);
    expect(reports.map((r) => r.broken)).toEqual([null]);

    // A retried job finds its messages done: nothing twice.
    expect(await work(payloads)).toBe(false);
    expect(await ticketCount()).toBe(tickets + 2);
  });

  it('one refused message makes the batch fall back: the others become tickets once, it fails with its reason', async () => {
    const open = await lead.post(`/api/v1/w/${ws.slug}/sso-domains`, { domain: 'partner.example' });
    expect([200, 201]).toContain(open.statusCode);
    // A sender the open domain would let in, but whose account is disabled: refused (409).
    const other = await makeWorkspace(t.database.db, 'Other');
    await makeMember(t.database.db, other, { party: null, role: 'requester', email: 'carl@partner.example' });
    await q(`update accounts set status = 'disabled' where email = 'carl@partner.example'`);
    const tickets = await ticketCount();
    const received = await count(
      `select count(*)::int as n from audit_events where workspace_id = $1 and action = 'ticket.created'`,
    );
    const payloads = await receive([
      mail({ id: 'f-one', from: requester.email, subject: 'Laptop slow', text: 'Slow.' }),
      mail({ id: 'f-refused', from: 'carl@partner.example', subject: 'Hello', text: 'Hi.' }),
      mail({ id: 'f-two', from: requester.email, subject: 'Phone dead', text: 'Dead.' }),
    ]);
    expect(await work(payloads)).toBe(true);

    expect((await outcome('f-one')).status).toBe('ticket');
    expect((await outcome('f-two')).status).toBe('ticket');
    const refused = await outcome('f-refused');
    expect(refused.status).toBe('failed');
    expect(refused.reason).toMatch(/disabled/);
    expect(await ticketCount()).toBe(tickets + 2);
    expect(
      await count(
        `select count(*)::int as n from audit_events where workspace_id = $1 and action = 'ticket.created'`,
      ),
    ).toBe(received + 2);
    // Nothing of the rolled-back batch is left behind: one clock pair per ticket.
    expect(
      await count(
        `select count(*)::int as n from sla_clocks c join mail_messages m on m.ticket_id = c.ticket_id
          where m.workspace_id = $1 and m.message_id in ('<f-one@mail.example>', '<f-two@mail.example>')`,
      ),
    ).toBe(4);
    expect((await verifyAuditChains(t.database, ws.id)).map((r) => r.broken)).toEqual([null]);
  });

  it('a group stored together keeps each Message-ID once, the first copy, and audits each kept one', async () => {
    const twice = mail({ id: 'g-twice', from: requester.email, subject: 'Twice', text: 'Same.' });
    const results = await storeInboundMany(
      t.database.db,
      t.jobs,
      ws.id,
      [twice, mail({ id: 'g-once', from: requester.email, subject: 'Once', text: 'One.' }), twice].map(
        (raw) => ({ channelId, raw }),
      ),
      'test',
    );
    expect(results.map((r) => [r.messageId, r.stored])).toEqual([
      ['<g-twice@mail.example>', true],
      ['<g-once@mail.example>', true],
      ['<g-twice@mail.example>', false],
    ]);
    expect(results[2]!.id).toBeNull();
    // Stored before: acknowledged, not stored again.
    const again = await storeInboundMany(t.database.db, t.jobs, ws.id, [{ channelId, raw: twice }], 'test');
    expect(again[0]!.stored).toBe(false);
    const rows = await q<{ id: string; message_id: string }>(
      `select id, message_id from mail_messages where workspace_id = $1 and message_id like '<g-%' order by message_id`,
      [ws.id],
    );
    expect(rows.map((r) => r.id).sort()).toEqual([results[0]!.id, results[1]!.id].sort());
    const audited = await q<{ entity_id: string }>(
      `select entity_id from audit_events where workspace_id = $1 and action = 'mail.received' and entity_id = any($2::text[]) order by id`,
      [ws.id, [results[0]!.id, results[1]!.id]],
    );
    expect(audited.map((a) => a.entity_id)).toEqual([results[0]!.id, results[1]!.id]);
    await t.drainJobs();
    expect((await outcome('g-twice')).status).toBe('ticket');
    expect((await outcome('g-once')).status).toBe('ticket');
  });

  it('jobs enqueued together get the rows one enqueue each gives: policy, start, singleton keys', async () => {
    const at = new Date(Date.now() + 3_600_000);
    const timer = (clockId: string, atPercent: number) => ({
      queue: 'sla.escalate' as const,
      payload: { workspaceId: ws.id, clockId, atPercent, dueAt: at.toISOString() },
      options: { startAfter: at, singletonKey: `sla:${clockId}:${atPercent}:${at.toISOString()}` },
    });
    const [one, together] = [crypto.randomUUID(), crypto.randomUUID()];
    await t.database.db.transaction(async (tx) => {
      for (const job of [timer(one, 50), timer(one, 100), timer(one, 100)])
        await t.jobs.enqueue(tx, job.queue, job.payload, job.options);
      await t.jobs.enqueueMany(tx, [timer(together, 50), timer(together, 100)]);
      await t.jobs.enqueueMany(tx, [timer(together, 100)]);
    });
    const rowsOf = (clockId: string) =>
      q<{ retry_limit: number; retry_delay: number; start_after: Date; singleton_key: string }>(
        `select retry_limit, retry_delay, start_after, singleton_key from pgboss.job
          where name = 'sla.escalate' and data->>'clockId' = $1 order by singleton_key, id`,
        [clockId],
      );
    const shape = (rows: Awaited<ReturnType<typeof rowsOf>>) =>
      rows.map((r) => ({
        retryLimit: r.retry_limit,
        retryDelay: r.retry_delay,
        startAfter: new Date(r.start_after).getTime(),
        key: r.singleton_key.split(':').slice(2).join(':'),
      }));
    const alone = shape(await rowsOf(one));
    expect(alone.length).toBeGreaterThan(0);
    expect(shape(await rowsOf(together))).toEqual(alone);
    expect(alone[0]!.retryLimit).toBe(t.jobs.policy('sla.escalate').retryLimit);
    expect(alone[0]!.startAfter).toBe(at.getTime());
  });

  it('the queue works several stored jobs together (drain)', async () => {
    const tickets = await ticketCount();
    await receive([
      mail({ id: 'd-1', from: requester.email, subject: 'One', text: '1' }),
      mail({ id: 'd-2', from: requester.email, subject: 'Two', text: '2' }),
    ]);
    await t.drainJobs();
    expect((await outcome('d-1')).status).toBe('ticket');
    expect((await outcome('d-2')).status).toBe('ticket');
    expect(await ticketCount()).toBe(tickets + 2);
  });
});
