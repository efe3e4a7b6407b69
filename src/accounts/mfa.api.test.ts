import { describe, expect, it } from 'vitest';
import { decryptSecret, sha256 } from '../crypto/secrets.ts';
import { clientAt, writeCounts } from '../test/accounts-helpers.ts';
import { errorOf, type TestClient } from '../test/client.ts';
import { addMembership, makeAccount, makeMember, makeWorkspace } from '../test/factories.ts';
import { testAppForFile, workspaceForFile } from '../test/file-setup.ts';
import { auditRows, countRows } from '../test/tenancy-helpers.ts';
import { currentTotpCode } from './totp.ts';

const t = testAppForFile();
const ws = workspaceForFile(t);

const STEP_MS = 30_000;
/** The code a device shows `steps` steps from now (a later step is never a replay of an earlier one). */
const codeAt = (secret: string, steps = 0) => currentTotpCode(secret, Date.now() + steps * STEP_MS);
const providerAgent = () => makeMember(t.database.db, ws, { party: 'provider', role: 'agent' });
const VERIFY = '/api/v1/auth/mfa/verify';
const wsUrl = () => `/api/v1/w/${ws.slug}`;

/** Signs in and enrols by hand (at the current step), keeping the secret and the recovery codes. */
async function enrol(email: string) {
  const client = clientAt(t.app);
  await client.login(email);
  const { secret } = (await client.post('/api/v1/auth/mfa/enrolment')).json() as { secret: string };
  const confirm = await client.post('/api/v1/auth/mfa/enrolment/confirm', { code: codeAt(secret) });
  expect(confirm.statusCode).toBe(200);
  const { recoveryCodes } = confirm.json() as { recoveryCodes: string[] };
  return { client, secret, recoveryCodes };
}

/** A second session of an enrolled account, waiting for its MFA step. */
async function pendingSession(email: string): Promise<TestClient> {
  const client = clientAt(t.app);
  const response = await client.login(email);
  expect(response.json().session.mfaState).toBe('pending');
  return client;
}

