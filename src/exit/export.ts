import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { constants, createGzip, deflateRawSync, type Gzip, type ZlibParams } from 'node:zlib';
import { sql } from 'drizzle-orm';
import tar from 'tar-stream';
import type { Database, Tx } from '../db/client.ts';
import { exportedColumns, readCatalog, type TableInfo } from './catalog.ts';
import { CSV_TABLES, OPTIONAL_CSV_TABLES, writeCsv } from './csv.ts';
import { forEachRow, uuidLiteral, uuidText } from './cursor.ts';
import { HashedFile } from './files.ts';
import { FORMAT_NAME, FORMAT_VERSION, type Manifest, tandemVersion } from './format.ts';
import { writeArticles } from './knowledge.ts';
import { generateReadme } from './readme.ts';
import { ident, rowsOf } from './sql.ts';

export type ExportProgress = (done: number, total: number) => void;

/** A fixed time for every tar entry: the archive's bytes depend on the data, not on the clock. */
const ENTRY_MTIME = new Date('2000-01-01T00:00:00Z');

/**
 * Writes one workspace as a .tar.gz to `output` (a file path or a writable stream).
 * Streamed: rows are read through cursors in one read-only, repeatable-read transaction (one
 * consistent snapshot) and written to files in a staging folder, then packed; memory holds one
 * batch of rows and one attachment at a time.
 */
