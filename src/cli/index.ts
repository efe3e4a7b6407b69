import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { createAccount, resetAccountMfa, resetPassword } from '../accounts/admin.ts';
import { verifyAuditChains } from '../audit/verify.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { type DatabaseHandle, openDatabase } from '../db/client.ts';
import { demoSignInHelp, seedDemo } from '../demo/seed.ts';
import { registerExitCommands } from '../exit/cli.ts';
import { systemMeta } from '../server/context.ts';
import { AppError } from '../server/errors.ts';
import { buildHistory } from '../simulation/history.ts';
import { createWorkspace } from '../workspace-setup/create-workspace.ts';
import { serve } from './serve.ts';

async function withDatabase<T>(
  fn: (db: DatabaseHandle) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
    // Behind a pooler in transaction mode, the commands follow the server's setting.
    preparedStatements: config.databasePreparedStatements,
    migrate: options.migrate,
  });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

/** Passwords come from stdin or an environment variable, never from argv (shell history, ps). */
function readPassword(options: { passwordStdin?: boolean }): string {
  if (options.passwordStdin) return readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  const fromEnv = process.env.TANDEM_PASSWORD;
  if (fromEnv) return fromEnv;
  throw new AppError(
    400,
    'PASSWORD_REQUIRED',
    'Give the password on standard input with --password-stdin, or in TANDEM_PASSWORD.',
  );
}

/** A whole-number option from `min` to `max`, or a message naming the option and its range. */
function wholeOption(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max)
    throw new AppError(400, 'INVALID_OPTION', `${flag} must be a whole number from ${min} to ${max}.`);
  return n;
}

const program = new Command('tandem').description('Tandem: the co-managed IT workspace').showHelpAfterError();

program
  .command('serve')
  .description(
    'Apply migrations and serve the API and web app (seeds the demo on an empty database unless --no-demo)',
  )
  .option('--no-demo', 'do not create the demo workspaces; an empty database then needs `tandem setup`')
  .action((options: { demo: boolean }) => serve({ demo: options.demo }));

program
  .command('migrate')
  .description('Apply pending database migrations and exit')
  .action(() => withDatabase(async (db) => console.log(`Migrations are current (${db.kind}).`)));

program
  .command('setup')
  .description('Create the first administrator and their workspace')
  .requiredOption('--email <email>', 'administrator email')
  .requiredOption('--name <name>', 'administrator name')
  .requiredOption('--workspace <name>', 'workspace name, e.g. "Acme Manufacturing"')
  .requiredOption('--slug <slug>', 'workspace address, e.g. acme')
  .option('--internal-party <name>', 'name of the internal IT party', 'Internal IT')
  .option('--password-stdin', 'read the password from standard input (else TANDEM_PASSWORD)')
  .action(
    (o: {
      email: string;
      name: string;
      workspace: string;
      slug: string;
      internalParty: string;
      passwordStdin?: boolean;
    }) =>
      withDatabase(async ({ db }) => {
        const meta = systemMeta('cli-setup');
        const account = await createAccount(db, meta, {
          email: o.email,
          name: o.name,
          password: readPassword(o),
          isAdmin: true,
        });
        const { workspace } = await createWorkspace(
          db,
          meta,
          { accountId: account.id, isAdmin: true },
          {
            name: o.workspace,
            slug: o.slug,
            internalPartyName: o.internalParty,
          },
        );
        console.log(
          `Created administrator ${account.email} and workspace "${workspace.name}" (/w/${workspace.slug}).`,
        );
        console.log('They set up two-step sign-in at first sign-in.');
      }),
  );

program
  .command('demo')
  .description('Create the demo workspaces (Acme Manufacturing, Bramble Foods) in this database')
  .action(() =>
    withDatabase(async ({ db }) => {
      await seedDemo(db);
      console.log(demoSignInHelp(loadConfig().publicUrl));
    }),
  );