describe('who must use MFA', () => {
  it('asks a provider member to enrol, and refuses every account and workspace route with 401 MFA_ENROLMENT_REQUIRED (nothing written)', async () => {
    const person = await providerAgent();
    const client = clientAt(t.app);
    const login = await client.login(person.email);
    expect(login.json().session.mfaState).toBe('enrolment_required');
    const me = (await client.get('/api/v1/me')).json();
    expect(me.account).toMatchObject({ mfaEnrolled: false, mfaRequired: true });
    expect(me.session.mfaState).toBe('enrolment_required');

    const routes = t.app.routeTable.filter(
      (r) => r.method !== 'HEAD' && (r.access === 'account' || r.access === 'workspace'),
    );
    expect(routes.length).toBeGreaterThan(15);
    const before = await writeCounts(t);
    for (const route of routes) {
      const url = route.url
        .replace(':workspace', ws.slug)
        .replace(':id', '00000000-0000-4000-8000-000000000000');
      const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
      const response = await client.request(route.method as 'GET', url, body);
      expect([response.statusCode, errorOf(response).code], `${route.method} ${route.url}`).toEqual([
        401,
        'MFA_ENROLMENT_REQUIRED',
      ]);
    }
    expect(await writeCounts(t)).toEqual(before);
  });

  it.each([
    ['an internal lead', { party: 'internal', role: 'lead' }],
    ['a provider viewer', { party: 'provider', role: 'viewer' }],
  ] as const)(
    'asks %s to enrol before reaching the workspace (401 MFA_ENROLMENT_REQUIRED)',
    async (_name, spec) => {
      const person = await makeMember(t.database.db, ws, spec);
      const client = clientAt(t.app);
      expect((await client.login(person.email)).json().session.mfaState).toBe('enrolment_required');
      expect(errorOf(await client.get(wsUrl())).code).toBe('MFA_ENROLMENT_REQUIRED');
    },
  );

  it('asks an administrator with no workspace to enrol', async () => {
    const admin = await makeAccount(t.database.db, { isAdmin: true });
    expect((await clientAt(t.app).login(admin.email)).json().session.mfaState).toBe('enrolment_required');
  });

  it('lets an internal agent in without MFA (not_required) and reports mfaRequired false', async () => {
    const person = await makeMember(t.database.db, ws, { party: 'internal', role: 'agent' });
    const client = clientAt(t.app);
    expect((await client.login(person.email)).json().session.mfaState).toBe('not_required');
    expect((await client.get('/api/v1/me')).json().account).toMatchObject({
      mfaEnrolled: false,
      mfaRequired: false,
    });
    expect((await client.get(wsUrl())).statusCode).toBe(200);
    expect((await client.get('/api/v1/account/sessions')).statusCode).toBe(200);
  });

  it('does not count a deactivated provider membership', async () => {
    const person = await makeMember(t.database.db, ws, { party: 'internal', role: 'agent' });
    const other = await makeWorkspace(t.database.db, 'Other Co');
    const membership = await addMembership(t.database.db, other, person.accountId, {
      party: 'provider',
      role: 'agent',
    });
    expect((await clientAt(t.app).login(person.email)).json().session.mfaState).toBe('enrolment_required');
    await t.database.unsafeOwnerQuery("update memberships set status = 'deactivated' where id = $1", [
      membership.id,
    ]);
    expect((await clientAt(t.app).login(person.email)).json().session.mfaState).toBe('not_required');
  });

  it('follows a live session’s memberships in every workspace: a provider membership elsewhere asks for enrolment at the next request, its deactivation lifts it', async () => {
    const person = await makeMember(t.database.db, ws, { party: 'internal', role: 'agent' });
    const session = clientAt(t.app);
    await session.login(person.email);
    expect((await session.get(wsUrl())).statusCode).toBe(200);
    const other = await makeWorkspace(t.database.db, 'Elsewhere Co');
    const membership = await addMembership(t.database.db, other, person.accountId, {
      party: 'provider',
      role: 'agent',
    });
    expect(errorOf(await session.get(wsUrl())).code).toBe('MFA_ENROLMENT_REQUIRED');
    expect(errorOf(await session.get('/api/v1/account/sessions')).code).toBe('MFA_ENROLMENT_REQUIRED');
    await t.database.unsafeOwnerQuery("update memberships set status = 'deactivated' where id = $1", [
      membership.id,
    ]);
    expect((await session.get(wsUrl())).statusCode).toBe(200);
    expect((await session.get(`/api/v1/w/${other.slug}`)).statusCode).toBe(404);
  });

  it('makes MFA required for requesters once the workspace requires it, including their live sessions', async () => {
    const strict = await makeWorkspace(t.database.db, 'Strict Co');
    const requester = await makeMember(t.database.db, strict, { party: null, role: 'requester' });
    const session = clientAt(t.app);
    expect((await session.login(requester.email)).json().session.mfaState).toBe('not_required');
    expect((await session.get(`/api/v1/w/${strict.slug}`)).statusCode).toBe(200);

    const lead = await clientAt(t.app).signIn(strict.lead.email);
    const { version } = (await lead.get(`/api/v1/w/${strict.slug}`)).json().workspace;
    const update = await lead.patch(`/api/v1/w/${strict.slug}`, { version, requireMfa: true });
    expect(update.statusCode).toBe(200);
    expect(update.json().workspace.requireMfa).toBe(true);

    expect(errorOf(await session.get(`/api/v1/w/${strict.slug}`)).code).toBe('MFA_ENROLMENT_REQUIRED');
    expect((await clientAt(t.app).login(requester.email)).json().session.mfaState).toBe('enrolment_required');
  });
});

