import { describe, expect, it } from 'vitest';
import { TEST_PUBLIC_URL } from '../test/build-test-app.ts';
import { errorOf, TestClient } from '../test/client.ts';
import {
  makeAccount,
  makeMember,
  makeWorkspace,
  TEST_PASSWORD,
  type TestWorkspace,
} from '../test/factories.ts';
import {
  auditRows,
  bodyOf,
  clientsForFile,
  dataSnapshot,
  ownerQuery,
  refusedWithoutWrite,
} from '../test/tenancy-helpers.ts';

const { t, clients, db } = clientsForFile();
const invitationsUrl = (ws: TestWorkspace) => `/api/v1/w/${ws.slug}/invitations`;
const newEmail = () => `invitee-${Math.random().toString(36).slice(2, 10)}@example.test`;
type Invitation = { id: string; email: string; role: string; party: { id: string } | null; status: string };
type Created = { invitation: Invitation; inviteUrl: string };

async function invite(
  client: TestClient,
  ws: TestWorkspace,
  body: { email: string; role: string; partyId: string | null },
) {
  const response = await client.post(invitationsUrl(ws), body);
  expect(response.statusCode, response.body).toBe(201);
  const created = bodyOf<Created>(response);
  return { ...created, token: created.inviteUrl.split('/').pop()! };
}
const describeToken = (token: string) => t.app.inject({ method: 'GET', url: `/api/v1/invitations/${token}` });
const accept = (token: string, payload: Record<string, unknown>, remoteAddress = '127.0.0.1') =>
  t.app.inject({ method: 'POST', url: `/api/v1/invitations/${token}/accept`, payload, remoteAddress });

