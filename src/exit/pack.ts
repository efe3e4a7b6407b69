import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { constants, createGzip, deflateRawSync, type Gzip, type ZlibParams } from 'node:zlib';
import tar from 'tar-stream';
import type { Tx } from '../db/client.ts';
import { type ByteSource, readBytes } from './bytes.ts';
import type { Manifest } from './format.ts';
import { readAhead } from './read-ahead.ts';

/** A file of the archive read straight from the database while packing (never staged on disk). */
export type StoredFile = { path: string; digest: string; bytes: number; source: ByteSource };

/** A fixed time for every tar entry: the archive's bytes depend on the data, not on the clock. */
const ENTRY_MTIME = new Date('2000-01-01T00:00:00Z');

/** Larger files are read in slices of this size, so memory does not grow with one file's size. */
export const SLICE_BYTES = 4 * 1024 * 1024;

/**
 * Most attachments (photos, PDFs, archives) are already compressed: deflate spends a core on them
 * for nothing (about 36 MB/s here). A fast trial on the first 64 kB decides.
 */
function incompressible(content: Buffer): boolean {
  const sample = content.subarray(0, 64 * 1024);
  if (sample.length < 4096) return false;
  return deflateRawSync(sample, { level: 1 }).length > sample.length * 0.95;
}

/**
 * Switches the gzip stream's level between entries (queued behind what was written before).
 * Node's Gzip inherits params() from its Zlib base; its type declaration leaves it out.
 */
const setLevel = (gzip: Gzip, level: number) =>
  new Promise<void>((resolve) =>
    (gzip as Gzip & ZlibParams).params(level, constants.Z_DEFAULT_STRATEGY, () => resolve()),
  );

type Slice = { file: StoredFile; offset: number; data: Buffer };

/** The reads of every stored file, slice by slice, in archive order. */
function* sliceReads(tx: Tx, files: StoredFile[]): Generator<() => Promise<Slice>> {
  for (const file of files) {
    if (file.bytes <= SLICE_BYTES) {
      yield async () => ({ file, offset: 0, data: await readBytes(tx, file.source) });
      continue;
    }
    for (let offset = 0; offset < file.bytes; offset += SLICE_BYTES) {
      const length = Math.min(SLICE_BYTES, file.bytes - offset);
      yield async () => ({ file, offset, data: await readBytes(tx, file.source, { offset, length }) });
    }
  }
}

/** Resolves when a tar entry has been taken in whole by the archive. */
function entryWritten(archive: tar.Pack, header: Parameters<tar.Pack['entry']>[0]) {
  let sink!: ReturnType<tar.Pack['entry']>;
  const done = new Promise<void>((resolve, reject) => {
    sink = archive.entry(header, (error) => (error ? reject(error) : resolve()));
  });
  done.catch(() => {}); // awaited by the caller; a failure meanwhile must not count as unhandled
  return { sink, done };
}

async function write(sink: ReturnType<tar.Pack['entry']>, data: Buffer) {
  if (!sink.write(data)) await once(sink, 'drain');
}

/**
 * Writes the archive: manifest.json first (a reader checks the format before anything else), then
 * README.md, the attachments and the rest in name order. One gzip stream (a plain .tar.gz);
 * attachments that do not compress go into it without deflate.
 *
 * Attachments come straight from the database (the export's snapshot), the next slice being read
 * while this one is compressed and written; their manifest digests were computed by the database
 * and are checked here against the bytes written. The text files were staged in `root`, because
 * a tar header states a file's size before its content.
 */
export async function packArchive(
  tx: Tx,
  root: string,
  manifest: Manifest,
  stored: StoredFile[],
  output: NodeJS.WritableStream,
  onFile: () => void,
): Promise<void> {
  const archive = tar.pack();
  const gzip = createGzip();
  const done = pipeline(gzip, output);
  done.catch(() => {}); // awaited below; an output error surfaces there
  archive.pipe(gzip);
  try {
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    archive.entry({ name: 'manifest.json', size: manifestBytes.length, mtime: ENTRY_MTIME }, manifestBytes);
    const fromDatabase = new Set(stored.map((f) => f.path));
    const staged = Object.keys(manifest.files)
      .filter((name) => !fromDatabase.has(name) && name !== 'README.md')
      .sort();
    let level: number = constants.Z_DEFAULT_COMPRESSION;

    await packStaged(archive, root, manifest, 'README.md');
    let entry: ReturnType<typeof entryWritten> | undefined;
    let hash = createHash('sha256');
    const byName = [...stored].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for await (const { file, offset, data } of readAhead(sliceReads(tx, byName))) {
      if (offset === 0) {
        const wanted = incompressible(data) ? constants.Z_NO_COMPRESSION : constants.Z_DEFAULT_COMPRESSION;
        if (wanted !== level) {
          level = wanted;
          await setLevel(gzip, level);
        }
        entry = entryWritten(archive, { name: file.path, size: file.bytes, mtime: ENTRY_MTIME });
        hash = createHash('sha256');
      }
      hash.update(data);
      await write(entry!.sink, data);
      if (offset + data.length >= file.bytes) {
        entry!.sink.end(undefined);
        await entry!.done;
        if (hash.digest('hex') !== file.digest)
          throw new Error(`${file.path}: the bytes read do not match the digest the database computed`);
        onFile();
      }
    }
    if (level !== constants.Z_DEFAULT_COMPRESSION) await setLevel(gzip, constants.Z_DEFAULT_COMPRESSION);
    for (const name of staged) await packStaged(archive, root, manifest, name);
    archive.finalize();
  } catch (error) {
    // The pipeline (awaited by nobody now) reports the error; the caller gets it thrown.
    archive.destroy();
    gzip.destroy(error as Error);
    throw error;
  }
  await done;
}

async function packStaged(archive: tar.Pack, root: string, manifest: Manifest, name: string) {
  const entry = entryWritten(archive, { name, size: manifest.files[name]!.bytes, mtime: ENTRY_MTIME });
  for await (const chunk of createReadStream(join(root, name))) await write(entry.sink, chunk as Buffer);
  entry.sink.end(undefined);
  await entry.done;
}
