import { beforeAll, describe, expect, it } from 'vitest';
import { withScopedTx } from '../db/tenant.ts';
import { signedIn, type TestClient } from '../test/client.ts';
import { makeMember } from '../test/factories.ts';
import { mailingAppForFile, workspaceForFile } from '../test/file-setup.ts';
import { waitFor } from '../test/wait-for.ts';
import { catalogueItemId } from '../test/workspace-lookups.ts';
import { notify } from './notify.ts';

const { catcher, t } = mailingAppForFile({
  jobs: { policies: { 'notifications.email': { retryDelay: 1, retryDelayMax: 1, retryLimit: 20 } } },
});
const { received } = catcher;
const ws = workspaceForFile(t, 'Acme');
let lead: TestClient;
let agent: TestClient;
let requesterEmail: string;
let requester: TestClient;
let itemId: string;

const base = () => `/api/v1/w/${ws.slug}`;
const unfold = (body: string) => body.replace(/=\r?\n/g, '');

beforeAll(async () => {
  const a = await makeMember(t.database.db, ws, { party: 'internal', role: 'agent' });
  const r = await makeMember(t.database.db, ws, { party: null, role: 'requester' });
  requesterEmail = r.email;
  lead = await signedIn(t.app, ws.lead.email);
  agent = await signedIn(t.app, a.email);
  requester = await signedIn(t.app, r.email);
  itemId = await catalogueItemId(requester, ws, 'New or replacement device');
});

describe('notification e-mail through SMTP', () => {
  it('e-mails a public reply to the requester once, with the link, and logs it as sent', async () => {
    const { number, key } = (
      await requester.post(`${base()}/tickets`, {
        catalogueItemId: itemId,
        subject: 'VPN drops',
        fieldValues: { device: 'Laptop' },
      })
    ).json().ticket;
    await agent.post(`${base()}/tickets/${number}/comments`, {
      body: 'Try the new profile',
      visibility: 'public',
    });
    const mail = await waitFor(() => received.find((m) => m.to.includes(requesterEmail)));
    expect(unfold(mail.body)).toContain(`New reply: ${key} VPN drops`);
    expect(unfold(mail.body)).toContain('Try the new profile');
    expect(unfold(mail.body)).toContain(`http://tandem.test/w/${ws.slug}/tickets/${key}`);
    const log = (await lead.get(`${base()}/notification-deliveries`)).json().items;
    await waitFor(async () =>
      (
        (await lead.get(`${base()}/notification-deliveries`)).json().items as { to: string; status: string }[]
      ).some((d) => d.to === requesterEmail && d.status === 'sent'),
    );
    expect(log.length).toBeGreaterThan(0);
    // Whatever is still queued runs now: the requester still has exactly one mail.
    await t.drainJobs();
    expect(received.filter((m) => m.to.includes(requesterEmail))).toHaveLength(1);
  });

  it('queues mail while the SMTP server is down, shows the failure in the log and sends it once it is back', async () => {
    await catcher.stop();
    const before = received.length;
    const { number } = (
      await requester.post(`${base()}/tickets`, {
        catalogueItemId: itemId,
        subject: 'Printer offline',
        fieldValues: { device: 'Other' },
      })
    ).json().ticket;
    await agent.post(`${base()}/tickets/${number}/comments`, { body: 'Looking at it', visibility: 'public' });
    await waitFor(async () =>
      (
        (await lead.get(`${base()}/notification-deliveries`)).json().items as {
          to: string;
          status: string;
          lastError: string | null;
        }[]
      ).some((d) => d.to === requesterEmail && d.status === 'retrying' && d.lastError !== null),
    );
    expect(received.length).toBe(before);
    // Back on the same port: the queued mail goes out on a retry.
    await catcher.start(catcher.port);
    await waitFor(() =>
      received.some((m) => m.to.includes(requesterEmail) && unfold(m.body).includes('Looking at it')),
    );
    await waitFor(async () =>
      (
        (await lead.get(`${base()}/notification-deliveries`)).json().items as {
          to: string;
          status: string;
          attempts: number;
        }[]
      ).some((d) => d.to === requesterEmail && d.status === 'sent' && d.attempts > 1),
    );
  });

  it('keeps digest items for one daily e-mail instead of mailing each', async () => {
    const newcomer = await makeMember(t.database.db, ws, { party: 'internal', role: 'agent' });
    const client = await signedIn(t.app, newcomer.email);
    const saved = await client.patch(`${base()}/notification-preferences`, {
      events: [{ event: 'ticket.created', inApp: true, email: 'digest' }],
      digestHour: 6,
    });
    expect(saved.statusCode).toBe(200);
    const { membershipId } = newcomer;
    const digestEmail = newcomer.email;
    for (const subject of ['Keyboard sticky', 'Headset crackles']) {
      await requester.post(`${base()}/tickets`, {
        catalogueItemId: itemId,
        subject,
        fieldValues: { device: 'Other' },
      });
    }
    await waitFor(
      async () =>
        (
          await t.database.unsafeOwnerQuery<{ n: number }>(
            `select count(*)::int as n from notification_deliveries where membership_id = $1 and status = 'digest_pending'`,
            [membershipId],
          )
        )[0]!.n >= 2,
    );
    const jobs = await t.database.unsafeOwnerQuery<{ n: number; start_after: Date }>(
      `select count(*)::int as n, min(start_after) as start_after from pgboss.job where name = 'notifications.digest' and data->>'membershipId' = $1`,
      [membershipId],
    );
    expect(jobs[0]!.n).toBe(1);
    expect(new Date(jobs[0]!.start_after).getUTCHours()).toBe(6);
    expect(
      received.some((m) => m.to.includes(digestEmail) && unfold(m.body).includes('Keyboard sticky')),
    ).toBe(false);

    // Run the digest now instead of waiting for 06:00.
    await t.database.unsafeOwnerQuery(
      `update pgboss.job set start_after = now() where name = 'notifications.digest' and data->>'membershipId' = $1`,
      [membershipId],
    );
    const digestMail = await waitFor(() =>
      received.find((m) => m.to.includes(digestEmail) && unfold(m.body).includes('daily digest')),
    );
    const digest = unfold(digestMail.body);
    expect(digest).toContain('Keyboard sticky');
    expect(digest).toContain('Headset crackles');
  });

  it('sends nothing for an event whose transaction rolls back', async () => {
    const before = received.length;
    await expect(
      withScopedTx(t.database.db, { workspaceId: ws.id, accountId: null }, async (tx) => {
        await notify(
          tx,
          { workspaceId: ws.id, jobs: t.jobs },
          {
            event: 'sla.breached',
            recipients: [{ partyKind: 'internal' }],
            subject: 'Never',
            dedupeKey: 'rolled-back',
          },
        );
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(
      (
        await t.database.unsafeOwnerQuery<{ n: number }>(
          `select count(*)::int as n from notifications where dedupe_key = 'rolled-back'`,
        )
      )[0]!.n,
    ).toBe(0);
    // The dispatch job rolled back with the notification: draining runs nothing that mails.
    await t.drainJobs();
    expect(received.length).toBe(before);
  });
});
