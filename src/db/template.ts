import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import tar from 'tar-stream';

/**
 * Unpacks the build's migrated-database template (a PGlite data-folder dump, `.tar.gz`) into
 * `target`, which PGlite then opens as an existing data folder. Written with plain file writes, this
 * takes about a third of the time PGlite's own `loadDataDir` spends creating the same 1,600 files
 * through its WebAssembly file system; the archive is inflated whole (48 MB) and
 * read as one buffer, which halves the time a stream of small chunks took (bench/README.md,
 * "Start-up"). The files land in a sibling folder renamed into place at the end, so an interrupted
 * start leaves no half-made data folder.
 */
export async function unpackTemplate(file: string, target: string): Promise<void> {
  const partial = `${target}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true, mode: 0o700 });
  const root = resolve(partial);
  const made = new Set<string>([root]);
  const folder = (path: string) => {
    if (made.has(path)) return;
    mkdirSync(path, { recursive: true, mode: 0o700 });
    made.add(path);
  };
  // In one piece, synchronously (nothing else runs yet): 16 kB chunks through the thread pool took
  // twice as long, and 4 MB ones left ~30 MB more resident after the start.
  const archive = gunzipSync(readFileSync(file));
  const extract = tar.extract();
  const unpacked = (async () => {
    for await (const entry of extract) {
      const path = resolve(join(root, entry.header.name));
      if (path !== root && !path.startsWith(root + sep))
        throw new Error(`The database template names a path outside its folder: ${entry.header.name}`);
      if (entry.header.type === 'directory') {
        folder(path);
        entry.resume();
      } else if (entry.header.type === 'file') {
        const chunks: Buffer[] = [];
        for await (const chunk of entry) chunks.push(chunk as Buffer);
        folder(dirname(path));
        writeFileSync(path, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), { mode: 0o600 });
      } else {
        entry.resume();
      }
    }
  })().catch((error: unknown) => {
    extract.destroy(error as Error);
    throw error;
  });
  extract.end(archive);
  await unpacked;
  renameSync(partial, target);
}
