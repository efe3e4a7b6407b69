import { z } from 'zod';
import { OFFBOARDING_STATUSES, OFFBOARDING_TASK_STATUSES } from '../domain/offboarding.ts';
import { Timestamp, WorkspaceParamsSchema } from '../server/http.ts';

// ---- Requests ----

export const OffboardingParamsSchema = WorkspaceParamsSchema.extend({ offboardingId: z.uuid() });
export const TaskParamsSchema = OffboardingParamsSchema.extend({ taskId: z.uuid() });
export const PreviewQuerySchema = z.strictObject({ membershipId: z.uuid() });
export const OffboardBodySchema = z.strictObject({ membershipId: z.uuid() });
export const CompleteTaskBodySchema = z.strictObject({
  evidence: z.string().trim().min(1, 'say how it was done (the evidence)').max(5000),
});

// ---- Responses ----

const Person = z.object({ membershipId: z.string(), name: z.string() });

export const OffboardingPreviewSchema = z.object({
  person: Person.extend({ role: z.string(), party: z.string().nullable() }),
  /** What will happen, counted and listed. */
  membership: z.object({ deactivated: z.literal(true), apiTokens: z.number() }),
  tickets: z.array(z.object({ key: z.string(), subject: z.string() })),
  onCallShifts: z.number(),
  articles: z.array(z.object({ id: z.string(), title: z.string() })),
  passTo: Person,
  tasks: z.array(z.object({ kind: z.string(), label: z.string() })),
});
export type OffboardingPreview = z.output<typeof OffboardingPreviewSchema>;

export const OffboardingTaskSchema = z.object({
  id: z.string(),
  kind: z.string(),
  targetId: z.string().nullable(),
  label: z.string(),
  status: z.enum(OFFBOARDING_TASK_STATUSES),
  evidence: z.string().nullable(),
  doneAt: Timestamp.nullable(),
});

export const OffboardingSummarySchema = z.object({
  id: z.string(),
  key: z.string(),
  person: Person,
  status: z.enum(OFFBOARDING_STATUSES),
  startedAt: Timestamp,
  completedAt: Timestamp.nullable(),
});

export const OffboardingDetailSchema = OffboardingSummarySchema.extend({
  outcome: z.object({
    ticketsReturned: z.array(z.object({ key: z.string(), subject: z.string() })),
    shiftsReleased: z.number(),
    articlesReassigned: z.array(z.object({ id: z.string(), title: z.string() })),
    tokensRevoked: z.number(),
    sessionsRevoked: z.number(),
    passedTo: Person.nullable(),
  }),
  tasks: z.array(OffboardingTaskSchema),
  abilities: z.object({ completeTask: z.boolean() }),
});
export type OffboardingDetail = z.output<typeof OffboardingDetailSchema>;

export const PreviewResponseSchema = z.object({ preview: OffboardingPreviewSchema });
export const OffboardingResponseSchema = z.object({ offboarding: OffboardingDetailSchema });
export type OffboardingResponse = z.output<typeof OffboardingResponseSchema>;
export const OffboardingListResponseSchema = z.object({ offboardings: z.array(OffboardingSummarySchema) });
