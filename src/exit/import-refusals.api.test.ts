import { createHash } from 'node:crypto';
import {
  copyFileSync,
  createReadStream,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChains } from '../audit/verify.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { DEMO_PASSWORD, seedDemo } from '../demo/seed.ts';
import { acceptInvitation } from '../members/invitations.ts';
import { systemMeta } from '../server/context.ts';
import { createTestDatabase } from '../test/test-database.ts';
import { EXCLUDED_TABLES, GLOBAL_TABLES, readCatalog } from './catalog.ts';
import { ArchiveRefused } from './extract.ts';
import { importArchive } from './import.ts';
import { exportToFile, rewriteArchive, workspaceIdOf } from './test-support.ts';

const dir = mkdtempSync(join(tmpdir(), 'tandem-refusals-'));
const archive = join(dir, 'acme.tar.gz');
let source: DatabaseHandle;
let target: DatabaseHandle;
const options = { publicUrl: 'http://tandem.test', meta: systemMeta('test-import') };

beforeAll(async () => {
  source = await createTestDatabase();
  target = await createTestDatabase();
  await seedDemo(source.db);
  await exportToFile(source, await workspaceIdOf(source, 'acme'), archive);
}, 240_000);
afterAll(async () => {
  await source?.close();
  await target?.close();
  rmSync(dir, { recursive: true, force: true });
});

const workspaceCount = async (db: DatabaseHandle) =>
  Number((await db.unsafeOwnerQuery<{ n: string }>('select count(*) as n from workspaces'))[0]!.n);

async function refusal(file: string, db: DatabaseHandle = target, as?: string) {
  const before = await workspaceCount(db);
  const error = await importArchive(db, createReadStream(file), { ...options, as }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ArchiveRefused);
  expect(await workspaceCount(db)).toBe(before);
  return error as ArchiveRefused;
}

describe('what the export covers', () => {
  it('every table is exported, or excluded with a reason', async () => {
    const { exported, unknown } = await readCatalog(source.db);
    // A new table must be exported (it has workspace_id) or listed in EXCLUDED_TABLES / GLOBAL_TABLES with why.
    expect(unknown).toEqual([]);
    expect(exported.map((t) => t.name)).toContain('tickets');
    for (const why of [...Object.values(EXCLUDED_TABLES), ...Object.values(GLOBAL_TABLES)])
      expect(why.length).toBeGreaterThan(10);
    // Import order follows the foreign keys.
    const at = (name: string) => exported.findIndex((t) => t.name === name);
    expect(at('parties')).toBeLessThan(at('memberships'));
    expect(at('tickets')).toBeLessThan(at('ticket_comments'));
    expect(at('articles')).toBeLessThan(at('systems'));
  });

  it('carries no secret', async () => {
    const content = readFileSync(archive);
    expect(content.length).toBeGreaterThan(1000);
    await rewriteArchive(archive, join(dir, 'copy.tar.gz'), (name, body) => {
      if (name.startsWith('data/')) {
        const text = body.toString('utf8');
        for (const secret of ['password_hash', 'token_hash', 'mfa_secret_enc', '"secret"', 'csrf_token'])
          expect(text, `${name} holds ${secret}`).not.toContain(secret);
      }
      return body;
    });
  });
});

