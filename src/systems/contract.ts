import { z } from 'zod';
import { ARTICLE_STATUSES } from '../db/schema/knowledge.ts';
import { CRITICALITIES, SYSTEM_KINDS } from '../domain/systems.ts';
import { TICKET_STATUSES } from '../domain/tickets.ts';
import { IdParamsSchema, NamedRef, TicketParamsSchema, Timestamp } from '../server/http.ts';

/** The systems register's API contract, with ticket assets and the knowledge-health report. */

export const SystemParamsSchema = IdParamsSchema;
export const DependencyParamsSchema = IdParamsSchema.extend({ dependsOnId: z.uuid() });
export const TicketAssetParamsSchema = TicketParamsSchema.extend({ systemId: z.uuid() });
export const ListQuerySchema = z.strictObject({
  criticality: z.enum(CRITICALITIES).optional(),
  serviceId: z.uuid().optional(),
});
const fields = {
  name: z.string().trim().min(1, 'must not be empty').max(200),
  kind: z.enum(SYSTEM_KINDS),
  criticality: z.enum(CRITICALITIES),
  ownerPartyId: z.uuid().optional(),
  serviceId: z.uuid().nullable().optional(),
  description: z.string().max(20_000).optional(),
  recoveryArticleId: z.uuid().nullable().optional(),
};
export const CreateBodySchema = z.strictObject(fields);
export const UpdateBodySchema = z.strictObject({
  name: fields.name.optional(),
  kind: fields.kind.optional(),
  criticality: fields.criticality.optional(),
  ownerPartyId: fields.ownerPartyId,
  serviceId: fields.serviceId,
  description: fields.description,
  recoveryArticleId: fields.recoveryArticleId,
  status: z.enum(['active', 'retired']).optional(),
  version: z.number().int().positive(),
});
export const DependencyBodySchema = z.strictObject({ dependsOnSystemId: z.uuid() });
export const TicketAssetBodySchema = z.strictObject({ systemId: z.uuid() });
export type NewSystemBody = z.input<typeof CreateBodySchema>;
export type UpdateSystemBody = z.input<typeof UpdateBodySchema>;

export const SystemAbilitiesSchema = z.object({ manage: z.boolean(), linkTicketAssets: z.boolean() });
export const SystemSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(SYSTEM_KINDS),
  criticality: z.enum(CRITICALITIES),
  ownerParty: NamedRef,
  service: NamedRef.nullable(),
  description: z.string(),
  recoveryArticle: z
    .object({
      id: z.string(),
      key: z.string(),
      number: z.number(),
      title: z.string(),
      status: z.enum(ARTICLE_STATUSES),
    })
    .nullable(),
  hasRecoveryProcedure: z.boolean(),
  status: z.enum(['active', 'retired']),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number(),
});
export type SystemView = z.output<typeof SystemSchema>;
export const SystemListSchema = z.object({
  items: z.array(SystemSchema.extend({ dependsOn: z.array(z.string()) })),
  abilities: SystemAbilitiesSchema,
});
export type SystemList = z.output<typeof SystemListSchema>;
export const SystemResponseSchema = z.object({ system: SystemSchema });
const SystemRef = z.object({ id: z.string(), name: z.string(), criticality: z.enum(CRITICALITIES) });
export const SystemDetailSchema = z.object({
  system: SystemSchema,
  dependsOn: z.array(SystemRef),
  dependents: z.array(SystemRef),
  tickets: z.array(
    z.object({
      key: z.string(),
      number: z.number(),
      subject: z.string(),
      status: z.enum(TICKET_STATUSES),
      createdAt: Timestamp,
    }),
  ),
  abilities: SystemAbilitiesSchema,
});
export type SystemDetail = z.output<typeof SystemDetailSchema>;
export const LinkedSchema = z.object({ linked: z.literal(true) });
export const TicketAssetsSchema = z.object({
  items: z.array(SystemRef.extend({ kind: z.enum(SYSTEM_KINDS) })),
});
export type TicketAssets = z.output<typeof TicketAssetsSchema>;

const Person = z.object({ membershipId: z.string(), name: z.string().nullable() });
const Concentration = { people: z.number(), flagged: z.boolean(), onlyPerson: Person.nullable() };
const Ref = z.object({ id: z.string(), name: z.string() });
export const KnowledgeHealthSchema = z.object({
  windowDays: z.number(),
  singlePerson: z.object({
    services: z.array(z.object({ service: Ref, ...Concentration })),
    criticalSystems: z.array(z.object({ system: Ref, ...Concentration })),
  }),
  gaps: z.object({
    servicesWithoutArticles: z.array(Ref.extend({ resolved: z.number() })),
    recurringWithoutArticle: z.array(
      z.object({
        kind: z.enum(['problem', 'proposal']),
        key: z.string(),
        title: z.string(),
        tickets: z.number(),
      }),
    ),
    criticalSystemsWithoutRecovery: z.array(Ref),
    articlesPastReview: z.array(
      z.object({
        id: z.string(),
        key: z.string(),
        title: z.string(),
        /** A calendar date (YYYY-MM-DD). */
        reviewDueOn: z.string(),
        status: z.string(),
      }),
    ),
  }),
});
export type KnowledgeHealth = z.output<typeof KnowledgeHealthSchema>;
