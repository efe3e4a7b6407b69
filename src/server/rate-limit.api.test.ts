import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { buildTestApp } from '../test/build-test-app.ts';
import { testAppForFile } from '../test/file-setup.ts';

const t = testAppForFile({ rateLimits: { perAddress: 5, perToken: 3 } });

const get = (url: string, remoteAddress: string, token?: string) =>
  t.app.inject({
    method: 'GET',
    url,
    remoteAddress,
    ...(token && { headers: { authorization: `Bearer ${token}` } }),
  });

const expectLimited = (response: Awaited<ReturnType<typeof get>>, who: RegExp) => {
  expect(response.statusCode).toBe(429);
  const retryAfter = Number(response.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  const body = response.json();
  expect(body).toEqual({ error: { code: 'RATE_LIMITED', message: expect.stringMatching(who) } });
  expect(body.error.message).toContain(`try again in ${retryAfter} s`);
};

describe('API rate limits', () => {
  it('limits each address: the request over the limit answers 429 with Retry-After', async () => {
    for (let i = 0; i < 5; i++) expect((await get('/api/v1/me', '10.0.0.1')).statusCode).toBe(401);
    expectLimited(await get('/api/v1/me', '10.0.0.1'), /from this address/);
    // Another address is counted on its own.
    expect((await get('/api/v1/me', '10.0.0.2')).statusCode).toBe(401);
  });

  it('limits each API token, whatever address it comes from; made-up tokens still count per address', async () => {
    const addresses = ['10.1.0.1', '10.1.0.2', '10.1.0.3'];
    for (const address of addresses)
      expect((await get('/api/v1/me', address, 'tdm_guessed_one')).statusCode).toBe(401);
    expectLimited(await get('/api/v1/me', '10.1.0.4', 'tdm_guessed_one'), /with this API token/);
    expect((await get('/api/v1/me', '10.1.0.4', 'tdm_guessed_two')).statusCode).toBe(401);
    // A new token per request does not escape the address's limit.
    for (let i = 0; i < 5; i++) await get('/api/v1/me', '10.2.0.1', `tdm_fresh_${i}`);
    expectLimited(await get('/api/v1/me', '10.2.0.1', 'tdm_fresh_last'), /from this address/);
  });

  it('does not limit health checks or the web app', async () => {
    for (let i = 0; i < 8; i++) expect((await get('/healthz', '10.3.0.1')).statusCode).toBe(200);
  });
});

describe('rate limit settings', () => {
  it('has defaults well above an interactive session, and 0 turns a limit off', () => {
    expect(loadConfig({}).rateLimits).toEqual({ perAddress: 3000, perToken: 1200 });
    expect(
      loadConfig({ TANDEM_RATE_LIMIT_PER_ADDRESS: '0', TANDEM_RATE_LIMIT_PER_TOKEN: '50' }).rateLimits,
    ).toEqual({ perAddress: 0, perToken: 50 });
    expect(() => loadConfig({ TANDEM_RATE_LIMIT_PER_TOKEN: 'lots' })).toThrow(/TANDEM_RATE_LIMIT_PER_TOKEN/);
  });

  it('turns limits off at 0', async () => {
    const open = await buildTestApp({ rateLimits: { perAddress: 0, perToken: 0 } });
    try {
      for (let i = 0; i < 10; i++) {
        const response = await open.app.inject({
          method: 'GET',
          url: '/api/v1/me',
          remoteAddress: '10.4.0.1',
          headers: { authorization: 'Bearer tdm_x' },
        });
        expect(response.statusCode).toBe(401);
      }
    } finally {
      await open.close();
    }
  });
});