describe('refused archives write nothing', () => {
  it('a truncated archive', async () => {
    const file = join(dir, 'truncated.tar.gz');
    copyFileSync(archive, file);
    truncateSync(file, Math.floor(statSync(file).size / 2));
    const error = await refusal(file);
    expect(error.code).toBe('ARCHIVE_DAMAGED');
    expect(error.message).toMatch(/truncated or damaged/);
  });

  it('a modified file names the file', async () => {
    const file = join(dir, 'modified.tar.gz');
    await rewriteArchive(archive, file, (name, body) =>
      name === 'data/tickets.jsonl' ? Buffer.from(body.toString('utf8').replace('"new"', '"closed"')) : body,
    );
    const error = await refusal(file);
    expect(error.code).toBe('ARCHIVE_CHECKSUM_MISMATCH');
    expect(error.message).toContain('data/tickets.jsonl');
  });

  it('a manifest from the future names the Tandem version that reads it', async () => {
    const file = join(dir, 'future.tar.gz');
    await rewriteArchive(archive, file, (name, body) => {
      if (name !== 'manifest.json') return body;
      return Buffer.from(
        JSON.stringify({ ...JSON.parse(body.toString()), formatVersion: 7, tandemVersion: '9.2.0' }),
      );
    });
    const error = await refusal(file);
    expect(error.code).toBe('ARCHIVE_FROM_THE_FUTURE');
    expect(error.message).toContain('format version 7');
    expect(error.message).toContain('Tandem 9.2.0');
  });

  it('a format this Tandem no longer reads', async () => {
    const file = join(dir, 'old.tar.gz');
    await rewriteArchive(archive, file, (name, body) =>
      name === 'manifest.json'
        ? Buffer.from(
            JSON.stringify({ ...JSON.parse(body.toString()), formatVersion: 0, tandemVersion: '0.0.1' }),
          )
        : body,
    );
    const error = await refusal(file);
    expect(error.code).toBe('ARCHIVE_TOO_OLD');
    expect(error.message).toContain('0.0.1');
  });

  it('the same workspace into the database that holds it', async () => {
    const error = await refusal(archive, source, 'acme-copy');
    expect(error.code).toBe('WORKSPACE_EXISTS');
  });

  it('an address that is taken, unless --as gives another', async () => {
    await seedDemo(target.db);
    const error = await refusal(archive, target);
    expect(error.code).toBe('SLUG_TAKEN');
    expect(error.message).toContain('--as');
    expect((await refusal(archive, target, 'bramble')).code).toBe('SLUG_TAKEN');
    expect((await refusal(archive, target, 'Not A Slug')).code).toBe('INVALID_SLUG');

    const result = await importArchive(target, createReadStream(archive), {
      ...options,
      as: 'acme-restored',
    });
    expect(result.workspace.slug).toBe('acme-restored');
    // Everybody already has an account here: their memberships join it, nobody needs a link.
    expect(result.invitations).toEqual([]);
    const [alice] = await target.unsafeOwnerQuery<{ n: string }>(
      `select count(*) as n from memberships m join accounts a on a.id = m.account_id where a.email = 'alice@acme.example'`,
    );
    expect(Number(alice!.n)).toBe(2);
    const chain = (await verifyAuditChains(target)).find((r) => r.chain === result.workspace.id);
    expect(chain?.broken).toBeNull();
  }, 120_000);
});

describe('people are re-invited', () => {
  it('prints one-time links; a link sets the password and keeps the restored membership', async () => {
    const fresh = await createTestDatabase();
    try {
      const result = await importArchive(fresh, createReadStream(archive), options);
      const emails = result.invitations.map((i) => i.email).sort();
      expect(emails).toContain('alice@acme.example');
      expect(emails).toContain('rob@acme.example');
      const link = result.invitations.find((i) => i.email === 'ian@acme.example')!;
      const token = link.url.split('/invite/')[1]!;
      const account = await acceptInvitation(fresh.db, systemMeta('test'), token, {
        password: DEMO_PASSWORD,
      });
      expect(account.email).toBe('ian@acme.example');
      const [membership] = await fresh.unsafeOwnerQuery<{ role: string; n: number }>(
        `select m.role, (count(*) over ())::int as n from memberships m join accounts a on a.id = m.account_id where a.email = 'ian@acme.example'`,
      );
      expect(membership).toMatchObject({ role: 'agent', n: 1 });
      const [hash] = await fresh.unsafeOwnerQuery<{ has: boolean }>(
        `select password_hash is not null as has from accounts where email = 'ian@acme.example'`,
      );
      expect(hash!.has).toBe(true);
    } finally {
      await fresh.close();
    }
  }, 120_000);
});

describe('fields this Tandem does not know', () => {
  it('are refused by name rather than dropped', async () => {
    // A newer Tandem's archive: one more field, with a manifest whose checksum matches it.
    const changed = join(dir, 'unknown-field.tar.gz');
    let services = Buffer.alloc(0);
    await rewriteArchive(archive, changed, (name, body) => {
      if (name !== 'data/services.jsonl') return body;
      const [first, ...rest] = body.toString('utf8').split('\n');
      services = Buffer.from(
        [JSON.stringify({ ...JSON.parse(first!), sla_tier: 'gold' }), ...rest].join('\n'),
      );
      return services;
    });
    // manifest.json is the first entry, so it is fixed in a second pass.
    const file = join(dir, 'unknown-field-signed.tar.gz');
    await rewriteArchive(changed, file, (name, body) => {
      if (name !== 'manifest.json') return body;
      const manifest = JSON.parse(body.toString());
      manifest.files['data/services.jsonl'] = {
        sha256: createHash('sha256').update(services).digest('hex'),
        bytes: services.length,
      };
      return Buffer.from(JSON.stringify(manifest));
    });
    const fresh = await createTestDatabase();
    try {
      const error = await refusal(file, fresh);
      expect(error.code).toBe('ARCHIVE_UNKNOWN_FIELD');
      expect(error.message).toContain('data/services.jsonl has a field sla_tier');
    } finally {
      await fresh.close();
    }
  }, 120_000);
});
