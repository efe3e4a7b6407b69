import { beforeAll, describe, expect, it } from 'vitest';
import { errorOf, type TestClient } from '../test/client.ts';
import { signInNewMember, testAppForFile, workspaceForFile } from '../test/file-setup.ts';

const t = testAppForFile();
const ws = workspaceForFile(t, 'Acme');
let agent: TestClient;

beforeAll(async () => {
  agent = await signInNewMember(t, ws, { party: 'internal', role: 'agent' });
});

describe('idempotent creates', () => {
  it('replays a token creation without ever storing its secret readably', async () => {
    const body = { name: 'ci', scopes: ['read'], expiresInDays: 7 };
    const first = await agent.post(`/api/v1/w/${ws.slug}/tokens`, body, { 'idempotency-key': 'token-1' });
    expect(first.statusCode).toBe(201);
    const secret = first.json().secret as string;
    const replay = await agent.post(`/api/v1/w/${ws.slug}/tokens`, body, { 'idempotency-key': 'token-1' });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotency-replayed']).toBe('true');
    expect(replay.json().secret).toBe(secret);
    const rows = await t.database.unsafeOwnerQuery<{ response: unknown }>(
      `select response from idempotency_keys where key = 'token-1'`,
    );
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(JSON.stringify(rows)).not.toContain(secret.slice(4, 20));
  });

  it('refuses an API token creating another token (403)', async () => {
    const created = await agent.post(`/api/v1/w/${ws.slug}/tokens`, {
      name: 'w',
      scopes: ['read', 'write'],
      expiresInDays: 1,
    });
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/w/${ws.slug}/tokens`,
      headers: { authorization: `Bearer ${created.json().secret}` },
      payload: { name: 'longer', scopes: ['read', 'write'], expiresInDays: 365 },
    });
    expect(response.statusCode).toBe(403);
    expect(errorOf(response).code).toBe('SESSION_REQUIRED');
  });

  it('refuses a malformed key (400) and the same key with another body (422)', async () => {
    const bad = await agent.post(
      `/api/v1/w/${ws.slug}/tokens`,
      { name: 'x', scopes: ['read'], expiresInDays: 1 },
      { 'idempotency-key': 'a'.repeat(201) },
    );
    expect(bad.statusCode).toBe(400);
    await agent.post(
      `/api/v1/w/${ws.slug}/tokens`,
      { name: 'x', scopes: ['read'], expiresInDays: 1 },
      { 'idempotency-key': 'k2' },
    );
    const reused = await agent.post(
      `/api/v1/w/${ws.slug}/tokens`,
      { name: 'y', scopes: ['read'], expiresInDays: 1 },
      { 'idempotency-key': 'k2' },
    );
    expect(reused.statusCode).toBe(422);
    expect(errorOf(reused).code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});
