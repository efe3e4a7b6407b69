import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseWebhookAllowList, type WebhookAllowList } from './domain/webhook-targets.ts';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** One OpenID Connect identity provider (TANDEM_OIDC_PROVIDERS or the file TANDEM_OIDC_PROVIDERS_FILE names). */
const OidcProviderSchema = z.strictObject({
  /** In URLs: /api/v1/auth/sso/<id>/start. */
  id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be lower-case letters, digits and dashes'),
  /** On the button: "Sign in with <name>". */
  name: z.string().trim().min(1).max(60),
  issuer: z.url({ message: 'must be the issuer URL (its /.well-known/openid-configuration is read)' }),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1).optional(),
  /**
   * Signing out of Tandem ends the person's session at the provider too (OpenID Connect RP-initiated
   * logout, when the provider publishes an end_session_endpoint). Register
   * `<TANDEM_PUBLIC_URL>/login` as a post-logout redirect URI at the provider first.
   */
  signOutAtProvider: z.boolean().optional(),
});
export type OidcProviderConfig = z.infer<typeof OidcProviderSchema>;
const OidcProvidersSchema = z
  .array(OidcProviderSchema)
  .max(20)
  .refine((list) => new Set(list.map((p) => p.id)).size === list.length, 'provider ids must differ');

function parseOidcProviders(text: string | undefined, where: string): OidcProviderConfig[] | string[] {
  if (!text) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [`${where}: is not JSON (an array of providers, see README)`];
  }
  const parsed = OidcProvidersSchema.safeParse(json);
  return parsed.success
    ? parsed.data
    : parsed.error.issues.map((i) =>
        `${where}: ${['', ...i.path].join('.')} ${i.message}`.replace(': .', ': '),
      );
}