describe('POST /w/:ws/invitations', () => {
  it('refuses an anonymous caller (401)', async () => {
    const ws = await makeWorkspace(db());
    const response = await t.app.inject({
      method: 'POST',
      url: invitationsUrl(ws),
      payload: { email: newEmail(), role: 'requester', partyId: null },
    });
    expect(response.statusCode).toBe(401);
  });

  it.each([
    [
      'an address that is not an email',
      () => ({ email: 'nobody', role: 'requester', partyId: null }),
      'body.email',
    ],
    ['an unknown role', () => ({ email: newEmail(), role: 'owner', partyId: null }), 'body.role'],
    ['a missing partyId', () => ({ email: newEmail(), role: 'requester' }), 'body.partyId'],
    ['an unknown field', () => ({ email: newEmail(), role: 'requester', partyId: null, note: 'hi' }), 'body'],
    [
      'a requester with a partyId',
      (ws: TestWorkspace) => ({ email: newEmail(), role: 'requester', partyId: ws.internalPartyId }),
      'body.partyId',
    ],
    [
      'a staff role without a party',
      () => ({ email: newEmail(), role: 'agent', partyId: null }),
      'body.partyId',
    ],
    [
      'a party of another workspace',
      (_ws: TestWorkspace, other: TestWorkspace) => ({
        email: newEmail(),
        role: 'agent',
        partyId: other.providerPartyId,
      }),
      'body.partyId',
    ],
  ])('refuses %s (400 naming the field, no write)', async (_label, body, path) => {
    const ws = await makeWorkspace(db());
    const other = await makeWorkspace(db());
    const client = await clients.as(ws.lead.email);
    const response = await refusedWithoutWrite(
      t,
      () => client.post(invitationsUrl(ws), body(ws, other)),
      400,
    );
    expect((errorOf(response).details as { path: string }[])[0]!.path).toBe(path);
  });

  it.each([
    [
      'a provider lead inviting to the internal party',
      { party: 'provider', role: 'lead' },
      'internal',
      'agent',
    ],
    [
      'a provider lead inviting a lead of its own party',
      { party: 'provider', role: 'lead' },
      'provider',
      'lead',
    ],
    ['a provider lead inviting a requester', { party: 'provider', role: 'lead' }, null, 'requester'],
    ['an internal agent inviting an agent', { party: 'internal', role: 'agent' }, 'internal', 'agent'],
    ['an internal viewer inviting a requester', { party: 'internal', role: 'viewer' }, null, 'requester'],
    ['a provider agent inviting a requester', { party: 'provider', role: 'agent' }, null, 'requester'],
    ['a requester inviting a requester', { party: null, role: 'requester' }, null, 'requester'],
  ] as const)('refuses %s (403, no write)', async (_label, actorSpec, party, role) => {
    const ws = await makeWorkspace(db());
    const actor = await makeMember(db(), ws, actorSpec);
    const client = await clients.as(actor.email);
    const partyId =
      party === 'internal' ? ws.internalPartyId : party === 'provider' ? ws.providerPartyId : null;
    await refusedWithoutWrite(
      t,
      () => client.post(invitationsUrl(ws), { email: newEmail(), role, partyId }),
      403,
      'MEMBER_RIGHT_REQUIRED',
    );
  });

  it("answers 404 to another workspace's lead (no write)", async () => {
    const ws = await makeWorkspace(db());
    const other = await makeWorkspace(db());
    const client = await clients.as(other.lead.email);
    await refusedWithoutWrite(
      t,
      () => client.post(invitationsUrl(ws), { email: newEmail(), role: 'requester', partyId: null }),
      404,
    );
  });

  it('refuses inviting someone who is already a member, whatever the case of the address (409 ALREADY_A_MEMBER)', async () => {
    const ws = await makeWorkspace(db());
    const member = await makeMember(db(), ws, { party: null, role: 'requester' });
    const gone = await makeMember(db(), ws, { party: null, role: 'requester' });
    await ownerQuery(t, `update memberships set status = 'deactivated' where id = $1`, [gone.membershipId]);
    const client = await clients.as(ws.lead.email);
    const before = await dataSnapshot(t);
    const active = await client.post(invitationsUrl(ws), {
      email: member.email.toUpperCase(),
      role: 'requester',
      partyId: null,
    });
    expect(active.statusCode).toBe(409);
    expect(errorOf(active).code).toBe('ALREADY_A_MEMBER');
    const deactivated = await client.post(invitationsUrl(ws), {
      email: gone.email,
      role: 'requester',
      partyId: null,
    });
    expect(deactivated.statusCode).toBe(409);
    expect(errorOf(deactivated).message).toMatch(/reactivate/);
    expect(await dataSnapshot(t)).toEqual(before);
  });

  it.each([
    ['the internal lead inviting a provider lead', 'internal-lead', 'provider', 'lead'],
    ['the internal lead inviting an internal viewer', 'internal-lead', 'internal', 'viewer'],
    [
      'a provider lead inviting an agent of its own party',
      { party: 'provider', role: 'lead' },
      'provider',
      'agent',
    ],
    [
      'a provider lead inviting a viewer of its own party',
      { party: 'provider', role: 'lead' },
      'provider',
      'viewer',
    ],
    ['an internal agent inviting a requester', { party: 'internal', role: 'agent' }, null, 'requester'],
  ] as const)(
    'lets %s: a one-time link, audited without its secret (201)',
    async (_label, actorSpec, party, role) => {
      const ws = await makeWorkspace(db());
      const actor = actorSpec === 'internal-lead' ? ws.lead : await makeMember(db(), ws, actorSpec);
      const partyId =
        party === 'internal' ? ws.internalPartyId : party === 'provider' ? ws.providerPartyId : null;
      const email = newEmail();
      const { invitation, inviteUrl, token } = await invite(await clients.as(actor.email), ws, {
        email: email.toUpperCase(),
        role,
        partyId,
      });
      expect(invitation).toMatchObject({
        email,
        role,
        status: 'pending',
        party: partyId ? { id: partyId } : null,
      });
      expect(inviteUrl).toMatch(new RegExp(`^${TEST_PUBLIC_URL}/invite/[\\w-]{20,100}$`));

      const [row] = await ownerQuery<{ token_hash: string; invited_by_membership_id: string }>(
        t,
        'select * from invitations where id = $1',
        [invitation.id],
      );
      expect(row!.token_hash).not.toContain(token);
      expect(row!.invited_by_membership_id).toBe(actor.membershipId);
      const [event] = await auditRows(t, { workspaceId: ws.id, action: 'invitation.created' });
      expect(event).toMatchObject({ entity_id: invitation.id, actor_account_id: actor.accountId });
      expect(event!.after).toMatchObject({ email, role, partyId });
      expect(JSON.stringify(event)).not.toContain(token);
      expect(JSON.stringify(event)).not.toContain(row!.token_hash);
    },
  );

  it('replaces a pending invitation for the same address: the old link stops working and the revocation is audited', async () => {
    const ws = await makeWorkspace(db());
    const client = await clients.as(ws.lead.email);
    const email = newEmail();
    const first = await invite(client, ws, { email, role: 'requester', partyId: null });
    const second = await invite(client, ws, { email, role: 'requester', partyId: null });
    expect((await describeToken(first.token)).statusCode).toBe(404);
    expect((await describeToken(second.token)).statusCode).toBe(200);
    const listed = bodyOf<{ items: Invitation[] }>(await client.get(invitationsUrl(ws))).items;
    expect(listed.find((i) => i.id === first.invitation.id)?.status).toBe('revoked');
    const revoked = await auditRows(t, { workspaceId: ws.id, action: 'invitation.revoked' });
    expect(revoked.map((e) => e.entity_id)).toEqual([first.invitation.id]);
  });
});

