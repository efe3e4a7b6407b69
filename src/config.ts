import { z } from 'zod';
import { parseWebhookAllowList, type WebhookAllowList } from './domain/webhook-targets.ts';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

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
    mail: c.SMTP_URL ? { smtpUrl: c.SMTP_URL, from: c.MAIL_FROM } : undefined,
    trustProxy: c.TANDEM_TRUST_PROXY,
    webhookAllowList: c.TANDEM_WEBHOOK_ALLOW_HOSTS,
    rateLimits: { perAddress: c.TANDEM_RATE_LIMIT_PER_ADDRESS, perToken: c.TANDEM_RATE_LIMIT_PER_TOKEN },
    logLevel: c.LOG_LEVEL,
    logRequests: c.LOG_REQUESTS,
  };
}
