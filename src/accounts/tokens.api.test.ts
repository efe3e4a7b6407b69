import { describe, expect, it } from 'vitest';
import { sha256 } from '../crypto/secrets.ts';
import { bearer, clientAt, writeCounts } from '../test/accounts-helpers.ts';
import { errorOf, type TestClient } from '../test/client.ts';
import { addMembership, makeMember, makeWorkspace, type TestWorkspace } from '../test/factories.ts';
import { testAppForFile, workspaceForFile } from '../test/file-setup.ts';
import { auditRows, countRows } from '../test/tenancy-helpers.ts';

const t = testAppForFile();
const ws = workspaceForFile(t, 'Acme');
const wsB = workspaceForFile(t, 'Bravo');

type Person = { accountId: string; email: string; membershipId: string };
const BODY = { name: 'ci', scopes: ['read'], expiresInDays: 30 };
const tokensUrl = (w: TestWorkspace = ws) => `/api/v1/w/${w.slug}/tokens`;

/** An internal agent of Acme (no MFA needed), also a requester in Bravo, signed in. */
async function member(): Promise<{ person: Person; client: TestClient }> {
  const person = await makeMember(t.database.db, ws, { party: 'internal', role: 'agent' });
  await addMembership(t.database.db, wsB, person.accountId, { party: null, role: 'requester' });
  const client = clientAt(t.app);
  await client.login(person.email);
  return { person, client };
}

async function createToken(client: TestClient, body: object = BODY, w: TestWorkspace = ws) {
  const response = await client.post(tokensUrl(w), body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { token: { id: string; scopes: string[] }; secret: string };
}

const withToken = (secret: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: bearer(secret), remoteAddress: '10.9.9.9' });

const tokenRow = async (id: string) =>
  (
    await t.database.unsafeOwnerQuery<Record<string, unknown>>('select * from api_tokens where id = $1', [id])
  )[0]!;

describe('POST /api/v1/w/:ws/tokens', () => {
  it('refuses without credentials (401)', async () => {
    expect((await clientAt(t.app).post(tokensUrl(), BODY)).statusCode).toBe(401);
  });

  it.each([
    ['an empty name', { ...BODY, name: '  ' }, 'body.name'],
    ['a missing name', { scopes: ['read'], expiresInDays: 30 }, 'body.name'],
    ['no scopes', { ...BODY, scopes: [] }, 'body.scopes'],
    ['an unknown scope', { ...BODY, scopes: ['admin'] }, 'body.scopes.0'],
    ['zero days', { ...BODY, expiresInDays: 0 }, 'body.expiresInDays'],
    ['more than a year', { ...BODY, expiresInDays: 366 }, 'body.expiresInDays'],
    ['a fractional day count', { ...BODY, expiresInDays: 1.5 }, 'body.expiresInDays'],
    ['days as a string', { ...BODY, expiresInDays: '30' }, 'body.expiresInDays'],
    ['an unknown field', { ...BODY, workspaceId: '00000000-0000-4000-8000-000000000000' }, 'body'],
  ])('refuses %s (400 naming %s, nothing written)', async (_name, payload, path) => {
    const { client } = await member();
    const before = await writeCounts(t);
    const response = await client.post(tokensUrl(), payload);
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).details).toContainEqual({ path, message: expect.any(String) });
    expect(await writeCounts(t)).toEqual(before);
  });

  it('answers 404 for a workspace the caller is not a member of (nothing written)', async () => {
    const { client } = await member();
    const stranger = await makeWorkspace(t.database.db, 'Charlie');
    const before = await writeCounts(t);
    const response = await client.post(tokensUrl(stranger), BODY);
    expect([response.statusCode, errorOf(response).code]).toEqual([404, 'NOT_FOUND']);
    expect(await writeCounts(t)).toEqual(before);
  });

  it('creates a token: 201, the tdm_ secret shown once, stored only as its SHA-256, audit row without it', async () => {
    const { person, client } = await member();
    const started = Date.now();
    const response = await client.post(tokensUrl(), {
      name: ' ci ',
      scopes: ['read', 'write'],
      expiresInDays: 30,
    });
    expect(response.statusCode).toBe(201);
    const { token, secret } = response.json();
    expect(secret).toMatch(/^tdm_[A-Za-z0-9_-]{43}$/);
    expect(token).toEqual({
      id: expect.any(String),
      name: 'ci',
      scopes: ['read', 'write'],
      createdAt: expect.any(String),
      expiresAt: expect.any(String),
      lastUsedAt: null,
      revokedAt: null,
    });
    const expiresIn = Date.parse(token.expiresAt) - started;
    expect(expiresIn).toBeGreaterThanOrEqual(30 * 86_400_000);
    expect(expiresIn).toBeLessThan(30 * 86_400_000 + 60_000);

    const row = await tokenRow(token.id);
    expect(row.token_hash).toBe(sha256(secret));
    expect(JSON.stringify(row)).not.toContain(secret.slice(4));
    expect(row).toMatchObject({
      workspace_id: ws.id,
      membership_id: person.membershipId,
      account_id: person.accountId,
    });

    const audit = await auditRows(t, { action: 'api_token.created', entityId: token.id });
    expect(audit).toEqual([
      expect.objectContaining({
        workspace_id: ws.id,
        actor_account_id: person.accountId,
        actor_membership_id: person.membershipId,
      }),
    ]);
    expect(audit[0]!.after).toMatchObject({ name: 'ci', scopes: ['read', 'write'] });
    expect(JSON.stringify(audit[0])).not.toContain(secret.slice(4));
    expect(JSON.stringify(audit[0])).not.toContain(sha256(secret));
  });
});

