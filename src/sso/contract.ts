import { z } from 'zod';
import { Timestamp } from '../server/http.ts';

export const SsoProvidersResponseSchema = z.object({
  providers: z.array(z.object({ id: z.string(), name: z.string(), startUrl: z.string() })),
});
export type SsoProvidersResponse = z.infer<typeof SsoProvidersResponseSchema>;

export const SsoProviderParamsSchema = z.strictObject({ provider: z.string().min(1).max(40) });
export const SsoStartQuerySchema = z.strictObject({ returnTo: z.string().max(500).optional() });
/** The provider's redirect: its parameters are read by openid-client from the full URL. */
export const SsoCallbackQuerySchema = z
  .object({
    code: z.string().max(4000).optional(),
    state: z.string().max(4000).optional(),
    iss: z.string().max(4000).optional(),
    error: z.string().max(4000).optional(),
    error_description: z.string().max(4000).optional(),
  })
  .catchall(z.string().max(4000));

/** Where a refused sign-in lands: the sign-in page, showing the reason. */
export const SSO_ERROR_PAGE = '/login';

export const DomainRuleBodySchema = z.strictObject({
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(
      /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
      'must be an e-mail domain such as acme.example',
    ),
});
export const DomainRuleParamsSchema = z.strictObject({ workspace: z.string().min(1).max(100), id: z.uuid() });
export const DomainRuleSchema = z.object({ id: z.uuid(), domain: z.string(), createdAt: Timestamp });
export type DomainRuleView = z.infer<typeof DomainRuleSchema>;
export const DomainRuleListResponseSchema = z.object({
  items: z.array(DomainRuleSchema),
  abilities: z.object({ manageDomains: z.boolean() }),
});
export const DomainRuleResponseSchema = z.object({ rule: DomainRuleSchema });
export type DomainRuleListResponse = z.infer<typeof DomainRuleListResponseSchema>;
export type DomainRuleResponse = z.infer<typeof DomainRuleResponseSchema>;

export const SsoOutcomeSchema = z.enum(['signed_in', 'linked', 'joined', 'refused']);
export const SsoEventSchema = z.object({
  id: z.uuid(),
  provider: z.string(),
  at: Timestamp,
  outcome: SsoOutcomeSchema,
  /** The refusal's code (SSO_NOT_INVITED, SSO_RESPONSE_REFUSED…); null when signed in. */
  code: z.string().nullable(),
  /** The reason the person was shown. */
  reason: z.string().nullable(),
  /** The e-mail the provider asserted, when the attempt got that far. */
  email: z.string().nullable(),
});
export const SsoProviderStatusSchema = z.object({
  id: z.string(),
  name: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  /** answered: its discovery document answered at the last attempt; unreachable: it did not; not_used: no attempt kept. */
  status: z.enum(['answered', 'unreachable', 'not_used']),
  /** Signing out of Tandem ends the session at the provider too (signOutAtProvider). */
  signOutAtProvider: z.boolean(),
  lastUsedAt: Timestamp.nullable(),
  lastError: z.string().nullable(),
  clientSecret: z.object({
    /** Whether a client secret is configured (never the secret itself). */
    configured: z.boolean(),
    /** The environment variable it is read from. */
    variable: z.enum(['TANDEM_OIDC_PROVIDERS', 'TANDEM_OIDC_PROVIDERS_FILE']),
    rotation: z.string(),
  }),
});
export const SsoOverviewResponseSchema = z.object({
  providers: z.array(SsoProviderStatusSchema),
  events: z.array(SsoEventSchema),
  /** Events without a workspace (strangers, forged or expired flows, provider errors) are included. */
  instanceWide: z.boolean(),
  /** Each provider keeps its newest this many events; older ones are deleted. */
  eventsKept: z.number().int(),
});
export type SsoOverviewResponse = z.infer<typeof SsoOverviewResponseSchema>;
export type SsoEventView = z.infer<typeof SsoEventSchema>;
