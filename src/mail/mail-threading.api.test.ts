import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, type TestClient } from '../test/client.ts';
import { makeMember } from '../test/factories.ts';
import { mailingAppForFile, workspaceForFile } from '../test/file-setup.ts';
import { ownerQueries } from '../test/tenancy-helpers.ts';
import { waitFor } from '../test/wait-for.ts';
import { catalogueItemId } from '../test/workspace-lookups.ts';
import { type SmtpReceiver, startSmtpReceiver } from './smtp-receiver.ts';

/** Outbound mail caught by a plain SMTP server standing in for the requester's mail provider. */
const { catcher: outbox, t } = mailingAppForFile();
const ws = workspaceForFile(t, 'Acme');
let receiver: SmtpReceiver;
let lead: TestClient;
let agent: TestClient;
let requesterEmail: string;
const ADDRESS = 'desk@threading.example';
const base = () => `/api/v1/w/${ws.slug}`;
const q = ownerQueries(t);

const sendIn = async (mail: Parameters<ReturnType<typeof nodemailer.createTransport>['sendMail']>[0]) => {
  const tr = nodemailer.createTransport({
    host: '127.0.0.1',
    port: receiver.port,
    secure: false,
    ignoreTLS: true,
  });
  try {
    return await tr.sendMail({ to: ADDRESS, from: requesterEmail, ...mail });
  } finally {
    tr.close();
  }
};

beforeAll(async () => {
  lead = await signedIn(t.app, ws.lead.email);
  agent = await signedIn(
    t.app,
    (await makeMember(t.database.db, ws, { party: 'internal', role: 'agent' })).email,
  );
  requesterEmail = (await makeMember(t.database.db, ws, { party: null, role: 'requester' })).email;
  const created = await lead.post(`${base()}/mail/channels`, {
    kind: 'smtp',
    name: 'Desk',
    addresses: [ADDRESS],
    catalogueItemId: await catalogueItemId(lead, ws, 'Something is not working'),
  });
  expect(created.statusCode, created.body).toBe(201);
  receiver = await startSmtpReceiver(t.database.db, t.jobs, {
    host: '127.0.0.1',
    port: 0,
    maxBytes: 1024 * 1024,
  });
});
afterAll(async () => {
  await receiver?.close();
});

describe('outbound threading', () => {
  it('a public reply mailed to the requester threads on their e-mail, and their answer lands back on the ticket', async () => {
    const first = await sendIn({ subject: 'Laptop will not boot', text: 'Black screen.' });
    const row = await waitFor(async () => {
      const [r] = await q<{ ticket_id: string | null; status: string }>(
        'select ticket_id, status from mail_messages where message_id = $1',
        [first.messageId],
      );
      return r?.status === 'ticket' ? r : undefined;
    });
    const [ticket] = await q<{ number: number; prefix: string }>(
      'select t.number, w.ticket_prefix as prefix from tickets t join workspaces w on w.id = t.workspace_id where t.id = $1',
      [row.ticket_id],
    );
    const key = `${ticket!.prefix}-${ticket!.number}`;
    const comment = await agent.post(`${base()}/tickets/${ticket!.number}/comments`, {
      body: 'Hold the power button for 30 seconds.',
      visibility: 'public',
    });
    expect(comment.statusCode, comment.body).toBe(201);
    const mailed = await waitFor(async () => {
      for (const { raw } of outbox.received) {
        const parsed = await simpleParser(raw);
        if (parsed.text?.includes('Hold the power button')) return parsed;
      }
      return undefined;
    });
    expect(mailed.subject).toContain(`[${key}]`);
    expect(mailed.messageId).toMatch(/@tandem\.test>$/);
    expect(mailed.inReplyTo).toBe(first.messageId);
    expect([mailed.references].flat()).toContain(first.messageId);

    // The requester answers from their mail client: In-Reply-To our Message-ID, quoted text below.
    const answer = await sendIn({
      subject: `Re: ${mailed.subject}`,
      inReplyTo: mailed.messageId,
      references: [first.messageId, mailed.messageId!],
      text: 'That worked, thank you!\n\n> Hold the power button for 30 seconds.\n',
    });
    const back = await waitFor(async () => {
      const [r] = await q<{ ticket_id: string; status: string; comment_id: string }>(
        'select ticket_id, status, comment_id from mail_messages where message_id = $1',
        [answer.messageId],
      );
      return r && r.status !== 'queued' ? r : undefined;
    });
    expect(back.status).toBe('comment');
    expect(back.ticket_id).toBe(row.ticket_id);
    const [body] = await q<{ body: string }>('select body from ticket_comments where id = $1', [
      back.comment_id,
    ]);
    expect(body!.body).toBe('That worked, thank you!');
  }, 90_000);
});
