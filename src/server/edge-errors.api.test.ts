import { connect } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_PUBLIC_URL } from '../test/build-test-app.ts';
import { errorOf, signedIn, type TestClient } from '../test/client.ts';
import { testAppForFile, workspaceForFile } from '../test/file-setup.ts';
import { auditCount } from '../test/tenancy-helpers.ts';
import { firstServiceId } from '../test/workspace-lookups.ts';

// The smaller defects of issue #10 (item 9): tampered cursors, foreign origins, oversized headers
// and missing dates each get a clear 4xx in the documented shape.

const t = testAppForFile();
const ws = workspaceForFile(t, 'Edge Co');
let lead: TestClient;
let serviceId: string;

const base = () => `/api/v1/w/${ws.slug}`;
const cursorOf = (values: unknown) => Buffer.from(JSON.stringify(values)).toString('base64url');

beforeAll(async () => {
  lead = await signedIn(t.app, ws.lead.email);
  serviceId = await firstServiceId(lead, ws);
});

describe('a tampered list cursor answers 400 naming the cursor, never 500', () => {
  const lists = [
    '/tickets',
    '/tickets?sort=priority',
    '/tickets?sort=created',
    '/notifications',
    '/members',
    '/articles',
    '/decisions',
    '/audit',
  ];
  const tampered: Array<[string, unknown]> = [
    ['a number where a date or a name belongs', [12345, '00000000-0000-4000-8000-000000000000']],
    ['a date that is not one', ['2026-02-31T99:00:00.000Z', '00000000-0000-4000-8000-000000000000']],
    ['an id that is not a uuid', ['2026-01-01T00:00:00.000Z', 'not-a-uuid']],
    ['a number that is not an integer', [1.5]],
    ['an object instead of a value', [{ a: 1 }, { b: 2 }]],
    ['text with a NUL character', ['a\u0000b', '00000000-0000-4000-8000-000000000000']],
  ];
  // Members and the priority sort key on text (a name, a priority), so any string fits there.
  const keyedOnText = new Set(['/members', '/tickets?sort=priority']);
  for (const list of lists) {
    const cases = keyedOnText.has(list) ? tampered.filter(([name]) => !name.startsWith('a date')) : tampered;
    it.each(cases)(`${list}: %s`, async (_name, values) => {
      const join = list.includes('?') ? '&' : '?';
      const response = await lead.get(`${base()}${list}${join}cursor=${cursorOf(values)}`);
      expect(response.statusCode, response.body).toBe(400);
      expect(errorOf(response).message).toContain('cursor');
    });
  }
});

describe('a valid CSRF token from a foreign origin is refused', () => {
  const create = (headers: Record<string, string>) =>
    lead.post(`${base()}/tickets`, { serviceId, subject: 'From where?' }, headers);

  it('refuses a foreign Origin with 403, naming the public URL, and writes nothing', async () => {
    const before = await auditCount(t);
    const response = await create({ origin: 'https://evil.example' });
    expect(response.statusCode).toBe(403);
    expect(errorOf(response).code).toBe('CROSS_ORIGIN_REFUSED');
    expect(errorOf(response).message).toContain(TEST_PUBLIC_URL);
    expect(await auditCount(t)).toBe(before);
  });

  it('refuses Sec-Fetch-Site: cross-site (and same-site) even without an Origin', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const response = await create({ 'sec-fetch-site': site });
      expect(response.statusCode, site).toBe(403);
      expect(errorOf(response).code).toBe('CROSS_ORIGIN_REFUSED');
    }
  });

  it('accepts our own origin, same-origin fetches, and clients that send neither header', async () => {
    expect((await create({ origin: TEST_PUBLIC_URL, 'sec-fetch-site': 'same-origin' })).statusCode).toBe(201);
    expect((await create({})).statusCode).toBe(201);
  });

  it('leaves Bearer-token clients alone: they carry no ambient credential', async () => {
    const token = await lead.post(`${base()}/tokens`, {
      name: 'script',
      scopes: ['read', 'write'],
      expiresInDays: 30,
    });
    expect(token.statusCode, token.body).toBe(201);
    const response = await t.app.inject({
      method: 'POST',
      url: `${base()}/tickets`,
      payload: { serviceId, subject: 'From a script' },
      headers: { authorization: `Bearer ${token.json().secret}`, origin: 'https://elsewhere.example' },
    });
    expect(response.statusCode, response.body).toBe(201);
  });
});

describe('a 20 kB header answers 431 in the documented error shape', () => {
  it('on a real socket', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1');
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk.toString();
      });
      socket.on('close', () => resolve(data));
      socket.on('error', (error) => (data ? resolve(data) : reject(error)));
      socket.write(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    });
    expect(raw.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
    expect(body).toEqual({ error: { code: 'HEADERS_TOO_LARGE', message: expect.any(String) } });
  });
});

describe('dates in queries: a missing or malformed one is named with its format', () => {
  it.each([
    ['/time', 'from'],
    ['/time?from=2026-01-01', 'to'],
    ['/time?from=yesterday&to=2026-02-01', 'from'],
    ['/audit?from=last-week', 'from'],
    ['/tickets?createdAfter=soon', 'createdAfter'],
    [`/sla/rota?partyId=00000000-0000-4000-8000-000000000000`, 'from'],
    [`/sla/rota?partyId=00000000-0000-4000-8000-000000000000&from=2026-01-01&to=2026-13-45`, 'to'],
  ])('%s names querystring.%s', async (path, name) => {
    const response = await lead.get(`${base()}${path}`);
    expect(response.statusCode, response.body).toBe(400);
    const error = errorOf(response);
    expect(error.message).toContain(`querystring.${name}`);
    expect(error.message).toContain('2026-03-31');
    expect(error.message).not.toContain('received Date');
  });

  it('still answers with dates given as a day or an instant', async () => {
    const response = await lead.get(`${base()}/time?from=2026-01-01&to=2026-02-01T00:00:00Z`);
    expect(response.statusCode, response.body).toBe(200);
  });
});
