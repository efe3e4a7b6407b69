import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, type TestClient } from '../test/client.ts';
import { startDovecot, type TestDovecot } from '../test/dovecot.ts';
import { makeMember } from '../test/factories.ts';
import { testAppForFile, workspaceForFile } from '../test/file-setup.ts';
import { ownerQueries } from '../test/tenancy-helpers.ts';
import { waitFor } from '../test/wait-for.ts';
import { catalogueItemId } from '../test/workspace-lookups.ts';
import { type ImapPollers, startImapPollers } from './imap-poller.ts';

const t = testAppForFile();
const ws = workspaceForFile(t, 'Acme');
let lead: TestClient;
let dovecot: TestDovecot;
let pollers: ImapPollers;
let requesterEmail: string;
let itemId: string;
let channelId: string;
const base = () => `/api/v1/w/${ws.slug}`;
const q = ownerQueries(t);

const mailbox = () =>
  new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    auth: { user: dovecot.user, pass: dovecot.password },
    logger: false,
  });

async function append(messageId: string, subject: string, text: string, from = requesterEmail) {
  const client = mailbox();
  await client.connect();
  await client.append(
    'INBOX',
    [
      `From: Requester <${from}>`,
      'To: desk@hosted.example',
      `Subject: ${subject}`,
      `Message-ID: ${messageId}`,
      'Date: Wed, 02 Dec 2026 09:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      text,
      '',
    ].join('\r\n'),
  );
  await client.logout();
}

async function unseenCount() {
  const client = mailbox();
  await client.connect();
  const lock = await client.getMailboxLock('INBOX');
  try {
    return ((await client.search({ seen: false }, { uid: true })) || []).length;
  } finally {
    lock.release();
    await client.logout();
  }
}

const stored = (messageId: string) =>
  waitFor(async () => {
    const [row] = await q<{ id: string; status: string }>(
      'select id, status from mail_messages where message_id = $1',
      [messageId],
    );
    return row;
  });

beforeAll(async () => {
  dovecot = await startDovecot();
  lead = await signedIn(t.app, ws.lead.email);
  requesterEmail = (await makeMember(t.database.db, ws, { party: null, role: 'requester' })).email;
  itemId = await catalogueItemId(lead, ws, 'Something is not working');
}, 60_000);
afterAll(async () => {
  await pollers?.stop();
  await dovecot?.stop();
});

describe('IMAP polling against Dovecot', () => {
  it('a wrong password is recorded on the channel as its last error', async () => {
    const created = await lead.post(`${base()}/mail/channels`, {
      kind: 'imap',
      name: 'Hosted mailbox',
      host: dovecot.host,
      port: dovecot.port,
      tls: false,
      user: dovecot.user,
      password: 'wrong',
      catalogueItemId: itemId,
    });
    expect(created.statusCode, created.body).toBe(201);
    channelId = created.json().channel.id;
    pollers = startImapPollers(t.database.db, t.jobs, t.secretKey, { rescanMs: 300, leaseMs: 5_000 });
    const channel = await waitFor(async () => {
      const list = (await lead.get(`${base()}/mail/channels`)).json().channels as Array<{
        id: string;
        lastError: string | null;
        pollerState: string | null;
      }>;
      return list.find((c) => c.id === channelId && c.lastError);
    });
    expect(channel.pollerState).toBe('error');
  }, 60_000);

  it('after the password is rotated, an appended message is fetched, flagged seen and becomes a ticket', async () => {
    await append('<imap-1@hosted.example>', 'Scanner jammed', 'Paper stuck in the scanner.');
    const rotated = await lead.post(`${base()}/mail/channels/${channelId}/password`, {
      password: dovecot.password,
    });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const row = await stored('<imap-1@hosted.example>');
    await t.drainJobs();
    const [done] = await q<{ status: string; ticket_id: string }>(
      'select status, ticket_id from mail_messages where id = $1',
      [row.id],
    );
    expect(done!.status).toBe('ticket');
    const [ticket] = await q<{ subject: string; description: string }>(
      'select subject, description from tickets where id = $1',
      [done!.ticket_id],
    );
    expect(ticket).toEqual({ subject: 'Scanner jammed', description: 'Paper stuck in the scanner.' });
    await waitFor(async () => (await unseenCount()) === 0 || undefined);
    const [channel] = await q<{ poller_state: string; last_error: string | null }>(
      'select poller_state, last_error from mail_channels where id = $1',
      [channelId],
    );
    expect(channel!.poller_state).toBe('idle');
    expect(channel!.last_error).toBeNull();
  }, 60_000);

  it('new mail arriving while the poller idles is picked up (IDLE), and the same Message-ID again makes no second ticket', async () => {
    await append('<imap-2@hosted.example>', 'Monitor flickers', 'Since this morning.');
    await stored('<imap-2@hosted.example>');
    await append('<imap-2@hosted.example>', 'Monitor flickers', 'Since this morning.');
    await waitFor(async () => (await unseenCount()) === 0 || undefined);
    await t.drainJobs();
    const [count] = await q<{ n: number }>(
      `select count(*)::int as n from tickets where workspace_id = $1 and subject = 'Monitor flickers'`,
      [ws.id],
    );
    expect(count!.n).toBe(1);
  }, 60_000);

  it('a 30 MB message is not taken in: recorded as failed with the reason, no content kept, no ticket', async () => {
    const tickets = async () =>
      (await q<{ n: number }>('select count(*)::int as n from tickets where workspace_id = $1', [ws.id]))[0]!
        .n;
    const before = await tickets();
    // 30 MB of base64-like text lines: over MAIL_MAX_BYTES (25 MB by default).
    const line = 'A'.repeat(76);
    const body = Array.from({ length: Math.ceil((30 * 1024 * 1024) / 78) }, () => line).join('\r\n');
    await append('<imap-huge@hosted.example>', 'Huge scan', body);
    const row = await stored('<imap-huge@hosted.example>');
    await waitFor(async () => (await unseenCount()) === 0 || undefined);
    await t.drainJobs();
    const [kept] = await q<{
      status: string;
      reason: string;
      size_bytes: number;
      has_raw: boolean;
      subject: string;
    }>(
      'select status, reason, size_bytes, raw is not null as has_raw, subject from mail_messages where id = $1',
      [row.id],
    );
    expect(kept).toMatchObject({ status: 'failed', has_raw: false, subject: 'Huge scan' });
    expect(kept!.size_bytes).toBeGreaterThan(30 * 1024 * 1024);
    expect(kept!.reason).toMatch(/exceeds the maximum size of 26214400 bytes/);
    expect(await tickets()).toBe(before);
    const events = (await lead.get(`${base()}/mail/events?status=failed`)).json().items as Array<{
      messageId: string;
      reason: string;
    }>;
    expect(events.find((e) => e.messageId === '<imap-huge@hosted.example>')?.reason).toMatch(
      /MAIL_MAX_BYTES/,
    );
    const [audit] = await q<{ n: number }>(
      `select count(*)::int as n from audit_events where action = 'mail.failed' and entity_id = $1`,
      [row.id],
    );
    expect(audit!.n).toBe(1);
  }, 120_000);
});