describe('enrolment', () => {
  it('starts with a secret, an otpauth URL and a QR code, storing the secret encrypted and pending', async () => {
    const person = await providerAgent();
    const client = clientAt(t.app);
    await client.login(person.email);
    const response = await client.post('/api/v1/auth/mfa/enrolment');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Tandem:/);
    expect(body.otpauthUrl).toContain(`secret=${body.secret}`);
    expect(body.qrSvg).toMatch(/^<svg/);

    const [row] = await t.database.unsafeOwnerQuery<{ pending: string; secret: string | null }>(
      'select mfa_pending_secret_enc as pending, mfa_secret_enc as secret from accounts where id = $1',
      [person.accountId],
    );
    expect(row?.secret).toBeNull();
    expect(row?.pending).not.toContain(body.secret);
    expect(decryptSecret(t.secretKey, row!.pending)).toBe(body.secret);
    expect((await client.get('/api/v1/me')).json().session.mfaState).toBe('enrolment_required');
  });

  it('replaces the pending secret on restart, so a code from the first secret is refused', async () => {
    const person = await providerAgent();
    const client = clientAt(t.app);
    await client.login(person.email);
    const first = (await client.post('/api/v1/auth/mfa/enrolment')).json().secret as string;
    const second = (await client.post('/api/v1/auth/mfa/enrolment')).json().secret as string;
    expect(second).not.toBe(first);
    const refused = await client.post('/api/v1/auth/mfa/enrolment/confirm', { code: codeAt(first) });
    expect(refused.statusCode).toBe(400);
    const confirm = await client.post('/api/v1/auth/mfa/enrolment/confirm', { code: codeAt(second) });
    expect(confirm.statusCode).toBe(200);
  });

  it('refuses confirming before starting (409 MFA_ENROLMENT_NOT_STARTED)', async () => {
    const person = await providerAgent();
    const client = clientAt(t.app);
    await client.login(person.email);
    const response = await client.post('/api/v1/auth/mfa/enrolment/confirm', { code: '123456' });
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).code).toBe('MFA_ENROLMENT_NOT_STARTED');
  });

  it.each([
    ['a wrong code', 'wrong', /not right/],
    ['letters', 'abcdef', /must be 6 digits/],
    ['five digits', '12345', /must be 6 digits/],
  ])('refuses confirming with %s (400 naming body.code, nothing written)', async (_name, code, message) => {
    const person = await providerAgent();
    const client = clientAt(t.app);
    await client.login(person.email);
    const { secret } = (await client.post('/api/v1/auth/mfa/enrolment')).json();
    const sent = code === 'wrong' ? wrongCodeFor(secret) : code;
    const before = await writeCounts(t);
    const response = await client.post('/api/v1/auth/mfa/enrolment/confirm', { code: sent });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).details).toEqual([
      { path: 'body.code', message: expect.stringMatching(message) },
    ]);
    expect(await writeCounts(t)).toEqual(before);
    expect((await client.get('/api/v1/me')).json().account.mfaEnrolled).toBe(false);
  });

  it('confirms with the right code: 10 single-use recovery codes (stored hashed), session verified, audit row', async () => {
    const person = await providerAgent();
    const { client, recoveryCodes } = await enrol(person.email);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z0-9]{5}-[a-z0-9]{5}$/);

    const stored = await t.database.unsafeOwnerQuery<{ code_hash: string; used_at: Date | null }>(
      'select code_hash, used_at from mfa_recovery_codes where account_id = $1',
      [person.accountId],
    );
    expect(stored.map((r) => r.code_hash).sort()).toEqual(recoveryCodes.map(sha256).sort());
    expect(stored.every((r) => r.used_at === null)).toBe(true);

    const me = (await client.get('/api/v1/me')).json();
    expect(me.session.mfaState).toBe('verified');
    expect(me.account.mfaEnrolled).toBe(true);
    expect((await client.get(wsUrl())).statusCode).toBe(200);
    expect(await auditRows(t, { action: 'account.mfa_enrolled', entityId: person.accountId })).toEqual([
      expect.objectContaining({
        actor_account_id: person.accountId,
        entity_type: 'account',
        workspace_id: null,
      }),
    ]);

    const again = await client.post('/api/v1/auth/mfa/enrolment');
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).code).toBe('MFA_ALREADY_ENROLLED');
  });
});

/** A 6-digit code that the secret shows in none of the steps around now. */
function wrongCodeFor(secret: string) {
  const valid = [-1, 0, 1, 2].map((k) => codeAt(secret, k));
  return ['000000', '111111', '222222', '333333', '444444'].find((c) => !valid.includes(c))!;
}

