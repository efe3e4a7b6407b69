import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase } from './server.ts';
import { tempDir } from './temp-dirs.ts';

/** `tandem export` and `tandem import` as an operator runs them (the built CLI), on either engine. */
type Target = { env: Record<string, string>; drop(): Promise<void> };

async function installation(): Promise<Target> {
  const postgres = await freshPostgresDatabase();
  if (postgres) return { env: { DATABASE_URL: postgres.url }, drop: () => postgres.drop() };
  return { env: { TANDEM_DATA_DIR: tempDir('tandem-exit-cli-') }, drop: async () => {} };
}

function tandem(target: Target, ...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/tandem.js', ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', TANDEM_PUBLIC_URL: 'http://tandem.test', ...target.env },
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

let source: Target;
let target: Target;
const archive = join(tempDir('tandem-exit-cli-out-'), 'acme.tar.gz');

beforeAll(async () => {
  source = await installation();
  target = await installation();
});
afterAll(async () => {
  await source?.drop();
  await target?.drop();
});

describe('tandem export and tandem import', () => {
  it('exports and verifies Acme, imports it elsewhere with one-time links, and the audit chain verifies', () => {
    expect(tandem(source, 'demo').code).toBe(0);
    const exported = tandem(source, 'export', '--workspace', 'acme', '--out', archive, '--verify');
    expect(exported.out).toContain(`Exported Acme Manufacturing (acme) to ${archive}`);
    expect(exported.out).toContain(
      'Verified: export → import into a scratch database → export gave the same data.',
    );
    expect(exported.code).toBe(0);

    expect(tandem(target, 'migrate').code).toBe(0);
    const imported = tandem(target, 'import', archive);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/Imported Acme Manufacturing as \/w\/acme \(id [0-9a-f-]{36}\)/);
    expect(imported.out).toMatch(/alice@acme\.example {2}http:\/\/tandem\.test\/invite\/\S+/);

    const again = tandem(target, 'import', archive);
    expect(again.code).toBe(1);
    expect(again.out).toContain('This database already holds workspace');

    const verified = tandem(target, 'audit', 'verify');
    expect(verified.code).toBe(0);
    expect(verified.out).not.toContain('BROKEN');
    expect(verified.out).toMatch(/ok {6}chain [0-9a-f-]{36}: \d+ events/);

    const unknown = tandem(target, 'export', '--workspace', 'nowhere', '--out', archive);
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('No workspace with the address nowhere');
  }, 600_000);
});
