import { createHash } from 'node:crypto';
import { and, eq, isNull, lt } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { decryptSecret, encryptSecret, sha256 } from '../crypto/secrets.ts';
import type { Database } from '../db/client.ts';
import { idempotencyKeys } from '../db/schema/accounts.ts';
import { canonicalJson } from '../domain/audit-chain.ts';
import { AppError, Conflict, Invalid } from './errors.ts';

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

function callerAccountId(request: {
  session: { account: { id: string } } | null;
  actor: { accountId: string } | null;
}) {
  return request.actor?.accountId ?? request.session?.account.id ?? null;
}

/**
 * Create routes honour Idempotency-Key: a replay returns the stored response, the same key with
 * another body is refused. The key is claimed inside the change's transaction (db/tenant.ts).
 */
/** How long a key is honoured; older keys (and their sealed responses) are deleted. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export function registerIdempotency(app: FastifyInstance, db: Database, secretKey: Buffer) {
  // Security: stored responses may hold secrets shown once (a new API token), so they are sealed
  // with the server key and kept only for the replay window.
  const purge = setInterval(
    () => {
      db.delete(idempotencyKeys)
        .where(lt(idempotencyKeys.createdAt, new Date(Date.now() - IDEMPOTENCY_TTL_MS)))
        .catch((error: unknown) => app.log.warn({ err: error }, 'idempotency purge failed'));
    },
    60 * 60 * 1000,
  );
  purge.unref();
  app.addHook('onClose', async () => clearInterval(purge));

  app.addHook('preHandler', async (request, reply) => {
    if (!request.routeOptions.config.idempotent) return;
    const header = request.headers['idempotency-key'];
    if (header === undefined) return;
    if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
      throw new Invalid('Idempotency-Key must be 1–200 visible ASCII characters.', 'headers.idempotency-key');
    }
    const accountId = callerAccountId(request);
    if (!accountId) return;
    const body = Buffer.isBuffer(request.body)
      ? createHash('sha256').update(request.body).digest('hex')
      : canonicalJson(request.body ?? null);
    const requestHash = sha256(`${request.method} ${request.url}\n${body}`);
    const [stored] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.accountId, accountId), eq(idempotencyKeys.key, header)));
    if (stored) {
      if (stored.requestHash !== requestHash) {
        throw new AppError(
          422,
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used with a different request.',
        );
      }
      if (stored.statusCode === null) {
        throw new Conflict(
          'The first request with this Idempotency-Key is still running, or its change committed without a stored response.',
          'IDEMPOTENCY_KEY_IN_USE',
        );
      }
      reply.header('idempotency-replayed', 'true');
      const sealed = (stored.response as { sealed?: string } | null)?.sealed;
      return reply
        .status(stored.statusCode)
        .type('application/json')
        .send(sealed ? decryptSecret(secretKey, sealed) : 'null');
    }
    request.meta.idempotency = { key: header, requestHash, claimed: false };
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const idem = request.meta?.idempotency;
    if (!idem?.claimed || reply.statusCode >= 300) return payload;
    const accountId = callerAccountId(request);
    if (!accountId || typeof payload !== 'string') return payload;
    await db
      .update(idempotencyKeys)
      .set({ statusCode: reply.statusCode, response: { sealed: encryptSecret(secretKey, payload) } })
      .where(
        and(
          eq(idempotencyKeys.accountId, accountId),
          eq(idempotencyKeys.key, idem.key),
          isNull(idempotencyKeys.statusCode),
        ),
      );
    return payload;
  });
}
