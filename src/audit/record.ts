import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { deferredWrites } from '../db/deferred.ts';
import { writeWithoutWaiting } from '../db/pipeline.ts';
import { auditChainHeads, auditEvents } from '../db/schema/audit.ts';
import { auditHashBody, computeAuditHash, GENESIS_HASH } from '../domain/audit-chain.ts';
import type { RequestMeta } from '../server/context.ts';

export type AuditInput = {
  workspaceId: string | null;
  actorAccountId: string | null;
  actorMembershipId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
};

export const ACCOUNTS_CHAIN = 'accounts';

/** JSON round trip: dates become strings, undefined disappears, as they will be when read back. */
const toJson = (value: unknown) =>
  value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);

type AuditRow = ReturnType<typeof auditFields> & { requestId: string | null };

/** The event's stored fields, as of now (the hash and the chain link are added when it is appended). */
const auditFields = (meta: RequestMeta, input: AuditInput) => ({
  workspaceId: input.workspaceId,
  actorAccountId: input.actorAccountId,
  actorMembershipId: input.actorMembershipId,
  action: input.action,
  entityType: input.entityType,
  entityId: input.entityId,
  before: toJson(input.before),
  after: toJson(input.after),
  ip: meta.ip,
  at: new Date(),
});

/**
 * Appends one event to its chain, inside the caller's transaction (or, inside a batch, with the
 * batch's other events at its end: db/deferred.ts).
 * Security: the head row's lock orders appends; the chain's hashes must be computed under it.
 */
export async function recordAudit(tx: Tx, meta: RequestMeta, input: AuditInput): Promise<void> {
  const row: AuditRow = { ...auditFields(meta, input), requestId: meta.requestId };
  const batch = deferredWrites();
  if (batch) batch.audits.push(row);
  // Usually a change's last statement: on PostgreSQL it travels with the COMMIT (db/pipeline.ts).
  else await writeWithoutWaiting(tx, () => appendOneAudit(tx, row.workspaceId ?? ACCOUNTS_CHAIN, row));
}

/**
 * Appends several events of one chain in order, in one statement under one lock of the head row
 * (a batch job's audit: the same rows as one recordAudit each, without a round trip per event).
 */
export async function recordAudits(tx: Tx, meta: RequestMeta, inputs: AuditInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const chain = inputs[0]!.workspaceId ?? ACCOUNTS_CHAIN;
  if (inputs.some((i) => (i.workspaceId ?? ACCOUNTS_CHAIN) !== chain))
    throw new Error('recordAudits: every event must belong to one chain');
  await appendAudits(
    tx,
    inputs.map((input) => ({ ...auditFields(meta, input), requestId: meta.requestId })),
  );
}

/** A batch's deferred events (db/deferred.ts): each chain's in the order they were recorded. */
export async function appendDeferredAudits(tx: Tx, rows: unknown[]): Promise<void> {
  const chains = new Map<string, AuditRow[]>();
  for (const row of rows as AuditRow[]) {
    const chain = row.workspaceId ?? ACCOUNTS_CHAIN;
    chains.set(chain, [...(chains.get(chain) ?? []), row]);
  }
  for (const list of chains.values()) await appendAudits(tx, list);
}

/**
 * One event (every request's case) in one statement: the database locks the head, hashes the event
 * after it (sha256 over the same bytes as computeAuditHash: previous hash, line feed, canonical body)
 * and writes the event and the head's move. No RETURNING: the read policy may hide account-chain rows.
 */
async function appendOneAudit(tx: Tx, chain: string, { requestId, ...fields }: AuditRow): Promise<void> {
  const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
  // execute() sends the statement now (awaiting the query itself would send it a step later), so a
  // pipelining transaction knows it is on its way (db/pipeline.ts).
  await tx
    .execute(sql`
    with head as (
      select coalesce(
        (select last_hash from audit_chain_heads where chain = ${chain} for update), ${GENESIS_HASH}
      ) as prev_hash
    ), link as (
      select prev_hash, encode(sha256(convert_to(prev_hash || chr(10) || ${auditHashBody(fields)}, 'UTF8')), 'hex') as hash
        from head
    ), events as (
      insert into audit_events (workspace_id, actor_account_id, actor_membership_id, action, entity_type,
                                entity_id, before, after, ip, request_id, at, prev_hash, hash)
      select ${fields.workspaceId}::uuid, ${fields.actorAccountId}::uuid, ${fields.actorMembershipId}::uuid,
             ${fields.action}::text, ${fields.entityType}::text, ${fields.entityId}::text,
             ${json(fields.before)}::jsonb, ${json(fields.after)}::jsonb, ${fields.ip}::text, ${requestId}::text,
             ${fields.at.toISOString()}::timestamptz, prev_hash, hash
        from link
    )
    insert into audit_chain_heads (chain, last_hash) select ${chain}, hash from link
    on conflict (chain) do update set last_hash = excluded.last_hash`)
    .execute();
}

/** Links events of one chain after its head and writes them with the head's move, in one statement. */
async function appendAudits(tx: Tx, rows: AuditRow[]): Promise<void> {
  const chain = rows[0]!.workspaceId ?? ACCOUNTS_CHAIN;
  if (rows.length === 1) return appendOneAudit(tx, chain, rows[0]!);
  const [head] = await tx
    .select({ lastHash: auditChainHeads.lastHash })
    .from(auditChainHeads)
    .where(eq(auditChainHeads.chain, chain))
    .for('update');
  let prevHash = head?.lastHash ?? GENESIS_HASH;
  const linked = rows.map(({ requestId, ...fields }) => {
    const hash = computeAuditHash(prevHash, fields);
    const row = { ...fields, requestId, prevHash, hash };
    prevHash = hash;
    return row;
  });
  // One statement writes the events and moves the head (no RETURNING: the read policy may hide
  // account-chain rows written by the system).
  const insertEvents = tx.insert(auditEvents).values(linked);
  const moveHead = tx
    .insert(auditChainHeads)
    .values({ chain, lastHash: prevHash })
    .onConflictDoUpdate({ target: auditChainHeads.chain, set: { lastHash: sql`excluded.last_hash` } });
  await tx.execute(sql`with events as (${insertEvents.getSQL()}) ${moveHead.getSQL()}`);
}

/** An event by someone acting inside a workspace: its chain, actor and membership come from the context. */
export function recordWorkspaceAudit(
  tx: Tx,
  ctx: { meta: RequestMeta; actor: { workspaceId: string; accountId: string; membershipId: string } },
  event: Omit<AuditInput, 'workspaceId' | 'actorAccountId' | 'actorMembershipId'>,
): Promise<void> {
  return recordAudit(tx, ctx.meta, {
    workspaceId: ctx.actor.workspaceId,
    actorAccountId: ctx.actor.accountId,
    actorMembershipId: ctx.actor.membershipId,
    ...event,
  });
}

/**
 * The audit writer of one kind of record: `const audit = auditorFor('decision')`, then
 * `audit(tx, ctx, 'decision.decided', id, before, after)` inside the change's transaction.
 */
export function auditorFor(entityType: string) {
  return (
    tx: Tx,
    ctx: Parameters<typeof recordWorkspaceAudit>[1],
    action: string,
    entityId: string,
    before?: unknown,
    after?: unknown,
  ): Promise<void> => recordWorkspaceAudit(tx, ctx, { action, entityType, entityId, before, after });
}
