import { z } from 'zod';
import { EXIT_RUN_KINDS, EXIT_RUN_STATUSES } from '../db/schema/exit.ts';
import { Timestamp, WorkspaceParamsSchema } from '../server/http.ts';

/** The exit-plan API: request and response shapes (the web app imports these types only). */

export const RunParamsSchema = WorkspaceParamsSchema.extend({ runId: z.uuid() });

export const ExitRunSchema = z.object({
  id: z.uuid(),
  kind: z.enum(EXIT_RUN_KINDS),
  status: z.enum(EXIT_RUN_STATUSES),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  archiveBytes: z.number().int().nullable(),
  archiveSha256: z.string().nullable(),
  /** A verification's first difference, or why the run failed. */
  detail: z.string().nullable(),
  createdAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  downloadUrl: z.string().nullable(),
});
export type ExitRunView = z.output<typeof ExitRunSchema>;

export const ChecklistItemSchema = z.object({
  key: z.enum(['documentation', 'runbooks', 'privileged_access', 'open_work', 'verified_export']),
  title: z.string(),
  state: z.enum(['done', 'todo', 'not_recorded']),
  summary: z.string(),
  records: z.array(z.object({ label: z.string(), link: z.string() })),
});

export const ExitPlanSchema = z.object({
  offboardingClause: z.object({ recorded: z.boolean(), text: z.string().nullable() }),
  checklist: z.array(ChecklistItemSchema),
  lastVerifiedExport: ExitRunSchema.nullable(),
  runs: z.array(ExitRunSchema),
  abilities: z.object({ export: z.boolean(), verify: z.boolean(), download: z.boolean() }),
});
export type ExitPlan = z.output<typeof ExitPlanSchema>;

export const ExitPlanResponseSchema = z.object({ plan: ExitPlanSchema });
export const ExitRunResponseSchema = z.object({ run: ExitRunSchema });
