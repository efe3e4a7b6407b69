import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle, Tx } from '../db/client.ts';
import { seedDemo } from '../demo/seed.ts';
import { createTestDatabase } from '../test/test-database.ts';
import { fieldOfBinaryCopy, readBytes } from './bytes.ts';
import type { Manifest } from './format.ts';
import { packArchive, type StoredFile } from './pack.ts';
import { rowsOf } from './sql.ts';
import { addAttachments, wholeEntryExtract, workspaceIdOf } from './test-support.ts';

let database: DatabaseHandle;
let acmeId: string;
let png: Buffer;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  acmeId = await workspaceIdOf(database, 'acme');
  ({ png } = await addAttachments(database, acmeId));
}, 240_000);
afterAll(async () => {
  await database?.close();
});

/** Runs fn in a read-only transaction scoped to Acme, with the ctid of the picture's first row. */
const withPicture = <T>(fn: (tx: Tx, ctid: string) => Promise<T>) =>
  database.db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.workspace_id', ${acmeId}, true)`);
    const [row] = await rowsOf<{ ctid: string }>(
      tx,
      sql`select ctid::text as ctid from ticket_attachments where filename = 'screen.png' limit 1`,
    );
    return fn(tx, row!.ctid);
  });

describe('reading stored files for the export', () => {
  it('reads a file byte for byte, whole or in slices', async () => {
    await withPicture(async (tx, ctid) => {
      const source = { table: 'ticket_attachments', column: 'content', ctid };
      expect((await readBytes(tx, source)).equals(png)).toBe(true);
      const slices: Buffer[] = [];
      for (let offset = 0; offset < png.length; offset += 70_000)
        slices.push(await readBytes(tx, source, { offset, length: Math.min(70_000, png.length - offset) }));
      expect(slices).toHaveLength(3);
      expect(Buffer.concat(slices).equals(png)).toBe(true);
    });
  });

  it('packs a file read in slices into one archive entry and checks its digest', async () => {
    const digest = createHash('sha256').update(png).digest('hex');
    const root = mkdtempSync(join(tmpdir(), 'tandem-pack-'));
    const readme = Buffer.from('# test\n');
    writeFileSync(join(root, 'README.md'), readme);
    const manifest = {
      files: {
        'README.md': { sha256: createHash('sha256').update(readme).digest('hex'), bytes: readme.length },
        [`attachments/${digest}`]: { sha256: digest, bytes: png.length },
      },
    } as unknown as Manifest;
    const entries = new Map<string, Buffer>();
    const extract = wholeEntryExtract((header, content, next) => {
      entries.set(header.name, content);
      next();
    });
    const out = new PassThrough();
    const read = pipeline(out, createGunzip(), extract);
    let packed = 0;
    await withPicture(async (tx, ctid) => {
      const stored: StoredFile[] = [
        {
          path: `attachments/${digest}`,
          digest,
          bytes: png.length,
          source: { table: 'ticket_attachments', column: 'content', ctid },
        },
      ];
      await packArchive(tx, root, manifest, stored, out, () => packed++, 50_000);
    });
    await read;
    expect(packed).toBe(1);
    expect([...entries.keys()]).toEqual(['manifest.json', 'README.md', `attachments/${digest}`]);
    expect(entries.get(`attachments/${digest}`)!.equals(png)).toBe(true);
    expect(readFileSync(join(root, 'README.md')).equals(entries.get('README.md')!)).toBe(true);

    // A digest that does not match the bytes is an error, not a silently wrong manifest.
    const wrong = 'f'.repeat(64);
    await expect(
      withPicture((tx, ctid) =>
        packArchive(
          tx,
          root,
          {
            files: { ...manifest.files, [`attachments/${wrong}`]: { sha256: wrong, bytes: png.length } },
          } as unknown as Manifest,
          [
            {
              path: `attachments/${wrong}`,
              digest: wrong,
              bytes: png.length,
              source: { table: 'ticket_attachments', column: 'content', ctid },
            },
          ],
          new PassThrough().resume(),
          () => {},
          50_000,
        ),
      ),
    ).rejects.toThrow(/do not match the digest/);
  });

  it('finds the one field of a binary COPY and refuses anything else', () => {
    const header = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
    const tuple = Buffer.alloc(6);
    tuple.writeInt16BE(1, 0);
    tuple.writeInt32BE(3, 2);
    const trailer = Buffer.from([0xff, 0xff]);
    const copy = Buffer.concat([header, tuple, Buffer.from('abc'), trailer]);
    expect(fieldOfBinaryCopy(copy).toString()).toBe('abc');
    expect(() => fieldOfBinaryCopy(Buffer.concat([header, trailer, Buffer.alloc(4)]))).toThrow(/one row/);
    expect(() => fieldOfBinaryCopy(Buffer.from('abc,def\n'.repeat(4)))).toThrow(/not a binary COPY/);
  });
});
