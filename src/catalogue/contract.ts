import { z } from 'zod';
import { LEVELS } from '../domain/tickets.ts';
import { ItemsSchema } from '../server/http.ts';

const FIELD_TYPES = ['text', 'textarea', 'number', 'date', 'select', 'checkbox'] as const;
const KINDS = ['request', 'incident'] as const;

export const CatalogueFieldSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, 'must be a letter then letters, digits or _'),
  label: z.string().trim().min(1).max(100),
  type: z.enum(FIELD_TYPES),
  required: z.boolean().default(false),
  options: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
});

export const CatalogueListQuerySchema = z.strictObject({
  includeRetired: z.enum(['true', 'false']).optional(),
});

export const CatalogueItemBodySchema = z.strictObject({
  serviceId: z.uuid(),
  kind: z.enum(KINDS),
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(2000).default(''),
  fields: z.array(CatalogueFieldSchema).max(20).default([]),
  defaultImpact: z.enum(LEVELS).default('low'),
  defaultUrgency: z.enum(LEVELS).default('medium'),
});

export const CatalogueItemPatchSchema = z.strictObject({
  version: z.number().int().positive(),
  serviceId: z.uuid().optional(),
  kind: z.enum(KINDS).optional(),
  name: z.string().trim().min(1).max(120).optional(),
  description: z.string().trim().max(2000).optional(),
  fields: z.array(CatalogueFieldSchema).max(20).optional(),
  defaultImpact: z.enum(LEVELS).optional(),
  defaultUrgency: z.enum(LEVELS).optional(),
  status: z.enum(['active', 'retired']).optional(),
});

// ---------- responses ----------

const FieldOutSchema = z.object({
  name: z.string(),
  label: z.string(),
  type: z.enum(FIELD_TYPES),
  required: z.boolean(),
  options: z.array(z.string()).optional(),
});

export const CatalogueItemSchema = z.object({
  id: z.string(),
  serviceId: z.string(),
  serviceName: z.string().nullable(),
  kind: z.enum(KINDS),
  name: z.string().meta({ example: 'New laptop' }),
  description: z.string(),
  fields: z.array(FieldOutSchema),
  defaultImpact: z.enum(LEVELS),
  defaultUrgency: z.enum(LEVELS),
  status: z.enum(['active', 'retired']),
  version: z.number().int(),
});
export type CatalogueItem = z.output<typeof CatalogueItemSchema>;
export type CatalogueField = z.output<typeof FieldOutSchema>;

export const CatalogueAbilitiesSchema = z.object({
  view: z.boolean(),
  viewRetired: z.boolean(),
  manage: z.boolean(),
});

export const CatalogueListSchema = ItemsSchema(CatalogueItemSchema).extend({
  abilities: CatalogueAbilitiesSchema,
});
export const CatalogueItemAnswerSchema = z.object({ item: CatalogueItemSchema });
