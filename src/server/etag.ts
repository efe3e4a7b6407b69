import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Conditional GET for pages that clients poll (the desk queue, a ticket): a weak ETag over the
 * body sent, and 304 with no body when the client already holds it. Computed from the answer
 * itself, so any instance behind a load balancer gives the same tag for the same data.
 */
export async function conditionalGet(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  if (reply.statusCode !== 200 || typeof payload !== 'string') return payload;
  // A body with serverTime (the queue) never repeats, so it is always sent whole: a cached copy's
  // old serverTime would skew the browser's SLA countdown.
  const tag = `W/"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;
  reply.header('etag', tag);
  reply.header('cache-control', 'private, no-cache');
  const held = request.headers['if-none-match'];
  if (held?.split(',').some((t) => t.trim() === tag)) {
    reply.code(304);
    return '';
  }
  return payload;
}
