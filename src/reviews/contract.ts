import { z } from 'zod';
import { ActionFieldsSchema, RaisedActionSchema } from '../backlog/contract.ts';
import { REVIEW_CADENCES } from '../domain/engagements.ts';
import { MEASURE_KEYS, MEASURE_UNITS, PACK_SECTIONS } from '../domain/measures.ts';
import { Timestamp, WorkspaceParamsSchema } from '../server/http.ts';

// ---- Requests ----

const IsoDate = z.iso.date('must be a date (YYYY-MM-DD)');

export const ReviewParamsSchema = WorkspaceParamsSchema.extend({
  key: z
    .string()
    .regex(/^(?:REV-)?\d{1,9}$/i, 'is not a review key such as REV-3')
    .transform((k) => Number(k.split('-').pop())),
});
export const SectionParamsSchema = ReviewParamsSchema.extend({
  section: z.enum(PACK_SECTIONS, { message: `must be one of ${PACK_SECTIONS.join(', ')}` }),
});
export const ExportParamsSchema = ReviewParamsSchema.extend({
  format: z.enum(['pdf', 'md', 'html'], { message: 'must be pdf, md or html' }),
});

export const CreateReviewBodySchema = z.strictObject({
  periodStart: IsoDate,
  /** The first day after the period (a month of November: 2026-11-01 to 2026-12-01). */
  periodEnd: IsoDate,
});
export type CreateReviewBody = z.output<typeof CreateReviewBodySchema>;

export const CommentaryBodySchema = z.strictObject({
  body: z.string().trim().max(10_000),
});

export const ReviewActionBodySchema = ActionFieldsSchema.extend({
  section: z.enum(PACK_SECTIONS),
});
export type ReviewActionBody = z.output<typeof ReviewActionBodySchema>;

export const HoldReviewBodySchema = z.strictObject({
  version: z.number().int().positive(),
  heldOn: IsoDate,
  attendees: z
    .array(z.string().trim().min(1, 'must not be empty').max(200))
    .min(1, 'name at least one attendee')
    .max(50),
});
export type HoldReviewBody = z.output<typeof HoldReviewBodySchema>;

export const ReviewSettingsBodySchema = z.strictObject({
  version: z.number().int().nonnegative(),
  recipientMembershipIds: z.array(z.uuid()).max(50),
});

export const MeasuresQuerySchema = z.strictObject({
  measure: z.enum(MEASURE_KEYS, { message: 'is not a measure' }),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});

// ---- The pack ----

const Value = z.number().nullable();
export const FigureSchema = z.object({
  label: z.string(),
  value: Value,
  unit: z.enum(MEASURE_UNITS),
  /** The figure formatted with its unit ("87.5%", "n/a"). */
  text: z.string(),
  previous: Value,
  direction: z.enum(['better', 'worse', 'same', 'unknown']),
});
export type Figure = z.output<typeof FigureSchema>;

export const ChartSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(['line', 'bar']),
  unit: z.enum(MEASURE_UNITS),
  series: z.array(z.object({ key: z.string(), label: z.string() })),
  /** One point per x value; a missing figure is null (never a made-up zero). */
  points: z.array(z.object({ x: z.string(), values: z.record(z.string(), Value) })),
});
export type Chart = z.output<typeof ChartSchema>;

export const PackItemSchema = z.object({
  key: z.string().nullable(),
  title: z.string(),
  detail: z.string(),
  /** Path inside the web app. */
  path: z.string().nullable(),
});
export type PackItem = z.output<typeof PackItemSchema>;

export const PackSectionSchema = z.object({
  id: z.enum(PACK_SECTIONS),
  title: z.string(),
  summary: z.string(),
  figures: z.array(FigureSchema),
  charts: z.array(ChartSchema),
  items: z.array(PackItemSchema),
});
export type PackSection = z.output<typeof PackSectionSchema>;

