import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import tar from 'tar-stream';
import type { DatabaseHandle } from '../db/client.ts';
import { articleAttachments, articles } from '../db/schema/knowledge.ts';
import { ticketAttachments, tickets } from '../db/schema/tickets.ts';
import { memberships } from '../db/schema/workspaces.ts';
import { exportWorkspace } from './export.ts';
import { type ExtractedArchive, extractArchive } from './extract.ts';

export async function workspaceIdOf(database: DatabaseHandle, slug: string): Promise<string> {
  const [row] = await database.unsafeOwnerQuery<{ id: string }>('select id from workspaces where slug = $1', [
    slug,
  ]);
  return row!.id;
}

/** The demo has no files: two tickets and one article get some (one file twice, to check it is stored once). */
export async function addAttachments(database: DatabaseHandle, workspaceId: string) {
  const png = Buffer.from([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...Buffer.from('not really a picture'),
    // Incompressible bytes, so the export stores this file in the gzip stream uncompressed.
    ...randomBytes(200 * 1024),
  ]);
  const text = Buffer.from('Restart the print spooler, then clear the queue.\n');
  const digest = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.workspace_id', ${workspaceId}, true)`);
    const [member] = await tx.select().from(memberships).where(sql`workspace_id = ${workspaceId}`).limit(1);
    const someTickets = await tx.select().from(tickets).where(sql`workspace_id = ${workspaceId}`).limit(2);
    const [article] = await tx.select().from(articles).where(sql`workspace_id = ${workspaceId}`).limit(1);
    for (const ticket of someTickets) {
      await tx.insert(ticketAttachments).values({
        workspaceId,
        ticketId: ticket.id,
        uploadedByMembershipId: member!.id,
        filename: 'screen.png',
        contentType: 'image/png',
        sizeBytes: png.length,
        sha256: digest(png),
        content: png,
      });
    }
    await tx.insert(articleAttachments).values({
      workspaceId,
      articleId: article!.id,
      uploadedByMembershipId: member!.id,
      filename: 'steps.txt',
      contentType: 'text/plain',
      sizeBytes: text.length,
      sha256: digest(text),
      content: text,
    });
  });
  return { png, text, digests: [digest(png), digest(text)] };
}

export async function exportToFile(database: DatabaseHandle, workspaceId: string, path: string) {
  const out = createWriteStream(path);
  const manifest = await exportWorkspace(database.db, workspaceId, out);
  if (!out.closed) await once(out, 'close');
  return manifest;
}

export const openArchive = (path: string): Promise<ExtractedArchive> =>
  extractArchive(createReadStream(path));

/** A tar extractor that hands `use` each entry with its whole content; `use` calls `next` when done. */
export function wholeEntryExtract(
  use: (header: tar.Header, content: Buffer, next: () => void) => void,
): tar.Extract {
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => chunks.push(c as Buffer));
    stream.on('end', () => use(header, Buffer.concat(chunks), next));
  });
  return extract;
}

/** Copies an archive entry by entry, letting a test change one file (checksums left as they were). */
export async function rewriteArchive(
  from: string,
  to: string,
  edit: (name: string, content: Buffer) => Buffer,
): Promise<void> {
  const pack = tar.pack();
  const out = createWriteStream(to);
  const written = pipeline(pack, createGzip(), out);
  const extract = wholeEntryExtract((header, content, next) => {
    const edited = edit(header.name, content);
    pack.entry({ ...header, size: edited.length }, edited, next);
  });
  await pipeline(createReadStream(from), createGunzip(), extract);
  pack.finalize();
  await written;
}
