import { describe, expect, it } from 'vitest';
import { sha256 } from '../crypto/secrets.ts';
import { clientAt, sessionIdOf, writeCounts } from '../test/accounts-helpers.ts';
import { errorOf } from '../test/client.ts';
import { makeMember, TEST_PASSWORD } from '../test/factories.ts';
import { testAppForFile, workspaceForFile } from '../test/file-setup.ts';
import { auditRows, countRows } from '../test/tenancy-helpers.ts';

const t = testAppForFile();
const ws = workspaceForFile(t);

const agent = () => makeMember(t.database.db, ws, { party: 'internal', role: 'agent' });
const LOGIN = '/api/v1/auth/login';

describe('POST /api/v1/auth/login', () => {
  it('signs in with the right password: 200, session, csrfToken, httpOnly SameSite=Lax cookie, audit row', async () => {
    const person = await agent();
    const client = clientAt(t.app);
    const response = await client.login(person.email);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      session: { mfaState: 'not_required', expiresAt: expect.any(String) },
      csrfToken: expect.any(String),
    });
    const cookie = response.cookies.find((c) => c.name === 'tandem_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy(); // the test public URL is http://
    expect(cookie?.value.length).toBeGreaterThanOrEqual(43);

    // Only the digest of the cookie value is stored.
    const sessionId = await sessionIdOf(t, client);
    const [stored] = await t.database.unsafeOwnerQuery<{ token_hash: string; csrf_token: string }>(
      'select token_hash, csrf_token from sessions where id = $1',
      [sessionId],
    );
    expect(stored?.token_hash).toBe(sha256(cookie!.value));
    expect(stored?.csrf_token).toBe(body.csrfToken);

    const audit = await auditRows(t, { action: 'account.signed_in', actorAccountId: person.accountId });
    expect(audit).toEqual([
      expect.objectContaining({
        entity_type: 'session',
        entity_id: sessionId,
        workspace_id: null,
        ip: client.ip,
      }),
    ]);
    expect((await client.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('accepts the email in any case and with surrounding spaces', async () => {
    const person = await agent();
    const response = await clientAt(t.app).login(`  ${person.email.toUpperCase()} `);
    expect(response.statusCode).toBe(200);
  });

  it('answers an empty sign-in form with a human message per field, and writes nothing', async () => {
    const before = await writeCounts(t);
    const response = await t.app.inject({
      method: 'POST',
      url: LOGIN,
      payload: { email: '', password: '' },
    });
    expect(response.statusCode).toBe(400);
    const text = response.body;
    expect(text).toContain('Enter your email address.');
    expect(text).toContain('Enter your password.');
    expect(text).not.toMatch(/Too small|Invalid string|expected string/i);
    expect(await writeCounts(t)).toEqual(before);
  });

  it('answers a wrong password and an unknown email the same way (401 INVALID_CREDENTIALS, no session)', async () => {
    const person = await agent();
    const before = await writeCounts(t);
    const wrong = await clientAt(t.app).login(person.email, 'not the password at all');
    const unknown = await clientAt(t.app).login('nobody-here@example.test', TEST_PASSWORD);
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.cookies).toEqual([]);
    }
    expect(errorOf(wrong)).toEqual({
      code: 'INVALID_CREDENTIALS',
      message: 'The email or password is not right.',
    });
    expect(errorOf(unknown)).toEqual(errorOf(wrong));
    // The only write is one failure record each (for throttling).
    expect(await writeCounts(t)).toEqual({ ...before, login_failures: before.login_failures! + 2 });
  });

  it('refuses a disabled account with the same 401, and its live session stops working', async () => {
    const person = await agent();
    const client = clientAt(t.app);
    await client.login(person.email);
    await t.database.unsafeOwnerQuery("update accounts set status = 'disabled' where id = $1", [
      person.accountId,
    ]);

    const response = await clientAt(t.app).login(person.email);
    expect(response.statusCode).toBe(401);
    expect(errorOf(response).code).toBe('INVALID_CREDENTIALS');
    expect(errorOf(await client.get('/api/v1/me')).code).toBe('UNAUTHENTICATED');
    expect(
      await auditRows(t, { action: 'account.signed_in', actorAccountId: person.accountId }),
    ).toHaveLength(1);
  });
});

describe('sign-in throttling', () => {
  it('refuses the 6th attempt on one account from one address within 15 minutes (429 + Retry-After), even with the right password', async () => {
    const person = await agent();
    const stranger = '10.251.0.1';
    for (let i = 0; i < 5; i++) {
      const response = await clientAt(t.app, stranger).login(person.email, `wrong password ${i}`);
      expect(response.statusCode).toBe(401);
    }
    const before = await writeCounts(t);
    const sixth = await clientAt(t.app, stranger).login(person.email);
    expect(sixth.statusCode).toBe(429);
    expect(errorOf(sixth).code).toBe('TOO_MANY_ATTEMPTS');
    const retryAfter = Number(sixth.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(890);
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect(errorOf(sixth).message).toContain(`${retryAfter} seconds`);
    expect(sixth.cookies).toEqual([]);
    expect(await writeCounts(t)).toEqual(before);
  });

  it('never locks the owner out: while a stranger is throttled, the right password from another address signs in, and the stranger stays throttled', async () => {
    const person = await agent();
    const stranger = '10.251.1.1';
    for (let i = 0; i < 5; i++) {
      expect((await clientAt(t.app, stranger).login(person.email, `guess ${i} wrong`)).statusCode).toBe(401);
    }
    expect((await clientAt(t.app, stranger).login(person.email, 'guess 6 wrong')).statusCode).toBe(429);
    // The owner, from home: not refused, not even slowed down.
    const owner = await clientAt(t.app, '10.251.1.2').login(person.email);
    expect(owner.statusCode).toBe(200);
    expect((await clientAt(t.app, '10.251.1.3').login(person.email)).statusCode).toBe(200);
    // The owner's success forgets the owner's own failures only.
    expect((await clientAt(t.app, stranger).login(person.email)).statusCode).toBe(429);
    expect(await countRows(t, 'login_failures', 'email = $1 and ip = $2', [person.email, stranger])).toBe(5);
  });

  it('guesses spread over many addresses never limit the account as a whole', async () => {
    const person = await agent();
    // Four strangers, four failures each: no pair reaches five, and the account as a whole is never limited.
    for (let s = 0; s < 4; s++) {
      for (let i = 0; i < 4; i++) {
        const guess = await clientAt(t.app, `10.251.2.${s + 1}`).login(person.email, `wrong ${s}-${i}`);
        expect(guess.statusCode).toBe(401);
      }
    }
    expect((await clientAt(t.app, '10.251.2.99').login(person.email)).statusCode).toBe(200);
  });

  it('refuses an address after 20 failures on any emails (429), while the same account signs in from elsewhere', async () => {
    const person = await agent();
    const ip = '10.250.0.1';
    for (let i = 0; i < 20; i++) {
      expect((await clientAt(t.app, ip).login(`unknown-${i}@example.test`)).statusCode).toBe(401);
    }
    const refused = await clientAt(t.app, ip).login(person.email);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(await countRows(t, 'login_failures', 'ip = $1', [ip])).toBe(20);
    expect((await clientAt(t.app, '10.250.0.2').login(person.email)).statusCode).toBe(200);
  });

  it('counts only failures since the last successful sign-in of the account', async () => {
    const person = await agent();
    const ip = '10.250.1.1';
    for (let i = 0; i < 4; i++) await clientAt(t.app, ip).login(person.email, 'wrong password!');
    expect((await clientAt(t.app, ip).login(person.email)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) await clientAt(t.app, ip).login(person.email, 'wrong password!');
    expect((await clientAt(t.app, ip).login(person.email)).statusCode).toBe(200);
  });

  it('ignores failures older than 15 minutes', async () => {
    const person = await agent();
    for (let i = 0; i < 5; i++) {
      await t.database.unsafeOwnerQuery(
        "insert into login_failures (email, ip, at) values ($1, $2, now() - interval '16 minutes')",
        [person.email, '10.250.2.1'],
      );
    }
    expect((await clientAt(t.app).login(person.email)).statusCode).toBe(200);
  });

  it('sets Retry-After from the failures of the limit reached, not from an older failure of the address', async () => {
    const person = await agent();
    const ip = '10.250.3.1';
    // One failure of another email from this address, 14 minutes ago: it expires in about a minute.
    await t.database.unsafeOwnerQuery(
      "insert into login_failures (email, ip, at) values ($1, $2, now() - interval '14 minutes')",
      ['someone-else@example.test', ip],
    );
    for (let i = 0; i < 5; i++) await clientAt(t.app, ip).login(person.email, 'wrong password!');
    const refused = await clientAt(t.app, ip).login(person.email);
    expect(refused.statusCode).toBe(429);
    // The account's own failures are fresh, so it stays locked for about 15 minutes.
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(890);
  });
});

describe('login body validation (400 naming the field, nothing written)', () => {
  const cases: Array<[string, unknown, string, RegExp]> = [
    ['a missing email', { password: TEST_PASSWORD }, 'body.email', /^Enter your email address\.$/],
    [
      'an email that is a number',
      { email: 42, password: TEST_PASSWORD },
      'body.email',
      /^Enter your email address\.$/,
    ],
    ['an email that is not an address', { email: 'ada', password: TEST_PASSWORD }, 'body.email', /email/i],
    ['a missing password', { email: 'ada@example.test' }, 'body.password', /^Enter your password\.$/],
    [
      'a password that is an array',
      { email: 'ada@example.test', password: ['x'] },
      'body.password',
      /^Enter your password\.$/,
    ],
    [
      'an empty password',
      { email: 'ada@example.test', password: '' },
      'body.password',
      /^Enter your password\.$/,
    ],
    [
      'an unknown field',
      { email: 'ada@example.test', password: TEST_PASSWORD, remember: true },
      'body',
      /"remember"/,
    ],
  ];

  it.each(cases)('refuses %s', async (_name, payload, path, message) => {
    const before = await writeCounts(t);
    const response = await clientAt(t.app).post(LOGIN, payload as Record<string, unknown>);
    expect(response.statusCode).toBe(400);
    const error = errorOf(response);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toContainEqual({ path, message: expect.stringMatching(message) });
    expect(error.message.startsWith(`${path}:`)).toBe(true);
    expect(await writeCounts(t)).toEqual(before);
  });

  const raw = (payload: string, contentType = 'application/json') =>
    t.app.inject({
      method: 'POST',
      url: LOGIN,
      payload,
      headers: { 'content-type': contentType },
      remoteAddress: '10.251.0.1',
    });

  it('refuses malformed JSON (400 INVALID_JSON)', async () => {
    const response = await raw('{"email": "ada@example.test", "password": ');
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('INVALID_JSON');
  });

  it('refuses an empty JSON body (400 INVALID_JSON)', async () => {
    const response = await raw('');
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('INVALID_JSON');
  });

  it('refuses a body over 1 MiB (413 PAYLOAD_TOO_LARGE)', async () => {
    const before = await writeCounts(t);
    const response = await raw(
      JSON.stringify({ email: 'ada@example.test', password: 'x'.repeat(1024 * 1024) }),
    );
    expect(response.statusCode).toBe(413);
    expect(errorOf(response).code).toBe('PAYLOAD_TOO_LARGE');
    expect(errorOf(response).message).toContain('larger than the 1 MB');
    expect(await writeCounts(t)).toEqual(before);
  });

  it('refuses a body that is not JSON (415 UNSUPPORTED_MEDIA_TYPE)', async () => {
    const response = await raw('email=ada@example.test', 'application/x-www-form-urlencoded');
    expect(response.statusCode).toBe(415);
    expect(errorOf(response).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('POST /api/v1/auth/logout', () => {
  it('refuses without a session (401 UNAUTHENTICATED)', async () => {
    const response = await clientAt(t.app).post('/api/v1/auth/logout');
    expect(response.statusCode).toBe(401);
    expect(errorOf(response).code).toBe('UNAUTHENTICATED');
  });

  it('ends the session: 200 with nothing to end at a provider, cookie cleared, the old cookie answers 401, audit session.revoked', async () => {
    const person = await agent();
    const client = clientAt(t.app);
    await client.login(person.email);
    const sessionId = await sessionIdOf(t, client);

    const response = await client.post('/api/v1/auth/logout');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ providerSignOutUrl: null });
    const cleared = response.cookies.find((c) => c.name === 'tandem_session');
    expect(cleared?.value).toBe('');
    expect(errorOf(await client.get('/api/v1/me')).code).toBe('UNAUTHENTICATED');
    expect(await auditRows(t, { action: 'session.revoked', entityId: sessionId })).toEqual([
      expect.objectContaining({ actor_account_id: person.accountId, entity_type: 'session' }),
    ]);
  });
});

describe('CSRF protection of cookie-authenticated writes', () => {
  const cases: Array<[string, Record<string, string> | null]> = [
    ['without X-CSRF-Token', null],
    ['with a wrong X-CSRF-Token', { 'x-csrf-token': 'not-the-token' }],
  ];

  it.each(cases)(
    'refuses logout %s (403 CSRF_TOKEN_INVALID; the session lives on)',
    async (_name, header) => {
      const person = await agent();
      const client = clientAt(t.app);
      await client.login(person.email);
      const csrf = client.csrfToken;
      client.csrfToken = null;
      const before = await writeCounts(t);

      const response = await client.post('/api/v1/auth/logout', {}, header ?? {});
      expect(response.statusCode).toBe(403);
      expect(errorOf(response).code).toBe('CSRF_TOKEN_INVALID');
      expect(await writeCounts(t)).toEqual(before);
      client.csrfToken = csrf;
      expect((await client.get('/api/v1/me')).statusCode).toBe(200);
    },
  );

  it.each(cases)('refuses creating an API token %s (403, no token)', async (_name, header) => {
    const person = await agent();
    const client = clientAt(t.app);
    await client.login(person.email);
    client.csrfToken = null;
    const before = await writeCounts(t);

    const response = await client.post(
      `/api/v1/w/${ws.slug}/tokens`,
      { name: 'ci', scopes: ['read'], expiresInDays: 30 },
      header ?? {},
    );
    expect(response.statusCode).toBe(403);
    expect(errorOf(response).code).toBe('CSRF_TOKEN_INVALID');
    expect(await writeCounts(t)).toEqual(before);
  });

  it("refuses another session's CSRF token (403)", async () => {
    const person = await agent();
    const mine = clientAt(t.app);
    const theirs = clientAt(t.app);
    await mine.login(person.email);
    await theirs.login(person.email);
    const response = await mine.post('/api/v1/auth/logout', {}, { 'x-csrf-token': theirs.csrfToken! });
    expect(response.statusCode).toBe(403);
    expect(errorOf(response).code).toBe('CSRF_TOKEN_INVALID');
  });

  it('does not ask for the token on reads', async () => {
    const person = await agent();
    const client = clientAt(t.app);
    await client.login(person.email);
    client.csrfToken = null;
    expect((await client.get('/api/v1/me')).statusCode).toBe(200);
  });
});
