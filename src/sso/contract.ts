import { z } from 'zod';

export const SsoProvidersResponseSchema = z.object({
  providers: z.array(z.object({ id: z.string(), name: z.string(), startUrl: z.string() })),
});
export type SsoProvidersResponse = z.infer<typeof SsoProvidersResponseSchema>;

export const SsoProviderParamsSchema = z.strictObject({ provider: z.string().min(1).max(40) });
export const SsoStartQuerySchema = z.strictObject({ returnTo: z.string().max(500).optional() });
/** The provider's redirect: its parameters are read by openid-client from the full URL. */
export const SsoCallbackQuerySchema = z.record(z.string(), z.string().max(4000));

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
export const DomainRuleSchema = z.object({ id: z.uuid(), domain: z.string(), createdAt: z.date() });
export const DomainRuleListResponseSchema = z.object({
  items: z.array(DomainRuleSchema),
  abilities: z.object({ manageDomains: z.boolean() }),
});
export const DomainRuleResponseSchema = z.object({ rule: DomainRuleSchema });
export type DomainRuleListResponse = z.infer<typeof DomainRuleListResponseSchema>;
