import type { FastifyInstance } from 'fastify';
import { pingDatabase } from '../db/client.ts';
import { appliedMigrationCount, expectedMigrationCount } from '../db/migrate.ts';
import type { AppDeps } from './app.ts';

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
    // Worker errors are detail, not readiness: a failing SMTP server or webhook endpoint must not
    // take the instance out of the load balancer, but the operator sees which queue fails and why.
    const jobs = deps.jobs
      ? {
          status: 'running',
          errors: deps.jobs
            .errors()
            .map((e) => ({ queue: e.queue, at: e.at.toISOString(), message: e.message })),
        }
      : { status: 'not_running', errors: [] };
    return reply.status(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'not_ready',
      database: up ? 'ok' : 'unreachable',
      migrations,
      jobs,
    });
  });
};
