import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';
import { isUnconvertedRoute } from './unconverted-routes.ts';

/** The web app's own files and the API explorer are not part of the API contract; health checks are. */
export const isOutsideContract = (url: string) =>
  url === '/*' ||
  url.startsWith('/api/docs') ||
  !(url.startsWith('/api/') || /^\/(healthz|readyz)$/.test(url));

/**
 * Tests only: a 2xx whose status has no response schema was sent unchecked (the serializer runs
 * per declared status), so it fails loudly instead; the contract test checks declarations statically.
 */
export async function refuseUndeclaredSuccess(request: FastifyRequest, reply: FastifyReply) {
  const status = reply.statusCode;
  const url = request.routeOptions.url;
  if (status < 200 || status > 299 || !url || isOutsideContract(url) || isUnconvertedRoute(url)) return;
  const declared = (request.routeOptions.schema?.response ?? {}) as Record<string, unknown>;
  if (!(String(status) in declared || '2XX' in declared)) {
    throw new AppError(
      500,
      'RESPONSE_WITHOUT_SCHEMA',
      `${request.method} ${url} answered ${status} but declares no response schema for it.`,
    );
  }
}
