import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record.ts';
import { randomSecret, sha256 } from '../crypto/secrets.ts';
import type { DatabaseHandle, Tx } from '../db/client.ts';
import { type ChainLink, computeAuditHash, GENESIS_HASH } from '../domain/audit-chain.ts';
import { INVITATION_TTL_MS } from '../members/invitations.ts';
import type { RequestMeta } from '../server/context.ts';
import { isSecretColumn, readCatalog, type TableInfo } from './catalog.ts';
import { ArchiveRefused, type ExtractedArchive, extractArchive } from './extract.ts';
import { ident, rowsOf } from './sql.ts';

export type ImportOptions = {
  /** A new address for the workspace (required when its address is taken here). */
  as?: string | undefined;
  /** Create one-time links for people who have no account here yet (default true). */
  reinvite?: boolean;
  publicUrl: string;
  meta: RequestMeta;
};

export type ImportResult = {
  workspace: { id: string; slug: string; name: string };
  counts: Record<string, number>;
  /** One-time links for people who must choose a password (secrets were not exported). */
  invitations: { email: string; url: string }[];
};

const BATCH = 1000;
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/**
 * Restores an archive: checksums first (nothing is written for a damaged archive), then every
 * record in one transaction. Record ids are kept (uuids do not collide across installations), so
 * references and audit hashes stay valid; an archive whose workspace id already exists in this
 * database is refused rather than remapped.
 */
export async function importArchive(
  database: DatabaseHandle,
  input: NodeJS.ReadableStream,
  options: ImportOptions,
): Promise<ImportResult> {
  const archive = await extractArchive(input);
  try {
    return await restore(database, archive, options);
  } finally {
    await archive.dispose();
  }
}

