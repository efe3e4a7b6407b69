import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, signedIn, type TestClient } from '../test/client.ts';
import { makeMember } from '../test/factories.ts';
import { signInNewMember, testAppForFile, workspaceForFile } from '../test/file-setup.ts';
import { ownerQueries } from '../test/tenancy-helpers.ts';
import { catalogueItemId } from '../test/workspace-lookups.ts';
import { type SmtpReceiver, startSmtpReceiver } from './smtp-receiver.ts';

const t = testAppForFile();
const ws = workspaceForFile(t, 'Acme');
const other = workspaceForFile(t, 'Other');
let smtp: SmtpReceiver;
let lead: TestClient;
let agent: TestClient;
let otherLead: TestClient;
let requester: { email: string; membershipId: string };
let itemId: string;
let prefix: string;
const ADDRESS = 'help@acme.example';
const MAX = 25 * 1024 * 1024;

const base = () => `/api/v1/w/${ws.slug}`;
const q = ownerQueries(t);

const transport = () =>
  nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });

type Mail = Parameters<ReturnType<typeof transport>['sendMail']>[0];
const send = async (mail: Mail) => {
  const tr = transport();
  try {
    return await tr.sendMail({ to: ADDRESS, ...mail });
  } finally {
    tr.close();
  }
};

const messageRow = async (messageId: string) =>
  (
    await q<{ status: string; reason: string | null; ticket_id: string | null; comment_id: string | null }>(
      'select status, reason, ticket_id, comment_id from mail_messages where workspace_id = $1 and message_id = $2',
      [ws.id, messageId],
    )
  )[0];
const ticketOf = async (id: string) =>
  (
    await q<{
      number: number;
      subject: string;
      description: string;
      requester_membership_id: string;
      catalogue_item_id: string;
    }>(
      'select number, subject, description, requester_membership_id, catalogue_item_id from tickets where id = $1',
      [id],
    )
  )[0]!;
const ticketCount = async () =>
  (await q<{ n: number }>('select count(*)::int as n from tickets where workspace_id = $1', [ws.id]))[0]!.n;

beforeAll(async () => {
  const db = t.database.db;
  lead = await signedIn(t.app, ws.lead.email);
  agent = await signInNewMember(t, ws, { party: 'internal', role: 'agent' });
  otherLead = await signedIn(t.app, other.lead.email);
  requester = await makeMember(db, ws, { party: null, role: 'requester', email: 'ann@customer.example' });
  itemId = await catalogueItemId(lead, ws, 'Something is not working');
  prefix = (
    await q<{ ticket_prefix: string }>('select ticket_prefix from workspaces where id = $1', [ws.id])
  )[0]!.ticket_prefix;
  smtp = await startSmtpReceiver(db, t.jobs, { host: '127.0.0.1', port: 0, maxBytes: MAX });
});
// Runs before the app closes (after-hooks run last registered first).
afterAll(() => smtp?.close());

