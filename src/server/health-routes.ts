import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { pingDatabase } from '../db/client.ts';
import { appliedMigrationCount, expectedMigrationCount } from '../db/migrate.ts';
import type { AppDeps } from './context.ts';
import { LivenessSchema, type Readiness, ReadinessSchema } from './health-contract.ts';

export const healthRoutes = (deps: AppDeps) => async (root: FastifyInstance) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const expected = expectedMigrationCount();
  const tags = ['health'];
  app.get(
    '/healthz',
    { config: { access: 'public' }, schema: { tags, response: { 200: LivenessSchema } } },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      schema: { tags, response: { 200: ReadinessSchema, 503: ReadinessSchema } },
    },
    async (_request, reply) => {
      const db = deps.database.db;
      const up = await pingDatabase(db);
      const applied = up ? await appliedMigrationCount(db) : null;
      const migrations = applied === null ? 'unknown' : applied >= expected ? 'current' : 'pending';
      const ready = up && migrations === 'current';
      const body: Readiness = {
        status: ready ? 'ready' : 'not_ready',
        database: up ? 'ok' : 'unreachable',
        migrations,
        // Worker errors are detail, not readiness: a failing SMTP server or webhook endpoint must not
        // take the instance out of the load balancer, but the operator sees which queue fails and why.
        jobs: deps.jobs
          ? {
              status: 'running',
              errors: deps.jobs
                .errors()
                .map((e) => ({ queue: e.queue, at: e.at.toISOString(), message: e.message })),
            }
          : { status: 'not_running', errors: [] },
      };
      return reply.status(ready ? 200 : 503).send(body);
    },
  );
};