async function restore(database: DatabaseHandle, archive: ExtractedArchive, options: ImportOptions) {
  const { manifest } = archive;
  const slug = options.as ?? manifest.workspace.slug;
  if (options.as !== undefined && !SLUG.test(options.as)) {
    throw new ArchiveRefused(
      `--as ${options.as} is not a workspace address: lowercase letters, digits and dashes, up to 40.`,
      'INVALID_SLUG',
    );
  }
  const clash = await database.unsafeOwnerQuery<{ id: string; slug: string }>(
    'select id, slug from workspaces where id = $1 or slug = $2',
    [manifest.workspace.id, slug],
  );
  if (clash.some((w) => w.id === manifest.workspace.id)) {
    throw new ArchiveRefused(
      `This database already holds workspace ${manifest.workspace.id} (the archive's, now at /w/${clash.find((w) => w.id === manifest.workspace.id)!.slug}). Records keep their ids on import, so import into another database.`,
      'WORKSPACE_EXISTS',
    );
  }
  if (clash.length > 0) {
    throw new ArchiveRefused(
      options.as
        ? `The address ${slug} is taken in this database; choose another with --as.`
        : `A workspace with the address ${slug} exists in this database; import with --as NEW-ADDRESS.`,
      'SLUG_TAKEN',
    );
  }
  const workspaceId = manifest.workspace.id;
  return database.db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('app.workspace_id', ${workspaceId}, true), set_config('TimeZone', 'UTC', true)`,
    );
    const { exported } = await readCatalog(tx);
    const known = new Set(exported.map((t) => `data/${t.name}.jsonl`));
    const unknown = Object.keys(manifest.files).find(
      (f) =>
        f.startsWith('data/') && !known.has(f) && f !== 'data/workspaces.jsonl' && f !== 'data/people.jsonl',
    );
    if (unknown) {
      throw new ArchiveRefused(
        `${unknown} holds records this Tandem has no table for; import with the Tandem version that wrote the archive (${manifest.tandemVersion}).`,
        'ARCHIVE_UNKNOWN_ENTITY',
      );
    }
    const counts: Record<string, number> = {};
    const [workspace] = await readLines<Record<string, unknown>>(archive, 'data/workspaces.jsonl', 1);
    await insertRows(tx, 'workspaces', [{ ...workspace, slug }], []);
    counts.workspaces = 1;

    const accountIds = new Map<string, string>();
    const newPeople: { id: string; email: string }[] = [];
    counts.people = await eachBatch(archive, 'data/people.jsonl', async (people) => {
      for (const person of people as { id: string; email: string; name: string; status: string }[]) {
        const [existing] = await rowsOf<{ id: string }>(
          tx,
          sql`select id from accounts where email = ${person.email}`,
        );
        if (existing) {
          accountIds.set(person.id, existing.id);
          continue;
        }
        await insertRows(tx, 'accounts', [person], []);
        accountIds.set(person.id, person.id);
        newPeople.push(person);
      }
    });

    for (const table of exported) {
      counts[table.name] = await eachBatch(archive, `data/${table.name}.jsonl`, (rows) =>
        insertTable(tx, archive, table, rows, accountIds),
      );
    }
    counts.audit_events = await restoreAuditChain(tx, archive, workspaceId);
    await recordAudit(tx, options.meta, {
      workspaceId,
      actorAccountId: null,
      actorMembershipId: null,
      action: 'workspace.imported',
      entityType: 'workspace',
      entityId: workspaceId,
      after: {
        slug,
        exportedAt: manifest.createdAt,
        exportedBy: `Tandem ${manifest.tandemVersion}`,
        formatVersion: manifest.formatVersion,
      },
    });
    const invitations =
      options.reinvite === false
        ? []
        : await reinvite(tx, options.meta, workspaceId, newPeople, options.publicUrl);
    return {
      workspace: { id: workspaceId, slug, name: String(workspace!.name) },
      counts,
      invitations,
    };
  });
}

async function* lines(archive: ExtractedArchive, path: string): AsyncGenerator<unknown> {
  const full = join(archive.root, path);
  if (!existsSync(full)) return;
  const reader = createInterface({
    input: createReadStream(full, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let n = 0;
  for await (const line of reader) {
    n++;
    if (line === '') continue;
    try {
      yield JSON.parse(line);
    } catch {
      throw new ArchiveRefused(`${path} line ${n} is not valid JSON.`);
    }
  }
}

async function readLines<T>(archive: ExtractedArchive, path: string, max: number): Promise<T[]> {
  const out: T[] = [];
  for await (const row of lines(archive, path)) {
    out.push(row as T);
    if (out.length >= max) break;
  }
  if (out.length === 0) throw new ArchiveRefused(`${path} is missing or empty.`);
  return out;
}

/**
 * Feeds a JSONL file to fn in batches. The next batch is read and parsed while fn stores this
 * one (the database works meanwhile); fn runs for one batch at a time, in order, so memory holds
 * two batches.
 */
async function eachBatch(
  archive: ExtractedArchive,
  path: string,
  fn: (rows: Record<string, unknown>[]) => Promise<void>,
): Promise<number> {
  let batch: Record<string, unknown>[] = [];
  let count = 0;
  let storing: Promise<void> | undefined;
  const store = async (rows: Record<string, unknown>[]) => {
    if (storing) await storing;
    storing = fn(rows);
    storing.catch(() => {}); // awaited before the next batch or at the end
  };
  try {
    for await (const row of lines(archive, path)) {
      batch.push(row as Record<string, unknown>);
      count++;
      if (batch.length >= BATCH) {
        await store(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await store(batch);
  } finally {
    // A failed read still waits for the statement in flight before the transaction rolls back.
    if (storing) await storing.catch(() => {});
  }
  await storing;
  return count;
}

async function insertTable(
  tx: Tx,
  archive: ExtractedArchive,
  table: TableInfo,
  rows: Record<string, unknown>[],
  accountIds: Map<string, string>,
) {
  const secrets = table.columns.filter((c) => isSecretColumn(c.name) && c.notNull && !c.generated);
  const known = new Set(table.columns.filter((c) => !c.generated).map((c) => c.name));
  for (const row of rows) {
    // A field this Tandem has no column for would be dropped silently: refuse instead.
    const unknown = Object.keys(row).find((k) => !known.has(k));
    if (unknown) {
      throw new ArchiveRefused(
        `data/${table.name}.jsonl has a field ${unknown} that this Tandem's ${table.name} table does not have; import with the Tandem version that wrote the archive, or a later one.`,
        'ARCHIVE_UNKNOWN_FIELD',
      );
    }
    for (const column of table.accountColumns) {
      const id = row[column];
      if (typeof id === 'string') row[column] = accountIds.get(id) ?? id;
    }
    // A secret never travelled: a fresh random value keeps NOT NULL and makes old links unusable.
    for (const column of secrets) row[column.name] = sha256(randomSecret());
  }
  const bytea = table.columns.filter((c) => c.bytea && !c.generated);
  if (bytea.length === 0)
    return insertRows(
      tx,
      table.name,
      rows,
      table.columns.filter((c) => c.generated).map((c) => c.name),
    );
  for (const row of rows) {
    const contents: Buffer[] = [];
    for (const column of bytea) {
      const digest = row[column.name];
      delete row[column.name];
      if (typeof digest !== 'string') continue;
      const path = `attachments/${digest}`;
      if (!archive.manifest.files[path]) {
        throw new ArchiveRefused(`data/${table.name}.jsonl names ${path}, which is not in the archive.`);
      }
      contents.push(await readFile(join(archive.root, path)));
    }
    const columns = Object.keys(row).filter((k) => table.columns.some((c) => c.name === k && !c.generated));
    const present = bytea.filter((_, i) => contents[i] !== undefined);
    await tx.execute(
      sql`insert into ${ident(table.name)} (${sql.join(
        [...columns, ...present.map((c) => c.name)].map(ident),
        sql`, `,
      )}) select ${sql.join(
        [...columns.map((c) => sql`r.${ident(c)}`), ...present.map((_, i) => sql`${contents[i]!}::bytea`)],
        sql`, `,
      )} from jsonb_populate_record(null::${ident(table.name)}, ${JSON.stringify(row)}::jsonb) r`,
    );
  }
}

