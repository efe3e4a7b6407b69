import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from './errors.ts';

type ErrorBody = { error: { code: string; message: string; details?: unknown } };

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  '57P01', // admin shutdown
  '57P02', // crash shutdown
  '57P03', // cannot connect now (starting up)
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '55000', // database not accepting connections
  '3D000', // database does not exist (dropped or not yet created)
]);

function causes(error: unknown): Array<{ code?: string; message?: string }> {
  const chain: Array<{ code?: string; message?: string }> = [];
  let current = error as { cause?: unknown; code?: string; message?: string } | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    chain.push(current);
    current = current.cause as typeof current;
  }
  return chain;
}

/** The database could not be reached (restart, dropped connection, pool exhausted). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return causes(error).some(
    (e) =>
      (e.code !== undefined && CONNECTION_CODES.has(e.code)) ||
      /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connect ECONNREFUSED|not currently accepting connections|terminating connection/i.test(
        e.message ?? '',
      ),
  );
}

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_CONTENT_LENGTH',
};

/**
 * Errors Fastify raises before routing (Fastify option `frameworkErrors`): a path that is not
 * valid UTF-8 once percent-decoded is refused like any other bad text.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.code === 'FST_ERR_BAD_URL') {
    const message = 'is not valid UTF-8 text once percent-decoded';
    return reply.status(400).send({
      error: { code: 'INVALID_TEXT', message: `path: ${message}`, details: [{ path: 'path', message }] },
    });
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return reply
      .status(414)
      .send({ error: { code: 'URI_TOO_LONG', message: 'A path parameter is longer than 300 characters.' } });
  }
  request.log.error({ err: error }, 'framework error');
  return reply.status(500).send({
    error: { code: 'INTERNAL', message: `Something went wrong on our side (request ${request.id}).` },
  });
}

/**
 * Errors the HTTP parser raises before Fastify sees a request (Fastify option
 * `clientErrorHandler`), written in the documented `{ error: { code, message } }` shape.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', 'The request headers are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', 'The request took too long to arrive.']
        : [400, 'BAD_REQUEST', 'The request is not valid HTTP.'];
  const body = JSON.stringify({ error: { code, message } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** A body over the route's limit: the refusal names the limit (an attachment's 10 MB, say). */
function tooLarge(limit: number | undefined) {
  if (!limit) return 'The request body is too large.';
  const mib = limit / (1024 * 1024);
  const size =
    mib >= 1 ? `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MB` : `${Math.round(limit / 1024)} KB`;
  return `The request body (a file, for an upload) is larger than the ${size} this request accepts.`;
}

export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let status = 500;
    let body: ErrorBody;
    if (error instanceof AppError) {
      status = error.statusCode;
      body = { error: { code: error.code, message: error.message, details: error.details } };
      if (error.headers) reply.headers(error.headers);
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      status = 400;
      const details = error.validation.map((v) => ({
        path: [error.validationContext, ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'is not valid',
      }));
      const first = details[0];
      body = {
        error: {
          code: 'VALIDATION_FAILED',
          message: first ? `${first.path}: ${first.message}` : 'The request is not valid.',
          details,
        },
      };
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      status = error.statusCode;
      const isJsonSyntax = error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY';
      body = {
        error: {
          code: isJsonSyntax ? 'INVALID_JSON' : (FASTIFY_CODES[error.code] ?? 'BAD_REQUEST'),
          message: isJsonSyntax
            ? `The body is not valid JSON: ${error.message}`
            : error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
              ? tooLarge(request.routeOptions.bodyLimit)
              : error.message,
        },
      };
    } else if (isDatabaseUnavailable(error)) {
      status = 503;
      reply.header('retry-after', '5');
      body = {
        error: { code: 'DATABASE_UNAVAILABLE', message: 'The database is unavailable; try again shortly.' },
      };
      request.log.warn({ err: error }, 'database unavailable');
    } else if (causes(error).some((e) => e.code === '23505')) {
      // A unique rule caught two changes racing past the service's own check.
      status = 409;
      body = {
        error: {
          code: 'CONFLICT',
          message: 'That conflicts with a record made at the same moment; reload and try again.',
        },
      };
    } else if (causes(error).some((e) => e.code === '40001' || e.code === '40P01')) {
      status = 409;
      body = {
        error: {
          code: 'CONCURRENT_UPDATE',
          message: 'Another change happened at the same moment; try again.',
        },
      };
    } else {
      // Security: 5xx bodies never carry internals; the log has them, keyed by request id.
      request.log.error({ err: error }, 'unhandled error');
      body = {
        error: { code: 'INTERNAL', message: `Something went wrong on our side (request ${request.id}).` },
      };
    }
    reply.status(status).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({
      error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}` },
    });
  });
}
