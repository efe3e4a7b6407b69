import { z } from 'zod';

/** Liveness: the process answers. */
export const LivenessSchema = z.object({ status: z.literal('ok') });

/** Readiness: the database answers and every migration this build ships has been applied. */
export const ReadinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.enum(['ok', 'unreachable']),
  migrations: z.enum(['current', 'pending', 'unknown']),
});
export type Readiness = z.output<typeof ReadinessSchema>;
