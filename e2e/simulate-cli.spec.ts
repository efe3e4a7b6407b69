import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase } from './server.ts';
import { tempDir } from './temp-dirs.ts';

/** `tandem simulate` as an operator runs it (the built CLI), on either engine. */
let postgres: Awaited<ReturnType<typeof freshPostgresDatabase>>;
let env: Record<string, string>;
const dataDir = join(tempDir('tandem-simulate-cli-'), 'data');

function tandem(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/tandem.js', ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', TANDEM_PUBLIC_URL: 'http://tandem.test', ...env },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

/** Whether anything was written: the data folder made (PGlite) or the schema migrated (PostgreSQL). */
async function touched(): Promise<boolean> {
  if (!postgres) return existsSync(dataDir);
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ t: string | null }>(
      "select to_regclass('public.history_builds')::text as t",
    );
    return rows[0]!.t !== null;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  postgres = await freshPostgresDatabase();
  env = postgres ? { DATABASE_URL: postgres.url } : { DATABASE_URL: '', TANDEM_DATA_DIR: dataDir };
});
afterAll(async () => {
  await postgres?.drop();
});

describe('tandem simulate --workspace SLUG --months N', () => {
  it('refuses bad options before opening the database, then simulates a month of Acme through the services', async () => {
    for (const [args, message] of [
      [['--months', '0'], '--months must be a whole number from 1 to 24.'],
      [['--months', '25'], '--months must be a whole number from 1 to 24.'],
      [['--months', '1.5'], '--months must be a whole number from 1 to 24.'],
      [['--seed', 'abc'], '--seed must be a whole number from 0 to 2147483647.'],
      [['--seed', '99999999999'], '--seed must be a whole number from 0 to 2147483647.'],
      [['--tickets-per-day', '-5'], '--tickets-per-day must be a whole number from 0 to 1000.'],
      [['--tickets-per-day', '2.5'], '--tickets-per-day must be a whole number from 0 to 1000.'],
    ] as const) {
      const refused = tandem('simulate', '--workspace', 'acme', ...args);
      expect(refused.code, args.join(' ')).toBe(1);
      expect(refused.out.trim(), args.join(' ')).toBe(message);
    }
    expect(await touched()).toBe(false);

    expect(tandem('demo').code).toBe(0);
    const unknown = tandem('simulate', '--workspace', 'nowhere', '--months', '1');
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('No workspace has the address "nowhere".');

    const run = tandem('simulate', '--workspace', 'acme', '--months', '1', '--seed', '7');
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/^\d{4}-\d{2}-\d{2}: 15\/\d+ days$/m);
    const report = JSON.parse(run.out.slice(run.out.indexOf('{'))) as {
      from: string;
      to: string;
      days: number;
      tickets: number;
      recurring: { before: number; after: number; fixedOn: string | null };
    };
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(report.to).toBe(yesterday);
    expect(report.days).toBeGreaterThanOrEqual(28);
    expect(report.tickets).toBeGreaterThan(0);
    // The arc in small: the fault recurs, the problem is fixed, it recurs less after.
    expect(report.recurring.fixedOn).not.toBeNull();
    expect(report.recurring.after).toBeLessThan(report.recurring.before);

    // Everything it wrote went through the services: the audit chains still verify.
    const verified = tandem('audit', 'verify');
    expect(verified.code, verified.out).toBe(0);
    expect(verified.out).not.toContain('BROKEN');
  }, 600_000);
});