describe('verification at sign-in', () => {
  it('asks for a code at the next sign-in (401 MFA_REQUIRED on account and workspace routes) and accepts a valid one', async () => {
    const person = await providerAgent();
    const { secret } = await enrol(person.email);
    const client = await pendingSession(person.email);
    for (const url of ['/api/v1/account/sessions', '/api/v1/workspaces', wsUrl()]) {
      expect(errorOf(await client.get(url)).code, url).toBe('MFA_REQUIRED');
    }
    expect((await client.get('/api/v1/me')).json().session.mfaState).toBe('pending');

    const response = await client.post(VERIFY, { code: codeAt(secret, 1) });
    expect(response.statusCode).toBe(200);
    expect(response.json().session.mfaState).toBe('verified');
    expect((await client.get(wsUrl())).statusCode).toBe(200);
    expect(
      await auditRows(t, { action: 'session.mfa_verified', actorAccountId: person.accountId }),
    ).toHaveLength(1);
  });

  it('refuses a wrong code (401 INVALID_MFA_CODE) and the session stays pending', async () => {
    const person = await providerAgent();
    const { secret } = await enrol(person.email);
    const client = await pendingSession(person.email);
    const response = await client.post(VERIFY, { code: wrongCodeFor(secret) });
    expect(response.statusCode).toBe(401);
    expect(errorOf(response).code).toBe('INVALID_MFA_CODE');
    expect(errorOf(await client.get(wsUrl())).code).toBe('MFA_REQUIRED');
    expect(await auditRows(t, { action: 'session.mfa_verified', actorAccountId: person.accountId })).toEqual(
      [],
    );
  });

  it('refuses a replayed TOTP code (401 INVALID_MFA_CODE), including the enrolment code and older steps', async () => {
    const person = await providerAgent();
    const { secret } = await enrol(person.email);
    const code = codeAt(secret, 1);
    const first = await pendingSession(person.email);
    expect((await first.post(VERIFY, { code })).statusCode).toBe(200);

    const second = await pendingSession(person.email);
    const before = await auditRows(t, { actorAccountId: person.accountId });
    for (const replay of [code, codeAt(secret, 0), codeAt(secret, -1)]) {
      const response = await second.post(VERIFY, { code: replay });
      expect([response.statusCode, errorOf(response).code]).toEqual([401, 'INVALID_MFA_CODE']);
    }
    expect(errorOf(await second.get(wsUrl())).code).toBe('MFA_REQUIRED');
    expect(await auditRows(t, { actorAccountId: person.accountId })).toEqual(before);
  });

  it('accepts a recovery code once only (any letter case), marking it used', async () => {
    const person = await providerAgent();
    const { recoveryCodes } = await enrol(person.email);
    const code = recoveryCodes[3]!;
    const first = await pendingSession(person.email);
    const ok = await first.post(VERIFY, { recoveryCode: code.toUpperCase() });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().session.mfaState).toBe('verified');
    expect(
      await auditRows(t, { action: 'session.mfa_recovery_code_used', actorAccountId: person.accountId }),
    ).toHaveLength(1);
    expect(
      await countRows(t, 'mfa_recovery_codes', 'account_id = $1 and used_at is not null', [person.accountId]),
    ).toBe(1);

    const second = await pendingSession(person.email);
    const again = await second.post(VERIFY, { recoveryCode: code });
    expect([again.statusCode, errorOf(again).code]).toEqual([401, 'INVALID_MFA_CODE']);
    expect(errorOf(await second.get(wsUrl())).code).toBe('MFA_REQUIRED');
    expect((await second.post(VERIFY, { recoveryCode: recoveryCodes[4]! })).statusCode).toBe(200);
  });

  it('throttles wrong codes: after 5 failures the next attempt answers 429 with Retry-After, even with a valid code', async () => {
    const person = await providerAgent();
    const { secret } = await enrol(person.email);
    const client = await pendingSession(person.email);
    for (let i = 0; i < 5; i++) {
      expect((await client.post(VERIFY, { code: wrongCodeFor(secret) })).statusCode).toBe(401);
    }
    const response = await client.post(VERIFY, { code: codeAt(secret, 1) });
    expect(response.statusCode).toBe(429);
    expect(errorOf(response).code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(errorOf(await client.get(wsUrl())).code).toBe('MFA_REQUIRED');
    // Codes also count per account: whoever holds the password cannot spread guesses over addresses.
    const elsewhere = await pendingSession(person.email);
    expect((await elsewhere.post(VERIFY, { code: codeAt(secret, 1) })).statusCode).toBe(429);
  });

  it.each([
    [
      'both a code and a recovery code',
      { code: '123456', recoveryCode: 'abcde-fghij' },
      'body',
      /either code or recoveryCode/,
    ],
    ['neither', {}, 'body', /either code or recoveryCode/],
    ['a code with letters', { code: '12a456' }, 'body.code', /must be 6 digits/],
    ['an unknown field', { code: '123456', remember: true }, 'body', /"remember"/],
  ])('refuses a verify body with %s (400 VALIDATION_FAILED)', async (_name, payload, path, message) => {
    const person = await providerAgent();
    await enrol(person.email);
    const client = await pendingSession(person.email);
    const response = await client.post(VERIFY, payload);
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).details).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('refuses verification for an account without MFA (409 MFA_NOT_ENROLLED)', async () => {
    const person = await makeMember(t.database.db, ws, { party: 'internal', role: 'viewer' });
    const client = clientAt(t.app);
    await client.login(person.email);
    const response = await client.post(VERIFY, { code: '123456' });
    expect([response.statusCode, errorOf(response).code]).toEqual([409, 'MFA_NOT_ENROLLED']);
  });
});

