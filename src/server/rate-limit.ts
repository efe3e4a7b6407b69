import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerToken } from './auth.ts';
import { AppError } from './errors.ts';

/** Requests per minute; 0 turns a limit off. Counted per instance (not shared across instances). */
export type RateLimits = { perAddress: number; perToken: number };

const WINDOW_MS = 60_000;

type Verdict = { isAllowed: boolean; isExceeded?: boolean; ttlInSeconds?: number };
type Limiter = (request: FastifyRequest) => Promise<Verdict>;

/**
 * Limits the API per client address (every request, so made-up tokens cannot dodge it) and, for
 * requests with a Bearer token, per token as well. Runs before authentication, so guessing costs
 * the guesser. The web app's files and the health checks are not limited.
 */
export async function registerRateLimits(app: FastifyInstance, limits: RateLimits) {
  await app.register(rateLimit, { global: false, timeWindow: WINDOW_MS });
  const create = (app as unknown as { createRateLimit(options: object): Limiter }).createRateLimit;
  const byAddress = limits.perAddress > 0 ? create({ max: limits.perAddress, timeWindow: WINDOW_MS }) : null;
  const byToken =
    limits.perToken > 0
      ? create({
          max: limits.perToken,
          timeWindow: WINDOW_MS,
          // A digest: the counter's key is not the secret itself.
          keyGenerator: (request: FastifyRequest) =>
            `token:${createHash('sha256')
              .update(bearerToken(request) ?? '')
              .digest('base64url')}`,
        })
      : null;
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const address = byAddress ? await byAddress(request) : null;
    const token = byToken && bearerToken(request) ? await byToken(request) : null;
    const [exceeded, who] = address?.isExceeded
      ? [address, 'from this address']
      : token?.isExceeded
        ? [token, 'with this API token']
        : [null, ''];
    if (!exceeded) return;
    const seconds = Math.max(1, exceeded.ttlInSeconds ?? 60);
    throw new AppError(
      429,
      'RATE_LIMITED',
      `Too many requests ${who}; try again in ${seconds} s.`,
      undefined,
      { 'retry-after': String(seconds) },
    );
  });
}