export async function exportWorkspace(
  db: Database,
  workspaceId: string,
  output: NodeJS.WritableStream,
  onProgress: ExportProgress = () => {},
): Promise<Manifest> {
  const root = await mkdtemp(join(tmpdir(), 'tandem-export-'));
  try {
    const manifest = await db.transaction(
      async (tx) => {
        await tx.execute(
          sql`select set_config('app.workspace_id', ${workspaceId}, true), set_config('TimeZone', 'UTC', true)`,
        );
        return writeTree(tx, root, workspaceId, onProgress);
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    await pack(root, manifest.manifest, manifest.stored, output);
    return manifest.manifest;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function writeTree(tx: Tx, root: string, workspaceId: string, onProgress: ExportProgress) {
  const ws = uuidLiteral(workspaceId);
  const files: Manifest['files'] = {};
  const counts: Manifest['counts'] = {};
  const stored = new Set<string>();
  const { exported } = await readCatalog(tx);
  const [workspace] = await rowsOf<{ row: { id: string; slug: string; name: string } }>(
    tx,
    sql`select to_jsonb(w) as row from workspaces w where w.id = ${ws}`,
  );
  if (!workspace) throw new Error(`No workspace ${workspaceId}`);

  const sizes = await rowsOf<{ n: number }>(
    tx,
    sql.raw(
      `select (${exported
        .map((t) => `(select count(*) from "${t.name}" where workspace_id = '${workspaceId}')`)
        .concat(`(select count(*) from audit_events where workspace_id = '${workspaceId}')`)
        .join(' + ')})::int as n`,
    ),
  );
  const total = (sizes[0]?.n ?? 0) + 2;
  let done = 0;
  let lastReport = 0;
  const tick = () => {
    done++;
    if (done - lastReport >= 500 || done === total) {
      lastReport = done;
      onProgress(done, total);
    }
  };

  const single = async (path: string, entity: string, rows: unknown[]) => {
    const file = await HashedFile.open(root, path);
    for (const row of rows) await file.line(row);
    files[path] = await file.close();
    counts[entity] = rows.length;
  };
  await single('data/workspaces.jsonl', 'workspaces', [workspace.row]);
  tick();
  const people = await HashedFile.open(root, 'data/people.jsonl');
  counts.people = await forEachRow<{ row: unknown }>(
    tx,
    sql`select jsonb_build_object('id', a.id, 'email', a.email, 'name', a.name, 'status', a.status,
          'created_at', a.created_at) as row
        from accounts a where a.id in (select account_id from memberships where workspace_id = ${ws}) order by a.id`,
    (r) => people.line(r.row),
  );
  files['data/people.jsonl'] = await people.close();
  tick();

  const attachments = new Set<string>();
  for (const table of exported) {
    const path = `data/${table.name}.jsonl`;
    const file = await HashedFile.open(root, path);
    counts[table.name] = await forEachRow<Record<string, unknown>>(
      tx,
      tableQuery(table, workspaceId),
      async (r) => {
        const row = r.row as Record<string, unknown>;
        for (const column of table.columns.filter((c) => c.bytea && !c.generated)) {
          const digest = r[`b_${column.name}`] as string | null;
          row[column.name] = digest;
          if (digest && !attachments.has(digest)) {
            attachments.add(digest);
            await writeAttachment(tx, root, table, column.name, r.ctid as string, digest, files, stored);
          }
        }
        await file.line(row);
        tick();
      },
    );
    files[path] = await file.close();
  }
  counts.attachments = attachments.size;

  const chain = await HashedFile.open(root, `audit/${workspaceId}.jsonl`);
  counts.audit_events = await forEachRow<{ row: unknown }>(
    tx,
    sql`select to_jsonb(e) - 'id' as row from audit_events e where e.workspace_id = ${ws} order by e.id`,
    async (r) => {
      await chain.line(r.row);
      tick();
    },
  );
  files[`audit/${workspaceId}.jsonl`] = await chain.close();

  const present = new Set(exported.map((t) => t.name));
  const csvFiles: { file: string; describe: string }[] = [];
  for (const table of CSV_TABLES) {
    const { rows, ...meta } = await writeCsv(tx, root, table.file, table.query(ws));
    files[table.file] = meta;
    counts[table.file] = rows;
    csvFiles.push(table);
  }
  for (const name of OPTIONAL_CSV_TABLES.filter((t) => present.has(t))) {
    const table = exported.find((t) => t.name === name)!;
    const columns = exportedColumns(table).filter((c) => !c.bytea);
    const file = `csv/${name}.csv`;
    const { rows, ...meta } = await writeCsv(
      tx,
      root,
      file,
      sql`select ${sql.join(
        columns.map((c) => ident(c.name)),
        sql`, `,
      )} from ${ident(name)} where workspace_id = ${ws} order by 1`,
    );
    files[file] = meta;
    counts[file] = rows;
    csvFiles.push({ file, describe: `every row of ${name} (columns as in data/${name}.jsonl)` });
  }
  counts.knowledge = await writeArticles(tx, root, workspaceId, (path, meta) => {
    files[path] = meta;
  });

  const readme = await HashedFile.open(root, 'README.md');
  await readme.write(generateReadme(workspace.row, exported, csvFiles));
  files['README.md'] = await readme.close();
  onProgress(total, total);
  const manifest = {
    format: FORMAT_NAME,
    formatVersion: FORMAT_VERSION,
    tandemVersion: tandemVersion(),
    createdAt: new Date().toISOString(),
    workspace: { id: workspace.row.id, slug: workspace.row.slug, name: workspace.row.name },
    counts,
    files,
  } satisfies Manifest;
  return { manifest, stored };
}

/** Every exported column as JSON, bytea columns replaced by the SHA-256 of their bytes. */
function tableQuery(table: TableInfo, workspaceId: string) {
  const keep = new Set(exportedColumns(table).map((c) => c.name));
  const drop = table.columns.filter((c) => !keep.has(c.name) || c.bytea).map((c) => c.name);
  const bytea = table.columns.filter((c) => c.bytea && keep.has(c.name));
  const order = table.primaryKey.length
    ? table.primaryKey.map((c) => `t."${c}"`).join(', ')
    : 'to_jsonb(t)::text';
  return sql.raw(
    `select ${['t.ctid::text as ctid', `to_jsonb(t)${drop.map((c) => ` - '${c}'`).join('')} as row`]
      .concat(bytea.map((c) => `encode(sha256(t."${c.name}"), 'hex') as "b_${c.name}"`))
      .join(', ')} from "${table.name}" t where t.workspace_id = ${uuidText(workspaceId)} order by ${order}`,
  );
}

async function writeAttachment(
  tx: Tx,
  root: string,
  table: TableInfo,
  column: string,
  ctid: string,
  digest: string,
  files: Manifest['files'],
  stored: Set<string>,
) {
  const [found] = await rowsOf<{ content: Uint8Array }>(
    tx,
    sql`select ${ident(column)} as content from ${ident(table.name)} where ctid = ${ctid}::tid`,
  );
  const path = `attachments/${digest}`;
  const file = await HashedFile.open(root, path);
  const content = Buffer.from(found!.content);
  await file.write(content);
  files[path] = await file.close();
  if (incompressible(content)) stored.add(path);
}

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

/**
 * manifest.json first (a reader checks the format before anything else), then README.md and the rest.
 * One gzip stream (a plain .tar.gz); entries in `stored` are written into it without compression.
 */
async function pack(root: string, manifest: Manifest, stored: Set<string>, output: NodeJS.WritableStream) {
  const archive = tar.pack();
  const gzip = createGzip();
  const done = pipeline(gzip, output);
  archive.pipe(gzip);
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  archive.entry({ name: 'manifest.json', size: manifestBytes.length, mtime: ENTRY_MTIME }, manifestBytes);
  const names = Object.keys(manifest.files).sort((a, b) =>
    a === 'README.md' ? -1 : b === 'README.md' ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  let level: number = constants.Z_DEFAULT_COMPRESSION;
  for (const name of names) {
    const wanted = stored.has(name) ? constants.Z_NO_COMPRESSION : constants.Z_DEFAULT_COMPRESSION;
    if (wanted !== level) {
      level = wanted;
      await setLevel(gzip, level);
    }
    await new Promise<void>((resolve, reject) => {
      const entry = archive.entry({ name, size: manifest.files[name]!.bytes, mtime: ENTRY_MTIME }, (error) =>
        error ? reject(error) : resolve(),
      );
      createReadStream(join(root, name)).on('error', reject).pipe(entry);
    });
  }
  archive.finalize();
  await done;
}