const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  TANDEM_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_PREPARED_STATEMENTS: booleanFlag.default(true),
  TANDEM_PUBLIC_URL: z
    .url({ message: 'must be an absolute URL such as https://tandem.example.org' })
    .optional(),
  TANDEM_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'must be 64 hexadecimal characters (32 bytes)')
    .optional(),
  TANDEM_DEMO: booleanFlag.optional(),
  TANDEM_DEMO_HISTORY_MONTHS: z.coerce
    .number()
    .int('must be a whole number of months')
    .min(0)
    .max(24, 'at most 24 months')
    .default(6),
  SMTP_URL: z
    .string()
    .regex(
      /^smtps?:\/\//,
      'must be an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example.org:587',
    )
    .optional(),
  MAIL_FROM: z.string().min(3).default('Tandem <tandem@localhost>'),
  TANDEM_TRUST_PROXY: booleanFlag.default(false),
  TANDEM_WEBHOOK_ALLOW_HOSTS: z
    .string()
    .default('')
    .transform((value, check) => {
      const { allow, problems } = parseWebhookAllowList(value.split(','));
      for (const problem of problems) check.addIssue({ code: 'custom', message: problem });
      return allow;
    }),
  TANDEM_RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(0).max(1_000_000).default(3000),
  TANDEM_RATE_LIMIT_PER_TOKEN: z.coerce.number().int().min(0).max(1_000_000).default(1200),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_REQUESTS: booleanFlag.default(false),
  TANDEM_OIDC_PROVIDERS: z.string().optional(),
  SMTP_LISTEN: z
    .string()
    .regex(/^(\[[0-9a-f:.]+\]|[^\s:]+):\d{1,5}$/i, 'must be host:port, e.g. 0.0.0.0:2525')
    .optional(),
  MAIL_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(200 * 1024 * 1024)
    .default(25 * 1024 * 1024),
  MAIL_IMAP_POLL: booleanFlag.default(true),
  TANDEM_OIDC_PROVIDERS_FILE: z.string().optional(),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** Named prepared statements per connection; off behind a pooler that cannot keep them. */
  databasePreparedStatements: boolean;
  publicUrl: string;
  secretKeyHex: string | undefined;
  demo: boolean;
  /** Months of history the demo's first start simulates for Acme in the background (0: none). */
  demoHistoryMonths: number;
  /** Outgoing mail; unset means Tandem sends no e-mail (links are shown instead). */
  mail: { smtpUrl: string; from: string } | undefined;
  trustProxy: boolean;
  /** Internal hosts webhooks may reach (everything else inside the network is refused). */
  webhookAllowList: WebhookAllowList;
  /** API requests per minute per client address and per API token (0: off). */
  rateLimits: { perAddress: number; perToken: number };
  logLevel: string;
  /** Every HTTP request at info (otherwise at debug; errors and slow requests are always at info). */
  logRequests: boolean;
  /** OpenID Connect providers people may sign in with (none: password sign-in only). */
  oidcProviders: OidcProviderConfig[];
  /** The variable the providers (and their client secrets) were read from: the SSO page names it. */
  oidcProvidersFrom: 'TANDEM_OIDC_PROVIDERS' | 'TANDEM_OIDC_PROVIDERS_FILE';
  /** Inbound e-mail: the SMTP receiver's address (off when unset), the size limit, IMAP polling. */
  mailIn: { smtpListen: { host: string; port: number } | undefined; maxBytes: number; imapPoll: boolean };
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads the environment once; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means unset (a common way to switch one off in a shell or compose file).
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = ConfigSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const c = parsed.data;
  const port = c.PORT;
  let providersText = c.TANDEM_OIDC_PROVIDERS;
  let providersWhere: Config['oidcProvidersFrom'] = 'TANDEM_OIDC_PROVIDERS';
  if (c.TANDEM_OIDC_PROVIDERS_FILE) {
    providersWhere = 'TANDEM_OIDC_PROVIDERS_FILE';
    try {
      providersText = readFileSync(c.TANDEM_OIDC_PROVIDERS_FILE, 'utf8');
    } catch {
      throw new ConfigError([`TANDEM_OIDC_PROVIDERS_FILE: cannot read ${c.TANDEM_OIDC_PROVIDERS_FILE}`]);
    }
  }
  const oidc = parseOidcProviders(providersText, providersWhere);
  if (oidc.some((p) => typeof p === 'string')) throw new ConfigError(oidc as string[]);
  return {
    env: c.NODE_ENV,
    port,
    host: c.HOST,
    dataDir: c.TANDEM_DATA_DIR,
    databaseUrl: c.DATABASE_URL,
    databasePoolSize: c.DATABASE_POOL_SIZE,
    databasePreparedStatements: c.DATABASE_PREPARED_STATEMENTS,
    publicUrl: (c.TANDEM_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    secretKeyHex: c.TANDEM_SECRET_KEY,
    // Production never seeds demo data unless asked explicitly.
    demo: c.TANDEM_DEMO ?? c.NODE_ENV !== 'production',
    demoHistoryMonths: c.TANDEM_DEMO_HISTORY_MONTHS,
    mail: c.SMTP_URL ? { smtpUrl: c.SMTP_URL, from: c.MAIL_FROM } : undefined,
    trustProxy: c.TANDEM_TRUST_PROXY,
    webhookAllowList: c.TANDEM_WEBHOOK_ALLOW_HOSTS,
    rateLimits: { perAddress: c.TANDEM_RATE_LIMIT_PER_ADDRESS, perToken: c.TANDEM_RATE_LIMIT_PER_TOKEN },
    logLevel: c.LOG_LEVEL,
    logRequests: c.LOG_REQUESTS,
    oidcProviders: oidc as OidcProviderConfig[],
    oidcProvidersFrom: providersWhere,
    mailIn: {
      smtpListen: c.SMTP_LISTEN ? parseListen(c.SMTP_LISTEN) : undefined,
      maxBytes: c.MAIL_MAX_BYTES,
      imapPoll: c.MAIL_IMAP_POLL,
    },
  };
}

function parseListen(value: string) {
  const at = value.lastIndexOf(':');
  return { host: value.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(value.slice(at + 1)) };
}