/** One multi-row insert: the columns present in the rows, typed by the table itself. */
async function insertRows(tx: Tx, table: string, rows: Record<string, unknown>[], generated: string[]) {
  const keys = new Set<string>();
  for (const row of rows) for (const k of Object.keys(row)) if (!generated.includes(k)) keys.add(k);
  const columns = [...keys];
  await tx.execute(
    sql`insert into ${ident(table)} (${sql.join(columns.map(ident), sql`, `)}) select ${sql.join(
      columns.map((c) => sql`r.${ident(c)}`),
      sql`, `,
    )} from jsonb_populate_recordset(null::${ident(table)}, ${JSON.stringify(rows)}::jsonb) r`,
  );
}

/**
 * The chain is checked line by line before its events are stored (ids are new, order and hashes
 * are the archive's), and the head is set to its last hash so new events continue it.
 */
async function restoreAuditChain(tx: Tx, archive: ExtractedArchive, workspaceId: string): Promise<number> {
  const path = `audit/${workspaceId}.jsonl`;
  let prev = GENESIS_HASH;
  let line = 0;
  const count = await eachBatch(archive, path, async (events) => {
    const links: ChainLink[] = events.map((e) => ({
      id: 0,
      workspaceId: e.workspace_id as string,
      actorAccountId: (e.actor_account_id as string | null) ?? null,
      actorMembershipId: (e.actor_membership_id as string | null) ?? null,
      action: e.action as string,
      entityType: e.entity_type as string,
      entityId: (e.entity_id as string | null) ?? null,
      before: e.before ?? null,
      after: e.after ?? null,
      ip: (e.ip as string | null) ?? null,
      at: new Date(e.at as string),
      prevHash: e.prev_hash as string,
      hash: e.hash as string,
    }));
    for (const link of links) {
      line++;
      if (
        link.workspaceId !== workspaceId ||
        link.prevHash !== prev ||
        computeAuditHash(prev, link) !== link.hash
      ) {
        throw new ArchiveRefused(
          `${path} line ${line}: the audit chain is broken there. Nothing was imported.`,
          'AUDIT_CHAIN_BROKEN',
        );
      }
      prev = link.hash;
    }
    await tx.execute(
      sql`insert into audit_events (workspace_id, actor_account_id, actor_membership_id, action, entity_type, entity_id,
            before, after, ip, request_id, at, prev_hash, hash)
          select r.workspace_id, r.actor_account_id, r.actor_membership_id, r.action, r.entity_type, r.entity_id,
            r.before, r.after, r.ip, r.request_id, r.at, r.prev_hash, r.hash
          from jsonb_array_elements(${JSON.stringify(events)}::jsonb) with ordinality as e(value, n)
          cross join lateral jsonb_populate_record(null::audit_events, e.value) r
          order by e.n`,
    );
  });
  await tx.execute(
    sql`insert into audit_chain_heads (chain, last_hash) values (${workspaceId}, ${prev})
        on conflict (chain) do update set last_hash = excluded.last_hash`,
  );
  return count;
}

/** One-time links for people whose account was created by the import (they have no password yet). */
async function reinvite(
  tx: Tx,
  meta: RequestMeta,
  workspaceId: string,
  people: { id: string; email: string }[],
  publicUrl: string,
) {
  const links: { email: string; url: string }[] = [];
  for (const person of people) {
    const [membership] = await rowsOf<{ id: string; party_id: string | null; role: string }>(
      tx,
      sql`select id, party_id, role from memberships
          where workspace_id = ${workspaceId} and account_id = ${person.id} and status = 'active'`,
    );
    if (!membership) continue;
    const token = randomSecret();
    await tx.execute(
      sql`insert into invitations (workspace_id, email, party_id, role, token_hash, invited_by_membership_id, expires_at)
          values (${workspaceId}, ${person.email}, ${membership.party_id}, ${membership.role}, ${sha256(token)},
                  ${membership.id}, ${new Date(Date.now() + INVITATION_TTL_MS).toISOString()})`,
    );
    await recordAudit(tx, meta, {
      workspaceId,
      actorAccountId: null,
      actorMembershipId: null,
      action: 'invitation.created',
      entityType: 'invitation',
      entityId: null,
      after: { email: person.email, role: membership.role, reason: 're-invited after import' },
    });
    links.push({ email: person.email, url: `${publicUrl}/invite/${token}` });
  }
  return links;
}
