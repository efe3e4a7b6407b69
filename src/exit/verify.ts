import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAuditChains } from '../audit/verify.ts';
import { type Database, type DatabaseHandle, openDatabase } from '../db/client.ts';
import { systemMeta } from '../server/context.ts';
import { compareArchives } from './compare.ts';
import { type ExportProgress, exportWorkspace } from './export.ts';
import { extractArchive } from './extract.ts';
import { importArchive } from './import.ts';

export type VerificationResult = { passed: boolean; difference: string | null };

async function exportTo(db: Database, workspaceId: string, path: string, onProgress?: ExportProgress) {
  const out = createWriteStream(path);
  await exportWorkspace(db, workspaceId, out, onProgress);
  if (!out.closed) await once(out, 'close');
}

/**
 * Archives up to this size are restored into an in-memory scratch database; larger ones into one
 * that keeps its pages in a temporary folder (in memory, a workspace with 1 GB of attachments took
 * the process past 2.5 GB; on disk it is slower).
 */
const SCRATCH_IN_MEMORY_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The exit plan, tried: export, import into a scratch database (an embedded PGlite, whatever the
 * engine), export that again and compare; the audit chain must verify in the scratch copy.
 */
export async function verifyExport(
  db: Database,
  workspaceId: string,
  onProgress: ExportProgress = () => {},
  scratchInMemoryMaxBytes = SCRATCH_IN_MEMORY_MAX_BYTES,
): Promise<VerificationResult> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-verify-'));
  let scratch: DatabaseHandle | undefined;
  try {
    const first = join(dir, 'first.tar.gz');
    const second = join(dir, 'second.tar.gz');
    await exportTo(db, workspaceId, first, (done, total) => onProgress(done, total * 2));
    const large = (await stat(first)).size > scratchInMemoryMaxBytes;
    scratch = await openDatabase(large ? { dataDir: join(dir, 'scratch') } : {});
    await importArchive(scratch, createReadStream(first), {
      publicUrl: 'http://scratch.invalid',
      meta: systemMeta('exit-verify'),
      reinvite: false,
    });
    const broken = (await verifyAuditChains(scratch, workspaceId)).find((r) => r.broken);
    if (broken) {
      return {
        passed: false,
        difference: `audit chain: event ${broken.broken!.id}: ${broken.broken!.reason}`,
      };
    }
    await exportTo(scratch.db, workspaceId, second, (done, total) => onProgress(total + done, total * 2));
    const [a, b] = await Promise.all([
      extractArchive(createReadStream(first)),
      extractArchive(createReadStream(second)),
    ]);
    try {
      const difference = await compareArchives(a, b);
      return { passed: difference === null, difference };
    } finally {
      await Promise.all([a.dispose(), b.dispose()]);
    }
  } finally {
    await scratch?.close();
    await rm(dir, { recursive: true, force: true });
  }
}
