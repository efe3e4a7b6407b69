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
