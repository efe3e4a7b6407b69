import { z } from 'zod';

/** Liveness: the process answers. */
export const LivenessSchema = z.object({ status: z.literal('ok') });

/** Readiness: the database answers and every migration this build ships has been applied. */
export const ReadinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.enum(['ok', 'unreachable']),
  migrations: z.enum(['current', 'pending', 'unknown']),
  /** Background workers: the last error of each failing queue (detail only, never a reason for 503). */
  jobs: z.object({
    status: z.enum(['running', 'not_running']),
    errors: z.array(z.object({ queue: z.string(), at: z.string(), message: z.string() })),
  }),
});
export type Readiness = z.output<typeof ReadinessSchema>;
