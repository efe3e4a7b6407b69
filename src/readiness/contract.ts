import { z } from 'zod';
import { READINESS_CHECK_KEYS, READINESS_STATUSES } from '../domain/readiness.ts';
import { PRIORITIES } from '../domain/tickets.ts';
import { Timestamp } from '../server/http.ts';

/** The readiness checklist and the leads' home summary: response schemas (both routes take no input). */

const EvidenceSchema = z.object({
  label: z.string(),
  figure: z.string(),
  /** A path inside the web app (/w/acme/sla), relative to the app's origin; null when the asker may not open it. */
  link: z.string().nullable(),
});

export const ReadinessCheckSchema = z.object({
  key: z.enum(READINESS_CHECK_KEYS),
  title: z.string(),
  question: z.string(),
  status: z.enum(READINESS_STATUSES),
  summary: z.string(),
  evidence: z.array(EvidenceSchema),
  nextAction: z.string().nullable(),
});
export type ReadinessCheck = z.output<typeof ReadinessCheckSchema>;

const SummarySchema = z.object({ met: z.number(), partly: z.number(), notMet: z.number() });

export const ReadinessResponseSchema = z.object({
  computedAt: Timestamp,
  summary: SummarySchema,
  checks: z.array(ReadinessCheckSchema),
});
export type Readiness = z.output<typeof ReadinessResponseSchema>;

const SlaAtRiskSchema = z.object({
  key: z.string(),
  subject: z.string(),
  priority: z.enum(PRIORITIES),
  dueAt: Timestamp,
  breached: z.boolean(),
  link: z.string(),
});
const RiskDueSchema = z.object({
  key: z.string(),
  title: z.string(),
  reason: z.enum(['acceptance_expiring', 'acceptance_expired', 'review_due']),
  /** The acceptance's end or the review date (ISO date or timestamp). */
  on: z.string(),
  link: z.string(),
});
const ObligationDueSchema = z.object({
  key: z.string(),
  title: z.string(),
  dueAt: Timestamp,
  overdue: z.boolean(),
  link: z.string(),
});

/** One call for the leads' home: the checklist in brief and what needs them soon. */
export const LeadHomeResponseSchema = z.object({
  computedAt: Timestamp,
  readiness: z.object({
    summary: SummarySchema,
    checks: z.array(ReadinessCheckSchema.pick({ key: true, title: true, status: true, nextAction: true })),
  }),
  /** `total` counts up to 500; `capped` says there are more. */
  slaAtRisk: z.object({ total: z.number(), capped: z.boolean(), items: z.array(SlaAtRiskSchema) }),
  risks: z.object({ total: z.number(), items: z.array(RiskDueSchema) }),
  obligations: z.object({ overdue: z.number(), dueSoon: z.number(), items: z.array(ObligationDueSchema) }),
});
export type LeadHome = z.output<typeof LeadHomeResponseSchema>;