describe('GET and DELETE /w/:ws/invitations', () => {
  it('lists invitations with their status to staff, not to requesters (403)', async () => {
    const ws = await makeWorkspace(db());
    const lead = await clients.as(ws.lead.email);
    const pending = await invite(lead, ws, { email: newEmail(), role: 'requester', partyId: null });
    const expired = await invite(lead, ws, { email: newEmail(), role: 'requester', partyId: null });
    await ownerQuery(t, `update invitations set expires_at = now() - interval '1 minute' where id = $1`, [
      expired.invitation.id,
    ]);
    const viewer = await makeMember(db(), ws, { party: 'provider', role: 'viewer' });
    const response = await (await clients.as(viewer.email)).get(invitationsUrl(ws));
    expect(response.statusCode).toBe(200);
    const items = bodyOf<{ items: (Invitation & { invitedBy: string })[] }>(response).items;
    expect(items.map((i) => [i.id, i.status]).sort()).toEqual(
      [
        [pending.invitation.id, 'pending'],
        [expired.invitation.id, 'expired'],
      ].sort(),
    );
    expect(items[0]!.invitedBy).toBe('Test Co Lead');
    const requester = await makeMember(db(), ws, { party: null, role: 'requester' });
    expect((await (await clients.as(requester.email)).get(invitationsUrl(ws))).statusCode).toBe(403);
  });

  it('lets the internal lead revoke a pending invitation: the link answers 404 (204, audited)', async () => {
    const ws = await makeWorkspace(db());
    const lead = await clients.as(ws.lead.email);
    const { invitation, token } = await invite(lead, ws, {
      email: newEmail(),
      role: 'agent',
      partyId: ws.providerPartyId,
    });
    const response = await lead.delete(`${invitationsUrl(ws)}/${invitation.id}`);
    expect(response.statusCode).toBe(204);
    expect((await describeToken(token)).statusCode).toBe(404);
    expect((await accept(token, { name: 'Late', password: TEST_PASSWORD })).statusCode).toBe(404);
    const [event] = await auditRows(t, { workspaceId: ws.id, action: 'invitation.revoked' });
    expect(event).toMatchObject({ entity_id: invitation.id, actor_account_id: ws.lead.accountId });
    const again = await lead.delete(`${invitationsUrl(ws)}/${invitation.id}`);
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).code).toBe('INVITATION_NOT_PENDING');
  });

  it('refuses a provider lead revoking an invitation to the internal party (403, no write)', async () => {
    const ws = await makeWorkspace(db());
    const { invitation } = await invite(await clients.as(ws.lead.email), ws, {
      email: newEmail(),
      role: 'agent',
      partyId: ws.internalPartyId,
    });
    const providerLead = await makeMember(db(), ws, { party: 'provider', role: 'lead' });
    const client = await clients.as(providerLead.email);
    await refusedWithoutWrite(t, () => client.delete(`${invitationsUrl(ws)}/${invitation.id}`), 403);
  });

  it("answers 404 for another workspace's invitation named under my workspace's address (no write)", async () => {
    const ws = await makeWorkspace(db());
    const other = await makeWorkspace(db());
    const { invitation, token } = await invite(await clients.as(other.lead.email), other, {
      email: newEmail(),
      role: 'requester',
      partyId: null,
    });
    const client = await clients.as(ws.lead.email);
    await refusedWithoutWrite(t, () => client.delete(`${invitationsUrl(ws)}/${invitation.id}`), 404);
    expect((await describeToken(token)).statusCode).toBe(200);
  });
});

