import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../test/build-test-app.ts';
import { signedIn, type TestClient } from '../test/client.ts';
import { makeWorkspace, type TestWorkspace } from '../test/factories.ts';

type Received = { from: string; to: string[]; body: string };
let t: TestApp;
let ws: TestWorkspace;
let lead: TestClient;
let smtp: SMTPServer;
let smtpPort = 0;
const received: Received[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let body = '';
      stream.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          body,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  smtpPort = (smtp.server.address() as { port: number }).port;
  t = await buildTestApp({
    mail: { smtpUrl: `smtp://127.0.0.1:${smtpPort}`, from: 'Tandem <tandem@acme.test>' },
  });
  ws = await makeWorkspace(t.database.db, 'Acme');
  lead = await signedIn(t.app, ws.lead.email);
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const waitFor = async (check: () => boolean, ms = 15_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('invitation e-mail', () => {
  it('e-mails the one-time link through SMTP once the invitation commits', async () => {
    const response = await lead.post(`/api/v1/w/${ws.slug}/invitations`, {
      email: 'new.person@acme.test',
      role: 'requester',
      partyId: null,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().emailed).toBe(true);
    const link = response.json().inviteUrl as string;
    await waitFor(() => received.some((m) => m.to.includes('new.person@acme.test')));
    const mail = received.find((m) => m.to.includes('new.person@acme.test'))!;
    expect(mail.from).toBe('tandem@acme.test');
    expect(mail.body.replace(/=\r?\n/g, '')).toContain(link);
    expect(mail.body).toContain('Acme');
  });

  // Defect 6: the one-time link sat in plain text in the mail job's payload.
  it('keeps the one-time link out of the job table (the queued text is sealed)', async () => {
    const response = await lead.post(`/api/v1/w/${ws.slug}/invitations`, {
      email: 'sealed.person@acme.test',
      role: 'requester',
      partyId: null,
    });
    expect(response.statusCode).toBe(201);
    const token = (response.json().inviteUrl as string).split('/').pop()!;
    expect(token.length).toBeGreaterThan(20);
    const rows = async () =>
      t.database.unsafeOwnerQuery<{ id: string; row: string }>(
        `select id::text, row_to_json(j)::text as row from pgboss.job j where name = 'mail.send'`,
      );
    const queued = await rows();
    expect(queued.length).toBeGreaterThan(0);
    for (const { row } of queued) expect(row).not.toContain(token);
    // Sent afterwards from the sealed text, and the finished job still holds no link.
    await waitFor(() => received.some((m) => m.to.includes('sealed.person@acme.test')));
    const mail = received.find((m) => m.to.includes('sealed.person@acme.test'))!;
    expect(mail.body.replace(/=\r?\n/g, '')).toContain(token);
    for (const { row } of await rows()) expect(row).not.toContain(token);
    const [archived] = await t.database.unsafeOwnerQuery<{ n: number }>(
      `select count(*)::int as n from pgboss.job j where row_to_json(j)::text like $1`,
      [`%${token}%`],
    );
    expect(archived!.n).toBe(0);
  });

  it('sends nothing for a refused invitation (the job is part of the transaction)', async () => {
    const before = received.length;
    const jobsBefore = (
      await t.database.unsafeOwnerQuery<{ n: number }>(
        `select count(*)::int as n from pgboss.job where name = 'mail.send'`,
      )
    )[0]!.n;
    const refused = await lead.post(`/api/v1/w/${ws.slug}/invitations`, {
      email: ws.lead.email,
      role: 'requester',
      partyId: null,
    });
    expect(refused.statusCode).toBe(409);
    const [row] = await t.database.unsafeOwnerQuery<{ n: number }>(
      `select count(*)::int as n from pgboss.job where name = 'mail.send'`,
    );
    expect(row!.n).toBe(jobsBefore);
    await t.drainJobs();
    expect(received.length).toBe(before);
  });
});
