import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { AppError } from '../server/errors.ts';
import {
  FORMAT_NAME,
  FORMAT_VERSION,
  type Manifest,
  ManifestSchema,
  READABLE_FORMATS,
  SAFE_ENTRY,
} from './format.ts';

/** An archive refused before anything is written; the message says what is wrong and where. */
export class ArchiveRefused extends AppError {
  constructor(message: string, code = 'ARCHIVE_REFUSED') {
    super(422, code, message);
  }
}

export type ExtractedArchive = { root: string; manifest: Manifest; dispose(): Promise<void> };

/** The format checks of a manifest, separate so they are unit-tested on their own. */
export function checkManifest(raw: unknown): Manifest {
  const format = (raw as { format?: unknown; formatVersion?: unknown; tandemVersion?: unknown }) ?? {};
  if (format.format !== FORMAT_NAME) {
    throw new ArchiveRefused(
      `manifest.json is not a Tandem workspace export (format is not "${FORMAT_NAME}").`,
    );
  }
  const version = format.formatVersion;
  if (typeof version === 'number' && version > FORMAT_VERSION) {
    throw new ArchiveRefused(
      `This archive is format version ${version}, written by Tandem ${String(format.tandemVersion)}; this Tandem reads format versions up to ${FORMAT_VERSION}. Upgrade Tandem to ${String(format.tandemVersion)} or later to import it.`,
      'ARCHIVE_FROM_THE_FUTURE',
    );
  }
  if (typeof version === 'number' && !(version in READABLE_FORMATS)) {
    throw new ArchiveRefused(
      `Format version ${version} is no longer read by this Tandem; import it with the Tandem version that wrote it (${String(format.tandemVersion)}) and export again.`,
      'ARCHIVE_TOO_OLD',
    );
  }
  const parsed = ManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ArchiveRefused(
      `manifest.json is invalid at ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  return parsed.data;
}

/**
 * Unpacks an archive into a scratch folder, checking as it goes: manifest.json first and of a
 * readable format, every entry named in it with its SHA-256 and size, none missing. Disk, not
 * memory, holds the files, so a large archive costs no more memory than a small one.
 */
export async function extractArchive(input: NodeJS.ReadableStream): Promise<ExtractedArchive> {
  const root = await mkdtemp(join(tmpdir(), 'tandem-import-'));
  const dispose = () => rm(root, { recursive: true, force: true });
  let manifest: Manifest | undefined;
  const seen = new Set<string>();
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const fail = (error: unknown) => {
      stream.resume();
      extract.destroy(error as Error);
    };
    (async () => {
      const name = header.name;
      if (header.type !== 'file')
        throw new ArchiveRefused(`Unexpected entry ${name}: only plain files belong in an archive.`);
      if (!manifest) {
        if (name !== 'manifest.json')
          throw new ArchiveRefused('manifest.json must be the first file of the archive.');
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        let raw: unknown;
        try {
          raw = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          throw new ArchiveRefused('manifest.json is not valid JSON.');
        }
        manifest = checkManifest(raw);
        return;
      }
      const expected = manifest.files[name];
      if (!SAFE_ENTRY.test(name) || !expected)
        throw new ArchiveRefused(`${name} is not listed in manifest.json.`);
      if (seen.has(name)) throw new ArchiveRefused(`${name} appears twice in the archive.`);
      seen.add(name);
      const path = join(root, name);
      await mkdir(dirname(path), { recursive: true });
      const hash = createHash('sha256');
      let bytes = 0;
      const out = createWriteStream(path);
      for await (const chunk of stream) {
        const buffer = chunk as Buffer;
        hash.update(buffer);
        bytes += buffer.length;
        if (!out.write(buffer)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
      if (hash.digest('hex') !== expected.sha256 || bytes !== expected.bytes) {
        throw new ArchiveRefused(
          `${name} does not match its SHA-256 in manifest.json: the file was changed or damaged. Nothing was imported.`,
          'ARCHIVE_CHECKSUM_MISMATCH',
        );
      }
    })().then(() => next(), fail);
  });
  try {
    await pipeline(input, createGunzip(), extract);
  } catch (error) {
    await dispose();
    if (error instanceof ArchiveRefused) throw error;
    throw new ArchiveRefused(
      `The archive is truncated or damaged (${(error as Error).message}). Nothing was imported.`,
      'ARCHIVE_DAMAGED',
    );
  }
  if (!manifest) {
    await dispose();
    throw new ArchiveRefused('The archive holds no manifest.json.', 'ARCHIVE_DAMAGED');
  }
  const missing = Object.keys(manifest.files).filter((f) => !seen.has(f));
  if (missing.length > 0) {
    await dispose();
    throw new ArchiveRefused(
      `The archive is truncated: ${missing[0]} (listed in manifest.json) is missing${missing.length > 1 ? `, and ${missing.length - 1} more` : ''}. Nothing was imported.`,
      'ARCHIVE_DAMAGED',
    );
  }
  return { root, manifest, dispose };
}
