import { beforeAll, describe, expect, it } from 'vitest';
import { signedIn, type TestClient } from '../test/client.ts';
import { mailingAppForFile, workspaceForFile } from '../test/file-setup.ts';
import { waitFor } from '../test/wait-for.ts';

const { catcher, t } = mailingAppForFile();
const { received } = catcher;
const ws = workspaceForFile(t, 'Acme');
let lead: TestClient;
beforeAll(async () => {
  lead = await signedIn(t.app, ws.lead.email);
});

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
    const mail = await waitFor(() => received.find((m) => m.to.includes('new.person@acme.test')));
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
    const mail = await waitFor(() => received.find((m) => m.to.includes('sealed.person@acme.test')));
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
