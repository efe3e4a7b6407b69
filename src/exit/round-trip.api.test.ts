import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChains } from '../audit/verify.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { seedDemo } from '../demo/seed.ts';
import { systemMeta } from '../server/context.ts';
import { createTestDatabase } from '../test/test-database.ts';
import { compareArchives } from './compare.ts';
import { importArchive } from './import.ts';
import { addAttachments, exportToFile, openArchive, workspaceIdOf } from './test-support.ts';

const dir = mkdtempSync(join(tmpdir(), 'tandem-roundtrip-'));
let source: DatabaseHandle;
let target: DatabaseHandle;
let acmeId: string;
let files: Awaited<ReturnType<typeof addAttachments>>;

beforeAll(async () => {
  source = await createTestDatabase();
  target = await createTestDatabase();
  await seedDemo(source.db);
  acmeId = await workspaceIdOf(source, 'acme');
  files = await addAttachments(source, acmeId);
}, 240_000);
afterAll(async () => {
  await source?.close();
  await target?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('export → import into a new database → export again', () => {
  it('restores every record, byte-identical files and a verifiable audit chain', async () => {
    const first = join(dir, 'first.tar.gz');
    const manifest = await exportToFile(source, acmeId, first);
    expect(manifest.workspace.slug).toBe('acme');
    expect(manifest.counts.tickets).toBeGreaterThan(100);
    // The two files this test adds, and the demo's own (obligation evidence).
    expect(manifest.counts.attachments).toBeGreaterThanOrEqual(2);

    const result = await importArchive(target, createReadStream(first), {
      publicUrl: 'http://tandem.test',
      meta: systemMeta('test-import'),
      reinvite: false,
    });
    expect(result.workspace).toEqual(manifest.workspace);
    expect(result.counts.tickets).toBe(manifest.counts.tickets);

    const reports = await verifyAuditChains(target);
    const chain = reports.find((r) => r.chain === acmeId)!;
    expect(chain.broken).toBeNull();
    expect(chain.events).toBe(manifest.counts.audit_events! + 1);

    // A ticket's comment words are the database's own (a trigger keeps them): never in the archive
    // (below), made again by the importing database from the comments.
    const commentWords = (database: DatabaseHandle) =>
      database.unsafeOwnerQuery<{ number: number; words: string }>(
        `select number, array_to_string(tsvector_to_array(comments_search), ' ') as words
           from tickets where workspace_id = $1 order by number`,
        [acmeId],
      );
    const wordsBefore = await commentWords(source);
    expect(wordsBefore.filter((t) => t.words).length).toBeGreaterThan(50);
    expect(await commentWords(target)).toEqual(wordsBefore);

    const second = join(dir, 'second.tar.gz');
    await exportToFile(target, acmeId, second);
    const [a, b] = await Promise.all([openArchive(first), openArchive(second)]);
    try {
      expect(await compareArchives(a, b)).toBeNull();
      const [firstTicket] = readFileSync(join(a.root, 'data/tickets.jsonl'), 'utf8').split('\n');
      expect(Object.keys(JSON.parse(firstTicket!))).toContain('subject');
      expect(Object.keys(JSON.parse(firstTicket!))).not.toContain('comments_search');
      for (const [digest, bytes] of [
        [files.digests[0]!, files.png],
        [files.digests[1]!, files.text],
      ] as const) {
        expect(readFileSync(join(b.root, 'attachments', digest))).toEqual(bytes);
      }
      const ticketRows = readFileSync(join(b.root, 'data/ticket_attachments.jsonl'), 'utf8')
        .trim()
        .split('\n');
      expect(ticketRows.map((l) => JSON.parse(l).content)).toEqual([files.digests[0], files.digests[0]]);
      expect(readFileSync(join(b.root, 'README.md'), 'utf8')).toContain('password hashes'.replace('p', 'P'));
    } finally {
      await Promise.all([a.dispose(), b.dispose()]);
    }
  }, 240_000);
});
