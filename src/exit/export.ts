import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../db/client.ts';
import { exportedColumns, readCatalog, type TableInfo } from './catalog.ts';
import { CSV_TABLES, OPTIONAL_CSV_TABLES, writeCsv } from './csv.ts';
import { forEachRow, uuidLiteral, uuidText } from './cursor.ts';
import { HashedFile } from './files.ts';
import { FORMAT_NAME, FORMAT_VERSION, type Manifest, tandemVersion } from './format.ts';
import { writeArticles } from './knowledge.ts';
import { packArchive, type StoredFile } from './pack.ts';
import { generateReadme } from './readme.ts';
import { ident, rowsOf } from './sql.ts';

export type ExportProgress = (done: number, total: number) => void;

/**
 * Writes one workspace as a .tar.gz to `output` (a writable stream).
 * Streamed, in one read-only, repeatable-read transaction (one consistent snapshot): rows are
 * read through cursors into text files in a staging folder (a tar header needs each file's size
 * first), then packed, attachments read straight from the database into the archive; memory
 * holds two batches of rows or two 4 MB slices of attachments at a time.
 */
export async function exportWorkspace(
  db: Database,
  workspaceId: string,
  output: NodeJS.WritableStream,
  onProgress: ExportProgress = () => {},
): Promise<Manifest> {
  const root = await mkdtemp(join(tmpdir(), 'tandem-export-'));
  try {
    return await db.transaction(
      async (tx) => {
        await tx.execute(
          sql`select set_config('app.workspace_id', ${workspaceId}, true), set_config('TimeZone', 'UTC', true)`,
        );
        const progress = await progressOf(tx, workspaceId, onProgress);
        const { manifest, stored } = await writeTree(tx, root, workspaceId, progress.tick);
        await packArchive(tx, root, manifest, stored, output, progress.tick);
        onProgress(progress.total, progress.total);
        return manifest;
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Progress counts records and stored files (at most one per non-null byte column). */
async function progressOf(tx: Tx, workspaceId: string, onProgress: ExportProgress) {
  const { exported } = await readCatalog(tx);
  const where = `where workspace_id = '${workspaceId}'`;
  const sizes = await rowsOf<{ n: number }>(
    tx,
    sql.raw(
      `select (${exported
        .map((t) => `(select count(*) from "${t.name}" ${where})`)
        .concat(
          exported.flatMap((t) =>
            exportedColumns(t)
              .filter((c) => c.bytea)
              .map((c) => `(select count("${c.name}") from "${t.name}" ${where})`),
          ),
        )
        .concat(`(select count(*) from audit_events ${where})`)
        .join(' + ')})::int as n`,
    ),
  );
  const total = (sizes[0]?.n ?? 0) + 2;
  let done = 0;
  let lastReport = 0;
  const tick = () => {
    done = Math.min(done + 1, total);
    if (done - lastReport >= 500 || done === total) {
      lastReport = done;
      onProgress(done, total);
    }
  };
  return { total, tick };
}

async function writeTree(tx: Tx, root: string, workspaceId: string, tick: () => void) {
  const ws = uuidLiteral(workspaceId);
  const files: Manifest['files'] = {};
  const counts: Manifest['counts'] = {};
  const { exported } = await readCatalog(tx);
  const [workspace] = await rowsOf<{ row: { id: string; slug: string; name: string } }>(
    tx,
    sql`select to_jsonb(w) as row from workspaces w where w.id = ${ws}`,
  );
  if (!workspace) throw new Error(`No workspace ${workspaceId}`);

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

  const stored = new Map<string, StoredFile>();
  for (const table of exported) {
    const path = `data/${table.name}.jsonl`;
    const file = await HashedFile.open(root, path);
    // Exported columns only: a secret kept as bytes (an encrypted webhook secret) never leaves.
    const bytea = exportedColumns(table).filter((c) => c.bytea);
    counts[table.name] = await forEachRow<Record<string, string | null>>(
      tx,
      tableQuery(table, workspaceId),
      async (r) => {
        let line = r.row!;
        for (const column of bytea) {
          const digest = r[`b_${column.name}`] ?? null;
          line = appendField(line, column.name, digest);
          const attachment = `attachments/${digest}`;
          if (digest && !stored.has(attachment)) {
            const bytes = Number(r[`n_${column.name}`]);
            files[attachment] = { sha256: digest, bytes };
            stored.set(attachment, {
              path: attachment,
              digest,
              bytes,
              source: { table: table.name, column: column.name, ctid: r.ctid! },
            });
          }
        }
        await file.text(line);
        tick();
      },
    );
    files[path] = await file.close();
  }
  counts.attachments = stored.size;

  const chain = await HashedFile.open(root, `audit/${workspaceId}.jsonl`);
  counts.audit_events = await forEachRow<{ row: string }>(
    tx,
    sql`select (to_jsonb(e) - 'id')::text as row from audit_events e where e.workspace_id = ${ws} order by e.id`,
    async (r) => {
      await chain.text(r.row);
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
  const manifest = {
    format: FORMAT_NAME,
    formatVersion: FORMAT_VERSION,
    tandemVersion: tandemVersion(),
    createdAt: new Date().toISOString(),
    workspace: { id: workspace.row.id, slug: workspace.row.slug, name: workspace.row.name },
    counts,
    files,
  } satisfies Manifest;
  return { manifest, stored: [...stored.values()] };
}

/**
 * Every exported column as JSON text (PostgreSQL's own, passed through unparsed: no JSON.parse
 * and JSON.stringify per row, and numbers keep every digit), bytea columns replaced by the
 * SHA-256 of their bytes (and their size, for the tar header).
 */
function tableQuery(table: TableInfo, workspaceId: string) {
  const keep = new Set(exportedColumns(table).map((c) => c.name));
  const drop = table.columns.filter((c) => !keep.has(c.name) || c.bytea).map((c) => c.name);
  const bytea = exportedColumns(table).filter((c) => c.bytea);
  const order = table.primaryKey.length
    ? table.primaryKey.map((c) => `t."${c}"`).join(', ')
    : 'to_jsonb(t)::text';
  return sql.raw(
    `select ${['t.ctid::text as ctid', `(to_jsonb(t)${drop.map((c) => ` - '${c}'`).join('')})::text as row`]
      .concat(
        bytea.flatMap((c) => [
          `encode(sha256(t."${c.name}"), 'hex') as "b_${c.name}"`,
          `octet_length(t."${c.name}")::text as "n_${c.name}"`,
        ]),
      )
      .join(', ')} from "${table.name}" t where t.workspace_id = ${uuidText(workspaceId)} order by ${order}`,
  );
}

/** A JSON object's text with one more field at its end (where the digest of a bytea column goes). */
function appendField(objectText: string, name: string, value: string | null): string {
  const field = `${JSON.stringify(name)}: ${JSON.stringify(value)}`;
  return objectText === '{}' ? `{${field}}` : `${objectText.slice(0, -1)}, ${field}}`;
}
