import type { FastifyReply, FastifyRequest } from 'fastify';

/** A request slower than this is logged at info even when requests are not asked for. */
export const SLOW_REQUEST_MS = 1_000;

/**
 * One line per finished request: at debug normally (a `/readyz` poll every few seconds would
 * otherwise fill the log), at info when LOG_REQUESTS asks for them, when the server failed (5xx)
 * or when the request was slow.
 */
export function logRequest(always: boolean, request: FastifyRequest, reply: FastifyReply) {
  const responseTimeMs = Math.round(reply.elapsedTime);
  const notable = reply.statusCode >= 500 || responseTimeMs >= SLOW_REQUEST_MS;
  const level = always || notable ? 'info' : 'debug';
  request.log[level](
    { method: request.method, url: request.url, statusCode: reply.statusCode, responseTimeMs },
    notable && reply.statusCode < 500 ? 'slow request' : 'request completed',
  );
}
