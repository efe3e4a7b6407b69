import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { constants, deflateRawSync } from 'node:zlib';
import tar from 'tar-stream';
import type { Tx } from '../db/client.ts';
import { type ByteSource, readBytes } from './bytes.ts';
import type { Manifest } from './format.ts';
import { GzipMembers, tarEntryBytes } from './gzip-members.ts';
import { readAhead } from './read-ahead.ts';

/** A file of the archive read straight from the database while packing (never staged on disk). */
export type StoredFile = { path: string; digest: string; bytes: number; source: ByteSource };

/** A fixed time for every tar entry: the archive's bytes depend on the data, not on the clock. */
const ENTRY_MTIME = new Date('2000-01-01T00:00:00Z');

/** Larger files are read in slices of this size, so memory does not grow with one file's size. */
export const SLICE_BYTES = 4 * 1024 * 1024;

/**
 * Most attachments (photos, PDFs, archives) are already compressed: deflate spends a core on them
 * for nothing (about 36 MB/s here). A fast trial on 16 kB after the first 4 kB (past a format's
 * header, usually uncompressed) decides; it cost 3 % of the export's CPU on 64 kB.
 */
function incompressible(content: Buffer): boolean {
  const sample = content.length >= 20 * 1024 ? content.subarray(4096, 20 * 1024) : content;
  if (sample.length < 4096) return false;
  return deflateRawSync(sample, { level: 1 }).length > sample.length * 0.95;
}

type Slice = { file: StoredFile; offset: number; data: Buffer };

/** The reads of every stored file, slice by slice, in archive order. */
function* sliceReads(tx: Tx, files: StoredFile[], sliceBytes: number): Generator<() => Promise<Slice>> {
  for (const file of files) {
    if (file.bytes <= sliceBytes) {
      yield async () => ({ file, offset: 0, data: await readBytes(tx, file.source) });
      continue;
    }
    for (let offset = 0; offset < file.bytes; offset += sliceBytes) {
      const length = Math.min(sliceBytes, file.bytes - offset);
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
 * README.md, the attachments and the rest in name order. A plain .tar.gz whose gzip stream is a
 * series of members: a run of attachments that do not compress is one member at level 0 (stored).
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
  sliceBytes = SLICE_BYTES,
): Promise<void> {
  const archive = tar.pack();
  const gzip = new GzipMembers(output);
  const failed = (error: Error) => gzip.destroy(error);
  output.on('error', failed);
  const done = finished(gzip);
  done.catch(() => {}); // awaited below; an output error surfaces there
  archive.pipe(gzip);
  // Where the next entry starts in the tar stream, so the gzip level can change exactly there.
  let at = 0;
  let level: number = constants.Z_DEFAULT_COMPRESSION;
  const entry = (name: string, size: number, wanted: number) => {
    if (Buffer.byteLength(name) > 100) throw new Error(`${name}: an archive name is at most 100 bytes`);
    if (wanted !== level) gzip.switchAt(at, wanted);
    level = wanted;
    at += tarEntryBytes(size);
    return entryWritten(archive, { name, size, mtime: ENTRY_MTIME });
  };
  const packStaged = async (name: string) => {
    const written = entry(name, manifest.files[name]!.bytes, constants.Z_DEFAULT_COMPRESSION);
    for await (const chunk of createReadStream(join(root, name))) await write(written.sink, chunk as Buffer);
    written.sink.end(undefined);
    await written.done;
  };
  try {
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    const first = entry('manifest.json', manifestBytes.length, constants.Z_DEFAULT_COMPRESSION);
    await write(first.sink, manifestBytes);
    first.sink.end(undefined);
    await first.done;
    const fromDatabase = new Set(stored.map((f) => f.path));
    const staged = Object.keys(manifest.files)
      .filter((name) => !fromDatabase.has(name) && name !== 'README.md')
      .sort();

    await packStaged('README.md');
    let current: ReturnType<typeof entryWritten> | undefined;
    let hash = createHash('sha256');
    const byName = [...stored].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for await (const { file, offset, data } of readAhead(sliceReads(tx, byName, sliceBytes))) {
      if (offset === 0) {
        const wanted = incompressible(data) ? constants.Z_NO_COMPRESSION : constants.Z_DEFAULT_COMPRESSION;
        current = entry(file.path, file.bytes, wanted);
        hash = createHash('sha256');
      }
      hash.update(data);
      await write(current!.sink, data);
      if (offset + data.length >= file.bytes) {
        current!.sink.end(undefined);
        await current!.done;
        if (hash.digest('hex') !== file.digest)
          throw new Error(`${file.path}: the bytes read do not match the digest the database computed`);
        onFile();
      }
    }
    for (const name of staged) await packStaged(name);
    archive.finalize();
  } catch (error) {
    archive.destroy();
    gzip.destroy(error as Error);
    throw error;
  } finally {
    output.off('error', failed);
  }
  await done;
}