describe('the invitation link (public)', () => {
  it('refuses a malformed token (400) and answers 404 for an unknown one', async () => {
    expect((await describeToken('short')).statusCode).toBe(400);
    expect((await describeToken('a'.repeat(43))).statusCode).toBe(404);
    expect((await accept('a'.repeat(43), { name: 'X', password: TEST_PASSWORD })).statusCode).toBe(404);
  });

  it('describes a pending invitation without signing anyone in', async () => {
    const ws = await makeWorkspace(db(), 'Describe Co');
    const email = newEmail();
    const { token } = await invite(await clients.as(ws.lead.email), ws, {
      email,
      role: 'viewer',
      partyId: ws.providerPartyId,
    });
    const response = await describeToken(token);
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({
      invitation: {
        email,
        workspaceName: 'Describe Co',
        partyName: 'Provider Ltd',
        role: 'viewer',
        expiresAt: expect.any(String),
      },
    });
    expect(response.cookies).toEqual([]);
  });

  it('signs in a new account with name and password and makes it a member with the invited party and role; a second use answers 404', async () => {
    const ws = await makeWorkspace(db());
    const email = newEmail();
    const { token, invitation } = await invite(await clients.as(ws.lead.email), ws, {
      email,
      role: 'agent',
      partyId: ws.providerPartyId,
    });
    const response = await accept(token, { name: '  Ada Lovelace ', password: TEST_PASSWORD });
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toMatchObject({
      session: { mfaState: 'enrolment_required' },
      csrfToken: expect.any(String),
    });
    const me = new TestClient(t.app);
    me.adopt(response);
    const meResponse = await me.get('/api/v1/me');
    expect(meResponse.statusCode).toBe(200);
    expect(bodyOf(meResponse)).toMatchObject({
      account: { email, name: 'Ada Lovelace' },
      memberships: [
        { role: 'agent', workspace: { id: ws.id }, party: { id: ws.providerPartyId, kind: 'provider' } },
      ],
    });
    // A provider engineer must set up two-step sign-in before reaching the workspace.
    expect(errorOf(await me.get(`/api/v1/w/${ws.slug}`)).code).toBe('MFA_ENROLMENT_REQUIRED');

    const [joined] = await auditRows(t, { workspaceId: ws.id, action: 'member.joined' });
    expect(joined!.after).toMatchObject({
      email,
      role: 'agent',
      partyId: ws.providerPartyId,
      invitationId: invitation.id,
    });
    expect((await accept(token, { name: 'Ada Again', password: TEST_PASSWORD })).statusCode).toBe(404);
    expect((await describeToken(token)).statusCode).toBe(404);
  });

  it.each([['with a short password', { name: 'Short', password: 'short' }, 'body.password']])(
    'refuses a new account %s (400, no account or membership)',
    async (_label, payload, path) => {
      const ws = await makeWorkspace(db());
      const { token } = await invite(await clients.as(ws.lead.email), ws, {
        email: newEmail(),
        role: 'requester',
        partyId: null,
      });
      const response = await refusedWithoutWrite(t, () => accept(token, payload), 400);
      expect((errorOf(response).details as { path: string }[])[0]!.path).toBe(path);
      expect((await describeToken(token)).statusCode).toBe(200);
    },
  );

  it('makes an existing account prove its current password (401 with a wrong one, then 200)', async () => {
    const ws = await makeWorkspace(db());
    const existing = await makeAccount(db(), { name: 'Existing Person' });
    const { token } = await invite(await clients.as(ws.lead.email), ws, {
      email: existing.email,
      role: 'requester',
      partyId: null,
    });
    const before = await dataSnapshot(t);
    const wrong = await accept(token, { name: 'Impostor', password: 'not the password at all' });
    expect(wrong.statusCode).toBe(401);
    expect(errorOf(wrong).code).toBe('INVALID_CREDENTIALS');
    // Only the failed attempt is recorded (for throttling): no account, membership or invitation change.
    const { login_failures: failuresAfter, ...afterWrong } = await dataSnapshot(t);
    const { login_failures: failuresBefore, ...beforeWrong } = before;
    expect(afterWrong).toEqual(beforeWrong);
    expect(failuresAfter).not.toBe(failuresBefore);

    const right = await accept(token, { password: TEST_PASSWORD });
    expect(right.statusCode).toBe(200);
    const rows = await ownerQuery<{ role: string; party_id: string | null }>(
      t,
      'select role, party_id from memberships where workspace_id = $1 and account_id = $2',
      [ws.id, existing.id],
    );
    expect(rows).toEqual([{ role: 'requester', party_id: null }]);
    const [account] = await ownerQuery<{ name: string }>(t, 'select name from accounts where id = $1', [
      existing.id,
    ]);
    expect(account!.name).toBe('Existing Person');
  });

  it('throttles password guesses against an existing account through its invitation (429 after five from one address), never its owner elsewhere', async () => {
    const ws = await makeWorkspace(db());
    const existing = await makeAccount(db());
    const { token } = await invite(await clients.as(ws.lead.email), ws, {
      email: existing.email,
      role: 'requester',
      partyId: null,
    });
    const guesser = '10.252.0.1';
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await accept(token, { password: `guess number ${i} wrong` }, guesser)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // The right password is refused too from that address, so guessing cannot go on…
    expect((await accept(token, { password: TEST_PASSWORD }, guesser)).statusCode).toBe(429);
    // …but the owner signs in from elsewhere while the guesser is throttled,
    const owner = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: existing.email, password: TEST_PASSWORD },
      remoteAddress: '10.252.0.2',
    });
    expect(owner.statusCode).toBe(200);
    // and accepts the invitation from there too.
    expect((await accept(token, { password: TEST_PASSWORD }, '10.252.0.3')).statusCode).toBe(200);
  });

  it('gives no sign of whether the address has an account: same description, same refusals, same throttling, similar timing', async () => {
    const ws = await makeWorkspace(db());
    const lead = await clients.as(ws.lead.email);
    const existing = await makeAccount(db());
    const withAccount = await invite(lead, ws, { email: existing.email, role: 'requester', partyId: null });
    const withoutAccount = await invite(lead, ws, { email: newEmail(), role: 'requester', partyId: null });
    const shape = (body: unknown) => {
      const { invitation } = body as { invitation: Record<string, unknown> };
      return Object.keys(invitation).sort();
    };
    expect(shape(bodyOf(await describeToken(withAccount.token)))).toEqual(
      shape(bodyOf(await describeToken(withoutAccount.token))),
    );
    expect(
      bodyOf<{ invitation: object }>(await describeToken(withAccount.token)).invitation,
    ).not.toHaveProperty('accountExists');

    /** Status, code and message of each answer, and how long each took (ms). */
    async function attempts(token: string, address: string) {
      const answers: string[] = [];
      const times: number[] = [];
      const tries: Record<string, unknown>[] = [
        { password: 'a wrong password' },
        { name: 'Guesser', password: 'short' },
        { password: 'another wrong password' },
        { password: 'yet another wrong one' },
        { password: 'still wrong, fourth' },
        { password: 'still wrong, fifth' },
        { password: 'now throttled' },
      ];
      for (const payload of tries) {
        const started = performance.now();
        const response = await accept(token, payload, address);
        times.push(performance.now() - started);
        const error = errorOf(response);
        // The throttle's "try again in 900 seconds" may tick to 899 between the two runs.
        answers.push(
          `${response.statusCode} ${error.code} ${error.message.replace(/in \d+ seconds\./, 'in N seconds.')}`,
        );
      }
      return { answers, times };
    }
    const a = await attempts(withAccount.token, '10.252.1.1');
    const b = await attempts(withoutAccount.token, '10.252.1.2');
    expect(a.answers).toEqual(b.answers);
    expect(a.answers.map((answer) => answer.slice(0, 3))).toEqual([
      '401',
      '400',
      '401',
      '401',
      '401',
      '401',
      '429',
    ]);
    // Both refusals of a password check one hash (argon2id), so neither answers much faster.
    const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
    const checked = [0, 2, 3, 4, 5];
    const ratio = median(checked.map((i) => a.times[i]!)) / median(checked.map((i) => b.times[i]!));
    expect(ratio).toBeGreaterThan(1 / 3);
    expect(ratio).toBeLessThan(3);
  });

  it('answers 404 to an expired link, for describing and accepting (no write)', async () => {
    const ws = await makeWorkspace(db());
    const { token, invitation } = await invite(await clients.as(ws.lead.email), ws, {
      email: newEmail(),
      role: 'requester',
      partyId: null,
    });
    await ownerQuery(t, `update invitations set expires_at = now() - interval '1 second' where id = $1`, [
      invitation.id,
    ]);
    const before = await dataSnapshot(t);
    expect((await describeToken(token)).statusCode).toBe(404);
    expect((await accept(token, { name: 'Too Late', password: TEST_PASSWORD })).statusCode).toBe(404);
    expect(await dataSnapshot(t)).toEqual(before);
  });
});