export const PackSchema = z.object({
  workspaceName: z.string(),
  period: z.object({ start: z.string(), end: z.string(), label: z.string() }),
  cadence: z.enum(REVIEW_CADENCES),
  generatedAt: z.string(),
  sections: z.array(PackSectionSchema),
  stillBuilding: z
    .object({
      from: z.string(),
      until: z.string(),
      daysDone: z.number().int(),
      daysTotal: z.number().int(),
      notice: z.string(),
    })
    .nullable()
    .optional()
    .meta({
      description:
        'set while the demo’s simulated history has not reached the days [from, until) of this period: its figures are not final',
    }),
});
export type Pack = z.output<typeof PackSchema>;

// ---- Responses ----

const Abilities = z.object({
  comment: z.boolean(),
  agreeAction: z.boolean(),
  hold: z.boolean(),
});

export const ReviewSummarySchema = z.object({
  id: z.string(),
  key: z.string(),
  number: z.number(),
  periodStart: z.string(),
  periodEnd: z.string(),
  periodLabel: z.string(),
  cadence: z.enum(REVIEW_CADENCES),
  status: z.enum(['draft', 'held']),
  heldOn: z.string().nullable(),
  createdAt: Timestamp,
});
export type ReviewSummary = z.output<typeof ReviewSummarySchema>;

export const ReviewListResponseSchema = z.object({
  items: z.array(ReviewSummarySchema),
  cadence: z.enum(REVIEW_CADENCES),
  /** The last period that has ended, which a lead would review next. */
  nextPeriod: z.object({ start: z.string(), end: z.string(), label: z.string(), exists: z.boolean() }),
  abilities: z.object({ create: z.boolean(), settings: z.boolean() }),
});
export type ReviewListResponse = z.output<typeof ReviewListResponseSchema>;

export const CommentarySchema = z.object({
  section: z.enum(PACK_SECTIONS),
  party: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
  author: z.string().nullable(),
  body: z.string(),
  updatedAt: Timestamp,
});

export const ReviewDetailSchema = ReviewSummarySchema.extend({
  heldAt: Timestamp.nullable(),
  attendees: z.array(z.string()),
  /** Live figures for a draft; the figures frozen at the meeting for a held review. */
  pack: PackSchema,
  frozen: z.boolean(),
  commentary: z.array(CommentarySchema),
  actions: z.array(RaisedActionSchema.extend({ section: z.string().nullable() })),
  parties: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string() })),
  abilities: Abilities,
  version: z.number(),
});
export type ReviewDetail = z.output<typeof ReviewDetailSchema>;
export const ReviewResponseSchema = z.object({ review: ReviewDetailSchema });
export type ReviewResponse = z.output<typeof ReviewResponseSchema>;

export const ReviewSettingsResponseSchema = z.object({
  recipients: z.array(z.object({ membershipId: z.string(), name: z.string().nullable() })),
  version: z.number(),
});
export type ReviewSettingsResponse = z.output<typeof ReviewSettingsResponseSchema>;

export const MeasureSeriesResponseSchema = z.object({
  measure: z.enum(MEASURE_KEYS),
  label: z.string(),
  unit: z.enum(MEASURE_UNITS),
  goodWhenLower: z.boolean(),
  from: z.string(),
  to: z.string(),
  dimensions: z.array(z.string()),
  points: z.array(z.object({ day: z.string(), values: z.record(z.string(), z.number()) })),
});
export type MeasureSeriesResponse = z.output<typeof MeasureSeriesResponseSchema>;

/** The leads' home: the headline measures' daily totals over the last days, one request for every sparkline. */
export const HeadlineMeasuresResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** The first day a snapshot exists for, null before the first snapshot. */
  firstSnapshot: z.string().nullable(),
  series: z.array(
    z.object({
      measure: z.enum(MEASURE_KEYS),
      label: z.string(),
      unit: z.enum(MEASURE_UNITS),
      goodWhenLower: z.boolean(),
      points: z.array(z.object({ day: z.string(), value: z.number() })),
    }),
  ),
});
export type HeadlineMeasuresResponse = z.output<typeof HeadlineMeasuresResponseSchema>;

export const PackExportSchema = {
  content: {
    'application/pdf': { schema: z.unknown().describe('The pack as a PDF, drawn on the server.') },
    'text/markdown': { schema: z.string().meta({ description: 'The pack as Markdown.' }) },
    'text/html': { schema: z.string().meta({ description: 'The pack as a standalone HTML page.' }) },
  },
};