describe('mail channels', () => {
  it('a lead adds an SMTP channel; others are refused; bad input names the field', async () => {
    const body = {
      kind: 'smtp',
      name: 'Help desk',
      addresses: [ADDRESS.toUpperCase()],
      catalogueItemId: itemId,
    };
    expect((await agent.post(`${base()}/mail/channels`, body)).statusCode).toBe(403);
    const bad = await lead.post(`${base()}/mail/channels`, { ...body, addresses: ['not-an-address'] });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(bad))).toContain('addresses');
    const badItem = await lead.post(`${base()}/mail/channels`, {
      ...body,
      catalogueItemId: crypto.randomUUID(),
    });
    expect(badItem.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(badItem))).toContain('catalogueItemId');
    const created = await lead.post(`${base()}/mail/channels`, body);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().channel.addresses).toEqual([ADDRESS]);
    // The same address cannot be taken by another workspace.
    const otherItem = (
      (await otherLead.get(`/api/v1/w/${other.slug}/catalogue`)).json().items as Array<{
        id: string;
        name: string;
      }>
    ).find((i) => i.name === 'Something is not working')!.id;
    const taken = await otherLead.post(`/api/v1/w/${other.slug}/mail/channels`, {
      ...body,
      catalogueItemId: otherItem,
    });
    expect(taken.statusCode).toBe(409);
    // Another workspace's channel answers 404.
    const id = created.json().channel.id;
    const foreign = await otherLead.patch(`/api/v1/w/${other.slug}/mail/channels/${id}`, {
      version: 1,
      name: 'x',
    });
    expect(foreign.statusCode).toBe(404);
    const list = await lead.get(`${base()}/mail/channels`);
    expect(list.json().channels).toHaveLength(1);
    const audit = await q<{ n: number }>(
      `select count(*)::int as n from audit_events where workspace_id = $1 and action = 'mail.channel_created'`,
      [ws.id],
    );
    expect(audit[0]!.n).toBe(1);
  });

  it('an IMAP channel keeps its password sealed and never shows it', async () => {
    const created = await lead.post(`${base()}/mail/channels`, {
      kind: 'imap',
      name: 'Hosted mailbox',
      host: '127.0.0.1',
      port: 1,
      tls: false,
      user: 'desk',
      password: 'secret-one',
      catalogueItemId: itemId,
      status: undefined,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.body).not.toContain('secret-one');
    const id = created.json().channel.id;
    const [row] = await q<{ imap_sealed_password: string }>(
      'select imap_sealed_password from mail_channels where id = $1',
      [id],
    );
    expect(row!.imap_sealed_password).not.toContain('secret-one');
    const rotated = await lead.post(`${base()}/mail/channels/${id}/password`, { password: 'secret-two' });
    expect(rotated.statusCode, rotated.body).toBe(200);
    expect(rotated.json().channel.imap.passwordSet).toBe(true);
    expect((await lead.post(`${base()}/mail/channels/${id}/password`, { password: '' })).statusCode).toBe(
      400,
    );
    // Never received mail: it can be deleted.
    expect((await lead.delete(`${base()}/mail/channels/${id}`)).statusCode).toBe(204);
  });
});

