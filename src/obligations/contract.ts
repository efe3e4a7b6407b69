import { z } from 'zod';
import { OCCURRENCE_STATUSES } from '../domain/obligations.ts';
import { Timestamp, WorkspaceParamsSchema } from '../server/http.ts';

// ---- Requests ----

export const ObligationParamsSchema = WorkspaceParamsSchema.extend({
  key: z
    .string()
    .regex(/^(?:OBL-)?\d{1,9}$/i, 'is not an obligation key such as OBL-3')
    .transform((k) => Number(k.split('-').pop())),
});
export const OccurrenceParamsSchema = WorkspaceParamsSchema.extend({ id: z.uuid() });
export const EvidenceFileParamsSchema = OccurrenceParamsSchema.extend({ fileId: z.uuid() });
export const ControlParamsSchema = WorkspaceParamsSchema.extend({
  control: z.string().min(1).max(80),
});

const Item = z.string().trim().min(1, 'must not be empty').max(300);
const Items = (max: number) =>
  z
    .array(Item)
    .max(max)
    .refine((a) => new Set(a).size === a.length, 'must not repeat an item');
const Figure = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(100),
  unit: z.string().trim().max(30).default(''),
});

const ObligationFields = {
  title: z.string().trim().min(1, 'must not be empty').max(200),
  description: z.string().trim().max(5000).default(''),
  controls: z.array(z.string().trim().min(1).max(80)).max(20).default([]),
  serviceId: z.uuid(),
  accountableMembershipId: z.uuid(),
  systemId: z.uuid().nullable().optional(),
  rrule: z.string().trim().max(500),
  timeZone: z.string().trim().min(1).max(60).optional(),
  startsOn: z.iso.date('must be a date (YYYY-MM-DD)').optional(),
  dueTime: z.string().trim().default('17:00'),
  graceHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(72),
  checklist: Items(30).default([]),
  requiredFiles: Items(10).default([]),
  figure: Figure.nullable().default(null),
  attestation: z.string().trim().min(1, 'write the sentence the responsible person attests').max(1000),
};

export const CreateObligationBodySchema = z.strictObject(ObligationFields);
export type CreateObligationBody = z.output<typeof CreateObligationBodySchema>;

export const UpdateObligationBodySchema = z.strictObject({
  version: z.number().int().positive(),
  title: ObligationFields.title.optional(),
  description: z.string().trim().max(5000).optional(),
  controls: z.array(z.string().trim().min(1).max(80)).max(20).optional(),
  serviceId: z.uuid().optional(),
  accountableMembershipId: z.uuid().optional(),
  rrule: z.string().trim().max(500).optional(),
  timeZone: z.string().trim().min(1).max(60).optional(),
  dueTime: z.string().trim().optional(),
  graceHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .optional(),
  checklist: Items(30).optional(),
  requiredFiles: Items(10).optional(),
  figure: Figure.nullable().optional(),
  attestation: ObligationFields.attestation.optional(),
  status: z.enum(['active', 'retired']).optional(),
});
export type UpdateObligationBody = z.output<typeof UpdateObligationBodySchema>;

export const OccurrenceListQuerySchema = z.strictObject({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  view: z.enum(['attention', 'all']).default('attention'),
});

export const EvidenceBodySchema = z.strictObject({
  version: z.number().int().positive(),
  checkedItems: z.array(Item).max(30).optional(),
  figureValue: z.number().finite().nullable().optional(),
});
export const SubmitBodySchema = z.strictObject({
  version: z.number().int().positive(),
  attest: z.boolean(),
});
export const AcceptBodySchema = z.strictObject({ version: z.number().int().positive() });
export const RejectBodySchema = z.strictObject({
  version: z.number().int().positive(),
  reason: z.string().trim().min(1, 'say what is wrong with the evidence').max(5000),
});
export const UploadQuerySchema = z.strictObject({
  filename: z.string().min(1).max(300),
  requirement: z.string().min(1).max(300),
});

// ---- Responses ----

const Person = z.object({ membershipId: z.string(), name: z.string().nullable() }).nullable();
const Party = z.object({ id: z.string(), name: z.string() });
const VIEWS = ['upcoming', 'due', 'overdue', 'submitted', 'accepted', 'rejected'] as const;

export const ControlRefSchema = z.object({ ref: z.string(), name: z.string() });

