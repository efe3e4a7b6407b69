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