describe('SMTP intake', () => {
  let firstTicketId: string;
  let firstMessageId: string;

  it('refuses an unknown recipient with 550', async () => {
    await expect(
      send({ from: requester.email, to: 'nobody@acme.example', subject: 'x', text: 'x' }),
    ).rejects.toThrow(/550/);
  });

  it('a member’s e-mail becomes a ticket on the channel’s catalogue item, from them', async () => {
    const info = await send({
      from: `Ann <${requester.email}>`,
      subject: 'Printer on fire',
      text: 'Please help.',
    });
    firstMessageId = info.messageId;
    expect(await t.drainJobs()).toBeGreaterThan(0);
    const row = await messageRow(info.messageId);
    expect(row?.status, row?.reason ?? '').toBe('ticket');
    firstTicketId = row!.ticket_id!;
    const ticket = await ticketOf(firstTicketId);
    expect(ticket.subject).toBe('Printer on fire');
    expect(ticket.description).toBe('Please help.');
    expect(ticket.requester_membership_id).toBe(requester.membershipId);
    expect(ticket.catalogue_item_id).toBe(itemId);
  });

  it('the same Message-ID twice makes one ticket', async () => {
    const before = await ticketCount();
    await send({
      from: requester.email,
      subject: 'Printer on fire',
      text: 'Please help.',
      messageId: firstMessageId,
    });
    await t.drainJobs();
    expect(await ticketCount()).toBe(before);
  });

  it('a reply (In-Reply-To) lands as a public comment with the quoted history stripped', async () => {
    const info = await send({
      from: requester.email,
      subject: 'Re: Printer on fire',
      inReplyTo: firstMessageId,
      references: [firstMessageId],
      text: 'It is still burning.\n\nOn Tue, 1 Dec 2026 at 10:00, Desk <help@acme.example> wrote:\n> Have you tried water?\n',
    });
    await t.drainJobs();
    const row = await messageRow(info.messageId);
    expect(row?.status, row?.reason ?? '').toBe('comment');
    expect(row!.ticket_id).toBe(firstTicketId);
    const [comment] = await q<{ body: string; visibility: string; author_membership_id: string }>(
      'select body, visibility, author_membership_id from ticket_comments where id = $1',
      [row!.comment_id],
    );
    expect(comment).toEqual({
      body: 'It is still burning.',
      visibility: 'public',
      author_membership_id: requester.membershipId,
    });
  });

  it('a reply naming [KEY-n] in the subject lands on that ticket; Outlook quoting is stripped', async () => {
    const { number } = await ticketOf(firstTicketId);
    const info = await send({
      from: requester.email,
      subject: `RE: [${prefix}-${number}] Printer on fire`,
      text: 'Fixed, thanks.\n\n-----Original Message-----\nFrom: Desk\nSent: Tuesday\n\nold text',
    });
    await t.drainJobs();
    const row = await messageRow(info.messageId);
    expect(row?.status, row?.reason ?? '').toBe('comment');
    const [comment] = await q<{ body: string }>('select body from ticket_comments where id = $1', [
      row!.comment_id,
    ]);
    expect(comment!.body).toBe('Fixed, thanks.');
  });

  it('auto-replies, bounces and list mail are dropped with a reason and make no ticket', async () => {
    const before = await ticketCount();
    const auto = await send({
      from: requester.email,
      subject: 'Out of office',
      text: 'I am away.',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    const bulk = await send({
      from: requester.email,
      subject: 'News',
      text: 'x',
      headers: { Precedence: 'bulk' },
    });
    const daemon = await send({ from: 'MAILER-DAEMON@mx.example', subject: 'Undelivered', text: 'x' });
    await t.drainJobs();
    expect(await ticketCount()).toBe(before);
    for (const info of [auto, bulk, daemon])
      expect((await messageRow(info.messageId))?.status).toBe('dropped');
    expect((await messageRow(auto.messageId))?.reason).toContain('Auto-Submitted');
  });

  it('a message carrying our own Message-ID domain (a loop) is dropped', async () => {
    const info = await send({
      from: requester.email,
      subject: 'Loop',
      text: 'x',
      messageId: '<loop-1@tandem.test>',
    });
    await t.drainJobs();
    expect((await messageRow(info.messageId))?.reason).toContain('loop');
  });

  it('an HTML-only message becomes safe text', async () => {
    const info = await send({
      from: requester.email,
      subject: 'HTML',
      html: '<p>Hello <b>desk</b></p><script>alert(1)</script><img src="https://x.example/t.png">',
    });
    await t.drainJobs();
    const row = await messageRow(info.messageId);
    expect(row?.status, row?.reason ?? '').toBe('ticket');
    const ticket = await ticketOf(row!.ticket_id!);
    expect(ticket.description).toMatch(/Hello desk/i);
    expect(ticket.description).not.toContain('<');
    expect(ticket.description).not.toContain('alert(1)');
  });

  it('attachments pass the upload checks: a real PNG is kept, a disguised executable refused', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    const info = await send({
      from: requester.email,
      subject: 'Screenshot',
      text: 'See attached.',
      attachments: [
        { filename: 'screen.png', content: png, contentType: 'image/png' },
        { filename: 'invoice.png', content: Buffer.from('MZ\x90\x00 not a png'), contentType: 'image/png' },
      ],
    });
    await t.drainJobs();
    const row = await messageRow(info.messageId);
    expect(row?.status, row?.reason ?? '').toBe('ticket');
    const files = await q<{ filename: string }>(
      'select filename from ticket_attachments where ticket_id = $1',
      [row!.ticket_id],
    );
    expect(files.map((f) => f.filename)).toEqual(['screen.png']);
    const [notes] = await q<{ notes: string[] }>('select notes from mail_messages where message_id = $1', [
      info.messageId,
    ]);
    expect(notes!.notes.join(' ')).toContain('invoice.png');
  });

  it('malformed MIME is recorded as failed with a reason, no ticket', async () => {
    const before = await ticketCount();
    const tr = transport();
    const raw =
      'Subject: broken\r\nContent-Type: multipart/mixed\r\nMessage-ID: <broken-1@x.example>\r\n\r\n--\r\ngarbage';
    await tr.sendMail({ envelope: { from: requester.email, to: [ADDRESS] }, raw });
    tr.close();
    await t.drainJobs();
    const row = await messageRow('<broken-1@x.example>');
    expect(row?.status).toBe('failed');
    expect(row?.reason).toMatch(/Malformed MIME/);
    expect(await ticketCount()).toBe(before);
  });

  it('a 30 MB message is refused with 552 and nothing is stored', async () => {
    const before = await q<{ n: number }>('select count(*)::int as n from mail_messages');
    const big = Buffer.alloc(30 * 1024 * 1024, 'a');
    await expect(
      send({
        from: requester.email,
        subject: 'Huge',
        text: 'x',
        attachments: [{ filename: 'big.txt', content: big }],
      }),
    ).rejects.toThrow(/552/);
    const after = await q<{ n: number }>('select count(*)::int as n from mail_messages');
    expect(after[0]!.n).toBe(before[0]!.n);
  }, 60_000);

  it('an unknown sender waits in quarantine; a lead releases (ticket) or rejects it', async () => {
    const before = await ticketCount();
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    const one = await send({
      from: 'Stranger <stranger@elsewhere.example>',
      subject: 'Hello',
      text: 'Let me in.',
      attachments: [
        { filename: 'error.png', content: png, contentType: 'image/png' },
        { filename: 'setup.png', content: Buffer.from('MZ\x90\x00 not a png'), contentType: 'image/png' },
      ],
    });
    const two = await send({ from: 'spam@elsewhere.example', subject: 'Buy now', text: 'cheap' });
    await t.drainJobs();
    expect(await ticketCount()).toBe(before);
    expect((await agent.get(`${base()}/mail/quarantine`)).statusCode).toBe(403);
    const list = await lead.get(`${base()}/mail/quarantine`);
    expect(list.statusCode).toBe(200);
    const items = list.json().items as Array<{ id: string; messageId: string }>;
    expect(items).toHaveLength(2);
    const idOf = (m: string) => items.find((i) => i.messageId === m)!.id;
    const released = await lead.post(`${base()}/mail/quarantine/${idOf(one.messageId)}/release`, {});
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json().message.status).toBe('released');
    expect(released.json().message.ticketKey).toMatch(new RegExp(`^${prefix}-\\d+$`));
    const [member] = await q<{ role: string }>(
      `select m.role from memberships m join accounts a on a.id = m.account_id
        where m.workspace_id = $1 and a.email = 'stranger@elsewhere.example'`,
      [ws.id],
    );
    expect(member!.role).toBe('requester');
    // The released request keeps its attachments, through the same upload checks as any mail.
    const [kept] = await q<{ ticket_id: string; notes: string[] }>(
      'select ticket_id, notes from mail_messages where message_id = $1',
      [one.messageId],
    );
    const files = await q<{ filename: string }>(
      'select filename from ticket_attachments where ticket_id = $1',
      [kept!.ticket_id],
    );
    expect(files.map((f) => f.filename)).toEqual(['error.png']);
    expect(kept!.notes.join(' ')).toContain('setup.png');
    const [ticket] = await q<{ description: string }>('select description from tickets where id = $1', [
      kept!.ticket_id,
    ]);
    expect(ticket!.description).toBe('Let me in.');
    const rejected = await lead.post(`${base()}/mail/quarantine/${idOf(two.messageId)}/reject`, {
      reason: 'spam',
    });
    expect(rejected.json().message.status).toBe('rejected');
    expect(await ticketCount()).toBe(before + 1);
    // Decided once: a second release is refused.
    expect((await lead.post(`${base()}/mail/quarantine/${idOf(two.messageId)}/release`, {})).statusCode).toBe(
      409,
    );
    // Another workspace's message answers 404.
    expect(
      (await otherLead.post(`/api/v1/w/${other.slug}/mail/quarantine/${idOf(two.messageId)}/reject`, {}))
        .statusCode,
    ).toBe(404);
  });

  it('a domain a lead opened lets a new sender in directly', async () => {
    const rule = await lead.post(`${base()}/sso-domains`, { domain: 'partner.example' });
    expect([200, 201]).toContain(rule.statusCode);
    const info = await send({ from: 'Bob <bob@partner.example>', subject: 'VPN down', text: 'No VPN.' });
    await t.drainJobs();
    const row = await messageRow(info.messageId);
    expect(row?.status, row?.reason ?? '').toBe('ticket');
  });

  it('recent events show what became of each message', async () => {
    const events = await lead.get(`${base()}/mail/events?limit=100`);
    expect(events.statusCode).toBe(200);
    const statuses = new Set((events.json().items as Array<{ status: string }>).map((i) => i.status));
    for (const s of ['ticket', 'comment', 'dropped', 'failed', 'released', 'rejected'])
      expect(statuses).toContain(s);
    expect((await lead.get(`${base()}/mail/events?status=nope`)).statusCode).toBe(400);
    expect((await agent.get(`${base()}/mail/events`)).statusCode).toBe(403);
  });
});