describe('POST /api/v1/account/mfa/recovery-codes', () => {
  const REGENERATE = '/api/v1/account/mfa/recovery-codes';
  const storedHashes = async (accountId: string) =>
    (
      await t.database.unsafeOwnerQuery<{ code_hash: string }>(
        'select code_hash from mfa_recovery_codes where account_id = $1 order by code_hash',
        [accountId],
      )
    ).map((r) => r.code_hash);

  it('refuses while MFA is pending (401 MFA_REQUIRED)', async () => {
    const person = await providerAgent();
    await enrol(person.email);
    const client = await pendingSession(person.email);
    expect(errorOf(await client.post(REGENERATE, { code: '123456' })).code).toBe('MFA_REQUIRED');
  });

  it('refuses a wrong, a replayed or a missing code (400 naming body.code, codes unchanged)', async () => {
    const person = await providerAgent();
    const { client, secret } = await enrol(person.email);
    const hashes = await storedHashes(person.accountId);
    const before = await writeCounts(t);
    for (const payload of [{ code: wrongCodeFor(secret) }, { code: codeAt(secret, 0) }, {}]) {
      const response = await client.post(REGENERATE, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(errorOf(response).details).toContainEqual({ path: 'body.code', message: expect.any(String) });
    }
    expect(await storedHashes(person.accountId)).toEqual(hashes);
    expect(await writeCounts(t)).toEqual(before);
  });

  it('replaces the codes with a valid code: the old ones stop working, the new ones work, audit row', async () => {
    const person = await providerAgent();
    const { client, secret, recoveryCodes: old } = await enrol(person.email);
    const response = await client.post(REGENERATE, { code: codeAt(secret, 1) });
    expect(response.statusCode).toBe(200);
    const fresh = response.json().recoveryCodes as string[];
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((c) => old.includes(c))).toEqual([]);
    expect(await storedHashes(person.accountId)).toEqual(fresh.map(sha256).sort());
    expect(
      await auditRows(t, { action: 'account.recovery_codes_regenerated', entityId: person.accountId }),
    ).toHaveLength(1);

    const session = await pendingSession(person.email);
    expect((await session.post(VERIFY, { recoveryCode: old[0]! })).statusCode).toBe(401);
    expect((await session.post(VERIFY, { recoveryCode: fresh[0]! })).statusCode).toBe(200);
  });
});
