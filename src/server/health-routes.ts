import type { FastifyInstance } from 'fastify';
import { pingDatabase } from '../db/client.ts';
import { appliedMigrationCount, expectedMigrationCount } from '../db/migrate.ts';
import type { AppDeps } from './context.ts';

export const healthRoutes = (deps: AppDeps) => async (app: FastifyInstance) => {
  const expected = expectedMigrationCount();
  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async () => ({
    status: 'ok',
  }));
  app.get('/readyz', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    const db = deps.database.db;
    const up = await pingDatabase(db);
    const applied = up ? await appliedMigrationCount(db) : null;
    const migrations = applied === null ? 'unknown' : applied >= expected ? 'current' : 'pending';
    const ready = up && migrations === 'current';
    return reply.status(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'not_ready',
      database: up ? 'ok' : 'unreachable',
      migrations,
    });
  });
};