export const ObligationSummarySchema = z.object({
  id: z.string(),
  key: z.string(),
  number: z.number(),
  title: z.string(),
  controls: z.array(ControlRefSchema),
  service: Party,
  responsibleParties: z.array(Party),
  accountable: Person,
  system: Party.nullable(),
  rrule: z.string(),
  scheduleText: z.string(),
  timeZone: z.string(),
  status: z.enum(['active', 'retired']),
  nextDueOn: z.string().nullable(),
  overdueCount: z.number(),
  version: z.number(),
});
export type ObligationSummary = z.output<typeof ObligationSummarySchema>;

const FileSchema = z.object({
  id: z.string(),
  requirement: z.string(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number(),
  uploadedBy: Person,
  createdAt: Timestamp,
});

export const OccurrenceSchema = z.object({
  id: z.string(),
  obligation: z.object({ key: z.string(), title: z.string() }),
  dueOn: z.string(),
  dueAt: Timestamp,
  graceUntil: Timestamp,
  status: z.enum(OCCURRENCE_STATUSES),
  view: z.enum(VIEWS),
  checkedItems: z.array(z.string()),
  figureValue: z.number().nullable(),
  files: z.array(FileSchema),
  attestedBy: Person,
  submittedAt: Timestamp.nullable(),
  onTime: z.boolean().nullable(),
  reviewedBy: Person,
  reviewedAt: Timestamp.nullable(),
  rejectionReason: z.string().nullable(),
  escalationLevel: z.number(),
  missed: z.boolean(),
  missing: z.array(z.string()),
  version: z.number(),
  abilities: z.object({ submit: z.boolean(), review: z.boolean() }),
});
export type OccurrenceView = z.output<typeof OccurrenceSchema>;

export const EvidenceDefinitionSchema = z.object({
  checklist: z.array(z.string()),
  requiredFiles: z.array(z.string()),
  figure: z.object({ name: z.string(), unit: z.string() }).nullable(),
  attestation: z.string(),
});

export const ObligationListResponseSchema = z.object({
  items: z.array(ObligationSummarySchema),
  abilities: z.object({ manage: z.boolean() }),
});
export type ObligationListResponse = z.output<typeof ObligationListResponseSchema>;

export const ObligationDetailSchema = ObligationSummarySchema.extend({
  description: z.string(),
  startsOn: z.string(),
  dueTime: z.string(),
  graceHours: z.number(),
  evidence: EvidenceDefinitionSchema,
  occurrences: z.array(OccurrenceSchema),
  abilities: z.object({ manage: z.boolean() }),
});
export type ObligationDetail = z.output<typeof ObligationDetailSchema>;
export const ObligationResponseSchema = z.object({ obligation: ObligationDetailSchema });
export type ObligationResponse = z.output<typeof ObligationResponseSchema>;

export const OccurrenceListResponseSchema = z.object({ items: z.array(OccurrenceSchema) });
export type OccurrenceListResponse = z.output<typeof OccurrenceListResponseSchema>;
export const OccurrenceResponseSchema = z.object({
  occurrence: OccurrenceSchema,
  evidence: EvidenceDefinitionSchema,
  /** Access reviews started from this occurrence; a completed one's evidence pack is among the files. */
  accessReviews: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      status: z.string(),
      completedAt: Timestamp.nullable(),
      path: z.string(),
    }),
  ),
});
export type OccurrenceResponse = z.output<typeof OccurrenceResponseSchema>;

export const ControlsResponseSchema = z.object({
  controls: z.array(z.object({ ref: z.string(), name: z.string(), kind: z.enum(['control', 'ce', 'csf']) })),
});
export type ControlsResponse = z.output<typeof ControlsResponseSchema>;

const ControlStats = z.object({
  ref: z.string(),
  name: z.string(),
  obligations: z.array(z.object({ key: z.string(), title: z.string() })),
  accepted: z.number(),
  due: z.number(),
  onTimeRate: z.number().nullable(),
  lastAcceptedOn: z.string().nullable(),
});
export const EvidenceLibraryResponseSchema = z.object({ controls: z.array(ControlStats) });
export type EvidenceLibraryResponse = z.output<typeof EvidenceLibraryResponseSchema>;
export const ControlEvidenceResponseSchema = z.object({
  control: ControlStats,
  occurrences: z.array(OccurrenceSchema),
  figureSeries: z.array(
    z.object({
      obligationKey: z.string(),
      name: z.string(),
      unit: z.string(),
      dueOn: z.string(),
      value: z.number(),
    }),
  ),
});
export type ControlEvidenceResponse = z.output<typeof ControlEvidenceResponseSchema>;
