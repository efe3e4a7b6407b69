import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAuditChains } from '../audit/verify.ts';
import { type Database, openDatabase } from '../db/client.ts';
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
 * The exit plan, tried: export, import into a scratch database (an in-memory PGlite, whatever
 * the engine), export that again and compare; the audit chain must verify in the scratch copy.
 */
export async function verifyExport(
  db: Database,
  workspaceId: string,
  onProgress: ExportProgress = () => {},
): Promise<VerificationResult> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-verify-'));
  const scratch = await openDatabase({});
  try {
    const first = join(dir, 'first.tar.gz');
    const second = join(dir, 'second.tar.gz');
    await exportTo(db, workspaceId, first, (done, total) => onProgress(done, total * 2));
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
    await scratch.close();
    await rm(dir, { recursive: true, force: true });
  }
}
