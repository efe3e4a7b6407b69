import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { HISTORY_ONLY_JOBS } from '../jobs/queue.ts';
import { createTestDatabase } from '../test/test-database.ts';
import { buildApp } from './app.ts';
import { logRequest, SLOW_REQUEST_MS } from './request-log.ts';

type Line = { level: number; msg: string; url?: string; statusCode?: number };
const INFO = 30;
const DEBUG = 20;

const collector = () => {
  const lines: Line[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const text of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(text));
      done();
    },
  });
  return { lines, sink };
};

const secretKey = randomBytes(32);
let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

async function appLogging(level: string, env: Record<string, string> = {}) {
  const { lines, sink } = collector();
  const config = {
    ...loadConfig({ NODE_ENV: 'test', TANDEM_PUBLIC_URL: 'http://tandem.test', LOG_LEVEL: level, ...env }),
    demo: false,
  };
  const logger = pino({ level }, sink);
  const app = await buildApp({ config, database, secretKey, logger, jobs: HISTORY_ONLY_JOBS });
  await app.ready();
  return { app, lines };
}

const requestLines = (lines: Line[]) => lines.filter((l) => l.url === '/readyz');

describe('request logging', () => {
  it('keeps /readyz polls out of an info log', async () => {
    const { app, lines } = await appLogging('info');
    for (let i = 0; i < 3; i++) expect((await app.inject({ url: '/readyz' })).statusCode).toBeLessThan(600);
    await app.close();
    expect(requestLines(lines)).toEqual([]);
  });

  it('logs each request at debug when LOG_LEVEL asks for debug', async () => {
    const { app, lines } = await appLogging('debug');
    await app.inject({ url: '/readyz' });
    await app.close();
    expect(requestLines(lines).map((l) => [l.level, l.msg])).toEqual([[DEBUG, 'request completed']]);
  });

  it('logs each request at info when LOG_REQUESTS asks for them', async () => {
    const { app, lines } = await appLogging('info', { LOG_REQUESTS: 'true' });
    await app.inject({ url: '/readyz' });
    await app.close();
    expect(requestLines(lines).map((l) => l.level)).toEqual([INFO]);
  });

  it('keeps server errors and slow requests at info', () => {
    const { lines, sink } = collector();
    const log = pino({ level: 'info' }, sink);
    const request = { log, method: 'GET', url: '/x' } as unknown as FastifyRequest;
    const reply = (statusCode: number, elapsedTime: number) =>
      ({ statusCode, elapsedTime }) as unknown as FastifyReply;
    logRequest(false, request, reply(200, 5));
    logRequest(false, request, reply(500, 5));
    logRequest(false, request, reply(200, SLOW_REQUEST_MS + 1));
    expect(lines.map((l) => [l.statusCode, l.msg])).toEqual([
      [500, 'request completed'],
      [200, 'slow request'],
    ]);
  });
});
