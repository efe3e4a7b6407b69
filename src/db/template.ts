import { createReadStream, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';

/**
 * Unpacks the build's migrated-database template (a PGlite data-folder dump, `.tar.gz`) into
 * `target`, which PGlite then opens as an existing data folder. Written with plain file writes, this
 * takes about a third of the time PGlite's own `loadDataDir` spends creating the same 1,700 files
 * through its WebAssembly file system (bench/README.md, "Start-up"). The files land in a sibling
 * folder renamed into place at the end, so an interrupted start leaves no half-made data folder.
 */
export async function unpackTemplate(file: string, target: string): Promise<void> {
  const partial = `${target}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true, mode: 0o700 });
  const root = resolve(partial);
  const extract = tar.extract();
  const unpacked = (async () => {
    for await (const entry of extract) {
      const path = resolve(join(root, entry.header.name));
      if (path !== root && !path.startsWith(root + sep))
        throw new Error(`The database template names a path outside its folder: ${entry.header.name}`);
      if (entry.header.type === 'directory') {
        mkdirSync(path, { recursive: true, mode: 0o700 });
        entry.resume();
      } else if (entry.header.type === 'file') {
        const chunks: Buffer[] = [];
        for await (const chunk of entry) chunks.push(chunk as Buffer);
        mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
        writeFileSync(path, Buffer.concat(chunks), { mode: 0o600 });
      } else {
        entry.resume();
      }
    }
  })().catch((error: unknown) => {
    extract.destroy(error as Error);
    throw error;
  });
  await Promise.all([pipeline(createReadStream(file), createGunzip(), extract), unpacked]);
  renameSync(partial, target);
}