describe('GET /api/v1/w/:ws/tokens', () => {
  it("lists the caller's tokens in this workspace, never the secret, nor others' tokens", async () => {
    const { client } = await member();
    const mine = await createToken(client);
    const elsewhere = await createToken(client, { ...BODY, name: 'bravo' }, wsB);
    const { client: colleague } = await member();
    const theirs = await createToken(colleague);

    const response = await client.get(tokensUrl());
    expect(response.statusCode).toBe(200);
    const ids = response.json().items.map((i: { id: string }) => i.id);
    expect(ids).toEqual([mine.token.id]);
    expect(ids).not.toContain(elsewhere.token.id);
    expect(ids).not.toContain(theirs.token.id);
    expect(Object.keys(response.json().items[0]).sort()).toEqual(
      ['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'revokedAt', 'scopes'].sort(),
    );
    expect(response.body).not.toContain(mine.secret.slice(4));
    expect(response.body).not.toContain(sha256(mine.secret));
  });
});

describe('Bearer tokens', () => {
  it('work on workspace routes without a cookie or CSRF header, and record lastUsedAt', async () => {
    const { person, client } = await member();
    const { token, secret } = await createToken(client, { ...BODY, scopes: ['read', 'write'] });
    const response = await withToken(secret, 'GET', `/api/v1/w/${ws.slug}`);
    expect(response.statusCode).toBe(200);
    expect(response.json().membership).toMatchObject({ id: person.membershipId, role: 'agent' });
    expect((await tokenRow(token.id)).last_used_at).not.toBeNull();

    const other = await createToken(client, { ...BODY, name: 'other' });
    const write = await withToken(secret, 'DELETE', `${tokensUrl()}/${other.token.id}`);
    expect(write.statusCode).toBe(204);
    expect((await tokenRow(other.token.id)).revoked_at).not.toBeNull();
  });

  it('refuses a read-only token on a write (403 TOKEN_SCOPE_REQUIRED, nothing written)', async () => {
    const { client } = await member();
    const { secret } = await createToken(client);
    const target = await createToken(client, { ...BODY, name: 'target' });
    const before = await writeCounts(t);
    for (const response of [
      await withToken(secret, 'DELETE', `${tokensUrl()}/${target.token.id}`),
      await withToken(secret, 'POST', tokensUrl(), { ...BODY, name: 'minted' }),
    ]) {
      expect([response.statusCode, errorOf(response).code]).toEqual([403, 'TOKEN_SCOPE_REQUIRED']);
    }
    expect(await writeCounts(t)).toEqual(before);
  });

  it("refuses workspace A's token on workspace B, even though the person is a member of B (404, nothing written)", async () => {
    const { client } = await member();
    const { secret } = await createToken(client, { ...BODY, scopes: ['read', 'write'] });
    const before = await writeCounts(t);
    const read = await withToken(secret, 'GET', `/api/v1/w/${wsB.slug}`);
    const write = await withToken(secret, 'POST', tokensUrl(wsB), BODY);
    for (const response of [read, write])
      expect([response.statusCode, errorOf(response).code]).toEqual([404, 'NOT_FOUND']);
    expect(await writeCounts(t)).toEqual(before);
  });

  it('refuses a token on account routes (401), where only a signed-in session works', async () => {
    const { client } = await member();
    const { secret } = await createToken(client);
    for (const url of ['/api/v1/me', '/api/v1/workspaces', '/api/v1/account/sessions']) {
      const response = await withToken(secret, 'GET', url);
      expect([response.statusCode, errorOf(response).code], url).toEqual([401, 'UNAUTHENTICATED']);
    }
  });

  it.each([
    ['an unknown token', 'tdm_thisTokenDoesNotExist0000000000000000000'],
    ['a value without the tdm_ prefix', 'abc'],
  ])('refuses %s (401 INVALID_TOKEN)', async (_name, secret) => {
    const response = await withToken(secret, 'GET', `/api/v1/w/${ws.slug}`);
    expect([response.statusCode, errorOf(response).code]).toEqual([401, 'INVALID_TOKEN']);
  });

  it('refuses a revoked token (401 INVALID_TOKEN); the revocation is audited', async () => {
    const { person, client } = await member();
    const { token, secret } = await createToken(client);
    const response = await client.delete(`${tokensUrl()}/${token.id}`);
    expect(response.statusCode).toBe(204);
    const refused = await withToken(secret, 'GET', `/api/v1/w/${ws.slug}`);
    expect([refused.statusCode, errorOf(refused).code]).toEqual([401, 'INVALID_TOKEN']);
    const [audit] = await auditRows(t, { action: 'api_token.revoked', entityId: token.id });
    expect(audit).toMatchObject({ workspace_id: ws.id, actor_account_id: person.accountId });
    expect(audit?.before).toMatchObject({ revokedAt: null });
    expect(audit?.after).toMatchObject({ revokedAt: expect.any(String) });
  });

  it('refuses an expired token (401 INVALID_TOKEN)', async () => {
    const { client } = await member();
    const { token, secret } = await createToken(client);
    await t.database.unsafeOwnerQuery(
      "update api_tokens set expires_at = now() - interval '1 second' where id = $1",
      [token.id],
    );
    const response = await withToken(secret, 'GET', `/api/v1/w/${ws.slug}`);
    expect([response.statusCode, errorOf(response).code]).toEqual([401, 'INVALID_TOKEN']);
  });

  it('refuses the token of a disabled account (401 INVALID_TOKEN)', async () => {
    const { person, client } = await member();
    const { secret } = await createToken(client);
    await t.database.unsafeOwnerQuery("update accounts set status = 'disabled' where id = $1", [
      person.accountId,
    ]);
    expect((await withToken(secret, 'GET', `/api/v1/w/${ws.slug}`)).statusCode).toBe(401);
  });

  it('stops working at once when the internal lead deactivates the membership (token revoked, audit row)', async () => {
    const { person, client } = await member();
    const { token, secret } = await createToken(client);
    expect((await withToken(secret, 'GET', `/api/v1/w/${ws.slug}`)).statusCode).toBe(200);

    const lead = await clientAt(t.app).signIn(ws.lead.email);
    const response = await lead.post(`/api/v1/w/${ws.slug}/members/${person.membershipId}/deactivate`);
    expect(response.statusCode).toBe(200);
    expect(response.json().member.status).toBe('deactivated');

    const refused = await withToken(secret, 'GET', `/api/v1/w/${ws.slug}`);
    expect([refused.statusCode, errorOf(refused).code]).toEqual([401, 'INVALID_TOKEN']);
    expect((await tokenRow(token.id)).revoked_at).not.toBeNull();
    expect(await auditRows(t, { action: 'member.deactivated', entityId: person.membershipId })).toEqual([
      expect.objectContaining({ workspace_id: ws.id, actor_account_id: ws.lead.accountId }),
    ]);
  });
});

describe('DELETE /api/v1/w/:ws/tokens/:id', () => {
  it("refuses another member's token (404, it keeps working, nothing written)", async () => {
    const { client } = await member();
    const { client: colleague } = await member();
    const theirs = await createToken(colleague);
    const before = await writeCounts(t);
    const response = await client.delete(`${tokensUrl()}/${theirs.token.id}`);
    expect([response.statusCode, errorOf(response).code]).toEqual([404, 'NOT_FOUND']);
    expect(await writeCounts(t)).toEqual(before);
    expect((await withToken(theirs.secret, 'GET', `/api/v1/w/${ws.slug}`)).statusCode).toBe(200);
  });

  it('answers 404 when the token is already revoked (one audit row only)', async () => {
    const { client } = await member();
    const { token } = await createToken(client);
    expect((await client.delete(`${tokensUrl()}/${token.id}`)).statusCode).toBe(204);
    expect((await client.delete(`${tokensUrl()}/${token.id}`)).statusCode).toBe(404);
    expect(await auditRows(t, { action: 'api_token.revoked', entityId: token.id })).toHaveLength(1);
  });
});

describe('Idempotency-Key on token creation', () => {
  const key = (suffix: string) => ({ 'idempotency-key': `create-token-${suffix}` });

  it('replays the stored answer for the same key and body (idempotency-replayed: true), creating one token', async () => {
    const { person, client } = await member();
    const first = await client.post(tokensUrl(), BODY, key('a'));
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotency-replayed']).toBeUndefined();
    const second = await client.post(tokensUrl(), BODY, key('a'));
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotency-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    expect(await countRows(t, 'api_tokens', 'membership_id = $1', [person.membershipId])).toBe(1);
    expect(
      await auditRows(t, { action: 'api_token.created', actorAccountId: person.accountId }),
    ).toHaveLength(1);
  });

  it('refuses the same key with another body (422 IDEMPOTENCY_KEY_REUSED, still one token)', async () => {
    const { person, client } = await member();
    expect((await client.post(tokensUrl(), BODY, key('b'))).statusCode).toBe(201);
    const before = await writeCounts(t);
    const response = await client.post(tokensUrl(), { ...BODY, name: 'another' }, key('b'));
    expect([response.statusCode, errorOf(response).code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect(await writeCounts(t)).toEqual(before);
    expect(await countRows(t, 'api_tokens', 'membership_id = $1', [person.membershipId])).toBe(1);
  });

  it('keeps keys apart per account: another person may use the same key', async () => {
    const { client } = await member();
    const { client: colleague } = await member();
    expect((await client.post(tokensUrl(), BODY, key('c'))).statusCode).toBe(201);
    const theirs = await colleague.post(tokensUrl(), BODY, key('c'));
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotency-replayed']).toBeUndefined();
  });

  it.each([
    ['too long', 'k'.repeat(201)],
    ['with a space', 'two words'],
  ])(
    'refuses a key that is %s (400 naming headers.idempotency-key, nothing written)',
    async (_name, value) => {
      const { client } = await member();
      const before = await writeCounts(t);
      const response = await client.post(tokensUrl(), BODY, { 'idempotency-key': value });
      expect(response.statusCode).toBe(400);
      expect(errorOf(response).details).toEqual([
        { path: 'headers.idempotency-key', message: expect.any(String) },
      ]);
      expect(await writeCounts(t)).toEqual(before);
    },
  );
});
