import { beforeAll, describe, expect, it } from 'vitest';
import { errorOf, signedIn, type TestClient } from '../test/client.ts';
import { makeMember } from '../test/factories.ts';
import { signInNewMember, testAppForFile, workspaceForFile } from '../test/file-setup.ts';
import { ownerQueries } from '../test/tenancy-helpers.ts';
import { catalogueItemId } from '../test/workspace-lookups.ts';
import { channelForAddress, inboundGroups, storeInbound } from './intake.ts';

const t = testAppForFile();
const ws = workspaceForFile(t, 'Acme');
const other = workspaceForFile(t, 'Other');
let lead: TestClient;
let agent: TestClient;
let otherLead: TestClient;
let requesterEmail: string;
let itemId: string;
const base = () => `/api/v1/w/${ws.slug}`;
const q = ownerQueries(t);

type Channel = {
  id: string;
  status: string;
  version: number;
  lastEventAt: string | null;
  counts: Record<string, number>;
  imap: { passwordSet: boolean } | null;
};
const channelOf = async (id: string) =>
  ((await lead.get(`${base()}/mail/channels`)).json().channels as Channel[]).find((c) => c.id === id)!;

const raw = (messageId: string, from: string, subject: string) =>
  Buffer.from(
    [
      `From: <${from}>`,
      'To: service@acme.example',
      `Subject: ${subject}`,
      `Message-ID: ${messageId}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Body text.',
      '',
    ].join('\r\n'),
  );

beforeAll(async () => {
  const db = t.database.db;
  lead = await signedIn(t.app, ws.lead.email);
  agent = await signInNewMember(t, ws, { party: 'internal', role: 'agent' });
  otherLead = await signedIn(t.app, other.lead.email);
  requesterEmail = (await makeMember(db, ws, { party: null, role: 'requester' })).email;
  itemId = await catalogueItemId(lead, ws, 'Something is not working');
});

describe('a channel page’s figures and actions', () => {
  it('counts what became of each channel’s mail and when it last received any', async () => {
    const created = await lead.post(`${base()}/mail/channels`, {
      kind: 'smtp',
      name: 'Service desk',
      addresses: ['service@acme.example'],
      catalogueItemId: itemId,
    });
    expect(created.statusCode, created.body).toBe(201);
    const channel = created.json().channel as Channel;
    expect(channel.counts).toEqual({
      received: 0,
      tickets: 0,
      comments: 0,
      quarantined: 0,
      ignored: 0,
      failed: 0,
      waiting: 0,
    });
    expect(channel.lastEventAt).toBeNull();
    // An item with required form fields would fail every message: refused, naming the fields.
    const formItem = (
      (await lead.get(`${base()}/catalogue`)).json().items as Array<{
        id: string;
        fields: { required: boolean }[];
      }>
    ).find((i) => i.fields.some((f) => f.required));
    const refused = await lead.post(`${base()}/mail/channels`, {
      kind: 'smtp',
      name: 'Forms',
      addresses: ['forms@acme.example'],
      catalogueItemId: formItem!.id,
    });
    expect(refused.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(refused))).toContain('required fields e-mail cannot fill in');
    const target = { workspaceId: ws.id, channelId: channel.id };
    await storeInbound(
      t.database.db,
      t.jobs,
      target,
      raw('<c-1@x.example>', requesterEmail, 'Printer'),
      'test',
    );
    await storeInbound(
      t.database.db,
      t.jobs,
      target,
      raw('<c-2@x.example>', 'nobody@else.example', 'Hi'),
      'test',
    );
    expect((await channelOf(channel.id)).counts).toMatchObject({ received: 2, waiting: 2, tickets: 0 });
    await t.drainJobs();
    const after = await channelOf(channel.id);
    expect(after.counts).toMatchObject({ received: 2, tickets: 1, quarantined: 1, waiting: 0 });
    expect(after.lastEventAt).not.toBeNull();
  });

  it('a lead pauses a channel (its address then refuses mail) and resumes it; a stale version is refused', async () => {
    const [row] = await q<{ id: string }>(
      `select id from mail_channels where workspace_id = $1 and kind = 'smtp'`,
      [ws.id],
    );
    const id = row!.id;
    const { version } = await channelOf(id);
    const paused = await lead.patch(`${base()}/mail/channels/${id}`, { version, status: 'disabled' });
    expect(paused.statusCode, paused.body).toBe(200);
    expect(paused.json().channel.status).toBe('disabled');
    expect(await channelForAddress(t.database.db, 'service@acme.example')).toBeNull();
    const stale = await lead.patch(`${base()}/mail/channels/${id}`, { version, status: 'active' });
    expect(stale.statusCode).toBe(409);
    const bad = await lead.patch(`${base()}/mail/channels/${id}`, { version: version + 1, status: 'asleep' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(bad))).toContain('status');
    const resumed = await lead.patch(`${base()}/mail/channels/${id}`, {
      version: version + 1,
      status: 'active',
    });
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(await channelForAddress(t.database.db, 'service@acme.example')).not.toBeNull();
    const audits = await q<{ n: number }>(
      `select count(*)::int as n from audit_events where workspace_id = $1 and action = 'mail.channel_updated' and entity_id = $2`,
      [ws.id, id],
    );
    expect(audits[0]!.n).toBe(2);
    // A channel with mail is kept: deleting it is refused with the way out (pause).
    const del = await lead.delete(`${base()}/mail/channels/${id}`);
    expect(del.statusCode).toBe(409);
    expect(errorOf(del).code).toBe('MAIL_CHANNEL_IN_USE');
  });

  it('rotating an IMAP password: leads only, 404 across workspaces, 400 on an SMTP channel or an empty password', async () => {
    const created = await lead.post(`${base()}/mail/channels`, {
      kind: 'imap',
      name: 'Hosted',
      host: 'imap.acme.example',
      port: 993,
      tls: true,
      user: 'desk',
      password: 'first-secret',
      catalogueItemId: itemId,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().channel.id as string;
    const body = { password: 'second-secret' };
    expect((await agent.post(`${base()}/mail/channels/${id}/password`, body)).statusCode).toBe(403);
    expect((await agent.get(`${base()}/mail/channels`)).statusCode).toBe(403);
    expect((await agent.delete(`${base()}/mail/channels/${id}`)).statusCode).toBe(403);
    expect(
      (await otherLead.post(`/api/v1/w/${other.slug}/mail/channels/${id}/password`, body)).statusCode,
    ).toBe(404);
    expect((await otherLead.delete(`/api/v1/w/${other.slug}/mail/channels/${id}`)).statusCode).toBe(404);
    const [smtp] = await q<{ id: string }>(
      `select id from mail_channels where workspace_id = $1 and kind = 'smtp'`,
      [ws.id],
    );
    expect((await lead.post(`${base()}/mail/channels/${smtp!.id}/password`, body)).statusCode).toBe(400);
    expect((await lead.post(`${base()}/mail/channels/${id}/password`, { password: '' })).statusCode).toBe(
      400,
    );
    const [before] = await q<{ s: string }>(
      'select imap_sealed_password as s from mail_channels where id = $1',
      [id],
    );
    const rotated = await lead.post(`${base()}/mail/channels/${id}/password`, body);
    expect(rotated.statusCode, rotated.body).toBe(200);
    expect(rotated.body).not.toContain('second-secret');
    const [after] = await q<{ s: string }>(
      'select imap_sealed_password as s from mail_channels where id = $1',
      [id],
    );
    expect(after!.s).not.toBe(before!.s);
    expect(after!.s).not.toContain('second-secret');
    // Never received mail: it can be deleted, and is gone.
    expect((await lead.delete(`${base()}/mail/channels/${id}`)).statusCode).toBe(204);
    expect(await channelOf(id)).toBeUndefined();
  });
});

describe('group commit of received mail', () => {
  it('messages arriving together are stored in one transaction with one job, each once, and each becomes a ticket', async () => {
    const [row] = await q<{ id: string }>(
      `select id from mail_channels where workspace_id = $1 and kind = 'smtp'`,
      [ws.id],
    );
    const target = { workspaceId: ws.id, channelId: row!.id };
    const jobsBefore = await q<{ n: number }>(
      `select count(*)::int as n from pgboss.job where name = 'mail.process'`,
    );
    const groups = inboundGroups(t.database.db, t.jobs, 'test');
    const mails = Array.from({ length: 12 }, (_, i) =>
      raw(`<g-${i}@x.example>`, requesterEmail, `Group ${i}`),
    );
    // The same message twice in one burst is stored once.
    mails.push(raw('<g-3@x.example>', requesterEmail, 'Group 3'));
    const results = await Promise.all(mails.map((m) => groups.store(target, m)));
    expect(results.filter((r) => r.stored)).toHaveLength(12);
    expect(results[12]).toMatchObject({ stored: false, messageId: '<g-3@x.example>' });
    const jobsAfter = await q<{ n: number }>(
      `select count(*)::int as n from pgboss.job where name = 'mail.process'`,
    );
    // All arrive within the group's short wait (GROUP_WAIT_MS): one transaction, one job.
    expect(jobsAfter[0]!.n - jobsBefore[0]!.n).toBe(1);
    const audits = await q<{ n: number }>(
      `select count(*)::int as n from audit_events where workspace_id = $1 and action = 'mail.received' and after->>'messageId' like '<g-%'`,
      [ws.id],
    );
    expect(audits[0]!.n).toBe(12);
    await t.drainJobs();
    const done = await q<{ status: string; n: number }>(
      `select status, count(*)::int as n from mail_messages where workspace_id = $1 and message_id like '<g-%' group by workspace_id, status`,
      [ws.id],
    );
    expect(done).toEqual([{ status: 'ticket', n: 12 }]);
  });
});