const user = program.command('user').description('Manage accounts');
user
  .command('create')
  .description('Create an account (add it to workspaces by invitation)')
  .requiredOption('--email <email>')
  .requiredOption('--name <name>')
  .option('--admin', 'make it an administrator (may create workspaces)')
  .option('--password-stdin', 'read the password from standard input (else TANDEM_PASSWORD)')
  .action((o: { email: string; name: string; admin?: boolean; passwordStdin?: boolean }) =>
    withDatabase(async ({ db }) => {
      const account = await createAccount(db, systemMeta('cli'), {
        email: o.email,
        name: o.name,
        password: readPassword(o),
        isAdmin: o.admin ?? false,
      });
      console.log(`Created ${account.email}${account.isAdmin ? ' (administrator)' : ''}.`);
    }),
  );
user
  .command('reset-password')
  .description("Set a new password and end the account's sessions")
  .requiredOption('--email <email>')
  .option('--password-stdin', 'read the password from standard input (else TANDEM_PASSWORD)')
  .action((o: { email: string; passwordStdin?: boolean }) =>
    withDatabase(async ({ db }) => {
      await resetPassword(db, systemMeta('cli'), o.email, readPassword(o));
      console.log(`Password reset for ${o.email}; their sessions have ended.`);
    }),
  );
user
  .command('reset-mfa')
  .description('Remove two-step sign-in so the person enrols again at next sign-in')
  .requiredOption('--email <email>')
  .action((o: { email: string }) =>
    withDatabase(async ({ db }) => {
      await resetAccountMfa(db, systemMeta('cli'), o.email);
      console.log(`Two-step sign-in reset for ${o.email}; they enrol again at next sign-in.`);
    }),
  );

registerExitCommands(program, withDatabase, () => loadConfig().publicUrl);

program
  .command('simulate')
  .description(
    "Simulate months of a workspace's history through Tandem's own services on simulated time, then refresh its measures",
  )
  .requiredOption('--workspace <slug>', 'workspace address, e.g. acme')
  .option('--months <n>', 'months of history ending yesterday', '6')
  .option('--seed <n>', 'seed of the random choices (the same seed gives the same history)', '16')
  .option('--tickets-per-day <n>', 'background tickets per working day', '3')
  .action((o: { workspace: string; months: string; seed: string; ticketsPerDay: string }) => {
    // Checked before the database is opened: a bad value writes nothing (no build is recorded).
    const months = wholeOption('--months', o.months, 1, 24);
    const seed = wholeOption('--seed', o.seed, 0, 2_147_483_647);
    const ticketsPerDay = wholeOption('--tickets-per-day', o.ticketsPerDay, 0, 1_000);
    return withDatabase(async ({ db }) => {
      const started = Date.now();
      const report = await buildHistory(
        db,
        o.workspace,
        { months, seed, ticketsPerDay },
        (done, total, day) => {
          if (done % 15 === 0 || done === total) console.log(`${day}: ${done}/${total} days`);
        },
      );
      console.log(JSON.stringify({ ...report, seconds: Math.round((Date.now() - started) / 1000) }, null, 2));
    });
  });

program
  .command('audit')
  .description('Audit log tools')
  .command('verify')
  .description('Recompute every audit hash chain and name the first broken link')
  .addOption(new Option('--chain <id>', 'only this chain (a workspace id, or "accounts")'))
  .action((o: { chain?: string }) =>
    withDatabase(async (database) => {
      const reports = await verifyAuditChains(database, o.chain);
      let broken = 0;
      for (const r of reports) {
        if (r.broken) {
          broken++;
          console.log(`BROKEN  chain ${r.chain}: event ${r.broken.id}: ${r.broken.reason}`);
        } else {
          console.log(`ok      chain ${r.chain}: ${r.events} events`);
        }
      }
      if (broken > 0) process.exitCode = 2;
    }),
  );

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ConfigError || error instanceof AppError || error instanceof Error) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
