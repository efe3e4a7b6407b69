import { describe, expect, it } from 'vitest';
import { bearer, clientAt, sessionIdOf, writeCounts } from '../test/accounts-helpers.ts';
import { errorOf } from '../test/client.ts';
import { addMembership, makeMember, makeWorkspace, TEST_PASSWORD } from '../test/factories.ts';
import { testAppForFile, workspaceForFile } from '../test/file-setup.ts';
import { auditRows } from '../test/tenancy-helpers.ts';

const t = testAppForFile();
const ws = workspaceForFile(t, 'Acme');

// Internal agents need no MFA, so one account can hold several signed-in sessions.
const agent = () => makeMember(t.database.db, ws, { party: 'internal', role: 'agent' });
async function twoSessions() {
  const person = await agent();
  const a = clientAt(t.app);
  const b = clientAt(t.app);
  await a.login(person.email);
  await b
    .request(
      'POST',
      '/api/v1/auth/login',
      { email: person.email, password: TEST_PASSWORD },
      { 'user-agent': 'phone/1.0' },
    )
    .then((r) => b.adopt(r));
  return { person, a, b, aId: await sessionIdOf(t, a), bId: await sessionIdOf(t, b) };
}
const NEW_PASSWORD = 'a brand new passphrase 42';

describe('GET /api/v1/me', () => {
  it('refuses without a session (401 UNAUTHENTICATED)', async () => {
    const response = await clientAt(t.app).get('/api/v1/me');
    expect([response.statusCode, errorOf(response).code]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('refuses an unknown cookie (401) and clears it', async () => {
    const client = clientAt(t.app);
    client.cookie = 'tandem_session=not-a-real-session';
    const response = await client.get('/api/v1/me');
    expect(response.statusCode).toBe(401);
    expect(response.cookies.find((c) => c.name === 'tandem_session')?.value).toBe('');
  });

  it('describes the account, the session, the CSRF token and active memberships (sorted by workspace name)', async () => {
    const person = await agent();
    const other = await makeWorkspace(t.database.db, 'Zulu Corp');
    await addMembership(t.database.db, other, person.accountId, { party: null, role: 'requester' });
    const gone = await makeWorkspace(t.database.db, 'Beta Ltd');
    const left = await addMembership(t.database.db, gone, person.accountId, {
      party: 'internal',
      role: 'viewer',
    });
    await t.database.unsafeOwnerQuery("update memberships set status = 'deactivated' where id = $1", [
      left.id,
    ]);

    const client = clientAt(t.app);
    const login = await client.login(person.email);
    const response = await client.get('/api/v1/me');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      account: {
        id: person.accountId,
        email: person.email,
        name: expect.any(String),
        isAdmin: false,
        mfaEnrolled: false,
        mfaRequired: false,
      },
      session: { mfaState: 'not_required', expiresAt: login.json().session.expiresAt },
      csrfToken: login.json().csrfToken,
      memberships: [
        {
          id: person.membershipId,
          role: 'agent',
          workspace: { id: ws.id, slug: ws.slug, name: 'Acme' },
          party: { id: ws.internalPartyId, name: 'Acme IT', kind: 'internal' },
        },
        {
          id: expect.any(String),
          role: 'requester',
          workspace: { id: other.id, slug: other.slug, name: 'Zulu Corp' },
          party: null,
        },
      ],
    });
  });
});

describe('GET /api/v1/account/sessions', () => {
  it('lists the live sessions of the account and marks the current one', async () => {
    const { a, b, aId, bId } = await twoSessions();
    const fromA = (await a.get('/api/v1/account/sessions')).json().items;
    expect(fromA).toHaveLength(2);
    expect(fromA).toEqual(
      expect.arrayContaining([
        {
          id: aId,
          current: true,
          createdAt: expect.any(String),
          lastSeenAt: expect.any(String),
          ip: a.ip,
          userAgent: 'lightMyRequest',
        },
        {
          id: bId,
          current: false,
          createdAt: expect.any(String),
          lastSeenAt: expect.any(String),
          ip: b.ip,
          userAgent: 'phone/1.0',
        },
      ]),
    );
    const fromB = (await b.get('/api/v1/account/sessions')).json().items;
    expect(fromB.find((s: { current: boolean }) => s.current).id).toBe(bId);
  });

  it('leaves out ended sessions and sessions of other accounts', async () => {
    const { a, b, aId } = await twoSessions();
    const stranger = clientAt(t.app);
    await stranger.login((await agent()).email);
    await b.post('/api/v1/auth/logout');
    const items = (await a.get('/api/v1/account/sessions')).json().items;
    expect(items.map((s: { id: string }) => s.id)).toEqual([aId]);
  });
});

describe('DELETE /api/v1/account/sessions/:id', () => {
  it('refuses without a session (401)', async () => {
    const response = await clientAt(t.app).delete(
      '/api/v1/account/sessions/00000000-0000-4000-8000-000000000000',
    );
    expect(response.statusCode).toBe(401);
  });

  it('refuses an id that is not a UUID (400 naming params.id)', async () => {
    const { a } = await twoSessions();
    const response = await a.delete('/api/v1/account/sessions/123');
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).details).toEqual([{ path: 'params.id', message: expect.any(String) }]);
  });

  it("refuses another account's session (404, that session keeps working, nothing written)", async () => {
    const { a } = await twoSessions();
    const other = await twoSessions();
    const before = await writeCounts(t);
    const response = await a.delete(`/api/v1/account/sessions/${other.aId}`);
    expect([response.statusCode, errorOf(response).code]).toEqual([404, 'NOT_FOUND']);
    expect(await writeCounts(t)).toEqual(before);
    expect((await other.a.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('refuses without X-CSRF-Token (403, the other session keeps working)', async () => {
    const { a, b, bId } = await twoSessions();
    a.csrfToken = null;
    const response = await a.delete(`/api/v1/account/sessions/${bId}`);
    expect([response.statusCode, errorOf(response).code]).toEqual([403, 'CSRF_TOKEN_INVALID']);
    expect((await b.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('ends another session of the account: 204, that cookie answers 401, this one still works, audit row', async () => {
    const { person, a, b, bId } = await twoSessions();
    const response = await a.delete(`/api/v1/account/sessions/${bId}`);
    expect(response.statusCode).toBe(204);
    expect(errorOf(await b.get('/api/v1/me')).code).toBe('UNAUTHENTICATED');
    expect((await a.get('/api/v1/me')).statusCode).toBe(200);
    expect(await auditRows(t, { action: 'session.revoked', entityId: bId })).toEqual([
      expect.objectContaining({
        actor_account_id: person.accountId,
        entity_type: 'session',
        workspace_id: null,
      }),
    ]);
    // Ending it again finds nothing to end.
    expect((await a.delete(`/api/v1/account/sessions/${bId}`)).statusCode).toBe(404);
  });
});

describe('POST /api/v1/auth/logout-everywhere', () => {
  it('refuses without a session (401)', async () => {
    expect((await clientAt(t.app).post('/api/v1/auth/logout-everywhere')).statusCode).toBe(401);
  });

  it("ends every session and API token of the account (204, audit row), and no one else's", async () => {
    const { person, a, b } = await twoSessions();
    const created = await a.post(`/api/v1/w/${ws.slug}/tokens`, {
      name: 'ci',
      scopes: ['read'],
      expiresInDays: 30,
    });
    expect(created.statusCode).toBe(201);
    const secret = created.json().secret as string;
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/w/${ws.slug}`, headers: bearer(secret) }))
        .statusCode,
    ).toBe(200);
    const bystander = await twoSessions();

    const response = await a.post('/api/v1/auth/logout-everywhere');
    expect(response.statusCode).toBe(204);
    expect(response.cookies.find((c) => c.name === 'tandem_session')?.value).toBe('');
    expect(errorOf(await a.get('/api/v1/me')).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await b.get('/api/v1/me')).code).toBe('UNAUTHENTICATED');
    const withToken = await t.app.inject({
      method: 'GET',
      url: `/api/v1/w/${ws.slug}`,
      headers: bearer(secret),
    });
    expect([withToken.statusCode, errorOf(withToken).code]).toEqual([401, 'INVALID_TOKEN']);
    expect((await bystander.a.get('/api/v1/me')).statusCode).toBe(200);

    expect(
      await auditRows(t, { action: 'account.signed_out_everywhere', entityId: person.accountId }),
    ).toEqual([
      expect.objectContaining({ actor_account_id: person.accountId, after: { sessions: 2, tokens: 1 } }),
    ]);
  });
});

describe('POST /api/v1/account/password', () => {
  const PASSWORD = '/api/v1/account/password';

  it('refuses without a session (401)', async () => {
    const response = await clientAt(t.app).post(PASSWORD, {
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(response.statusCode).toBe(401);
  });

  it.each([
    [
      'a too short new password',
      { currentPassword: TEST_PASSWORD, newPassword: 'short' },
      'body.newPassword',
      /at least 12 characters/,
    ],
    [
      'a too long new password',
      { currentPassword: TEST_PASSWORD, newPassword: 'x'.repeat(257) },
      'body.newPassword',
      /at most 256/,
    ],
    ['a missing new password', { currentPassword: TEST_PASSWORD }, 'body.newPassword', /^is required$/],
    [
      'an empty current password',
      { currentPassword: '', newPassword: NEW_PASSWORD },
      'body.currentPassword',
      /^must not be empty$/,
    ],
    [
      'a wrong current password',
      { currentPassword: 'not my password!', newPassword: NEW_PASSWORD },
      'body.currentPassword',
      /not right/,
    ],
    [
      'the same password again',
      { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD },
      'body.newPassword',
      /must differ/,
    ],
    [
      'an unknown field',
      { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, force: true },
      'body',
      /"force"/,
    ],
  ])('refuses %s (400 naming the field, nothing changes)', async (_name, payload, path, message) => {
    const { person, a, b } = await twoSessions();
    const before = await writeCounts(t);
    const response = await a.post(PASSWORD, payload);
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('VALIDATION_FAILED');
    expect(errorOf(response).details).toContainEqual({ path, message: expect.stringMatching(message) });
    expect(await writeCounts(t)).toEqual(before);
    expect((await b.get('/api/v1/me')).statusCode).toBe(200);
    expect((await clientAt(t.app).login(person.email)).statusCode).toBe(200);
  });

  it('changes the password: 204, other sessions end, this one stays, the old password no longer signs in, audit row', async () => {
    const { person, a, b, aId } = await twoSessions();
    const response = await a.post(PASSWORD, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(response.statusCode).toBe(204);
    expect((await a.get('/api/v1/me')).statusCode).toBe(200);
    expect(errorOf(await b.get('/api/v1/me')).code).toBe('UNAUTHENTICATED');
    expect((await a.get('/api/v1/account/sessions')).json().items.map((s: { id: string }) => s.id)).toEqual([
      aId,
    ]);

    const old = await clientAt(t.app).login(person.email, TEST_PASSWORD);
    expect([old.statusCode, errorOf(old).code]).toEqual([401, 'INVALID_CREDENTIALS']);
    expect((await clientAt(t.app).login(person.email, NEW_PASSWORD)).statusCode).toBe(200);

    expect(await auditRows(t, { action: 'account.password_changed', entityId: person.accountId })).toEqual([
      expect.objectContaining({
        actor_account_id: person.accountId,
        entity_type: 'account',
        before: null,
        after: null,
      }),
    ]);
    const [row] = await t.database.unsafeOwnerQuery<{ password_hash: string }>(
      'select password_hash from accounts where id = $1',
      [person.accountId],
    );
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
    expect(row?.password_hash).not.toContain(NEW_PASSWORD);
  });
});
