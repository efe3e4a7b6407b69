import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { auditChainHeads, auditEvents } from '../db/schema/audit.ts';
import { computeAuditHash, GENESIS_HASH } from '../domain/audit-chain.ts';
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

/**
 * Appends one event to its chain, inside the caller's transaction.
 * Security: the head row's lock orders appends; the chain's hashes must be computed under it.
 */
export async function recordAudit(tx: Tx, meta: RequestMeta, input: AuditInput): Promise<void> {
  const chain = input.workspaceId ?? ACCOUNTS_CHAIN;
  const [head] = await tx
    .select({ lastHash: auditChainHeads.lastHash })
    .from(auditChainHeads)
    .where(eq(auditChainHeads.chain, chain))
    .for('update');
  const prevHash = head?.lastHash ?? GENESIS_HASH;
  const fields = {
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
  };
  const hash = computeAuditHash(prevHash, fields);
  // One statement writes the event and moves the head (no RETURNING: the read policy may hide
  // account-chain rows written by the system).
  const insertEvent = tx.insert(auditEvents).values({ ...fields, requestId: meta.requestId, prevHash, hash });
  const moveHead = tx
    .insert(auditChainHeads)
    .values({ chain, lastHash: hash })
    .onConflictDoUpdate({ target: auditChainHeads.chain, set: { lastHash: sql`excluded.last_hash` } });
  await tx.execute(sql`with event as (${insertEvent.getSQL()}) ${moveHead.getSQL()}`);
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
  const [head] = await tx
    .select({ lastHash: auditChainHeads.lastHash })
    .from(auditChainHeads)
    .where(eq(auditChainHeads.chain, chain))
    .for('update');
  let prevHash = head?.lastHash ?? GENESIS_HASH;
  const rows = inputs.map((input) => {
    const fields = {
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
    };
    const hash = computeAuditHash(prevHash, fields);
    const row = { ...fields, requestId: meta.requestId, prevHash, hash };
    prevHash = hash;
    return row;
  });
  const insertEvents = tx.insert(auditEvents).values(rows);
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
