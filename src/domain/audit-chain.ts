import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted, so a value hashes the same after a jsonb round trip. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export type ChainedFields = {
  workspaceId: string | null;
  actorAccountId: string | null;
  actorMembershipId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  at: Date;
};

/** The text an event's hash covers after its predecessor's hash and a line feed. */
export function auditHashBody(e: ChainedFields): string {
  return canonicalJson({
    workspaceId: e.workspaceId,
    actorAccountId: e.actorAccountId,
    actorMembershipId: e.actorMembershipId,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    before: e.before ?? null,
    after: e.after ?? null,
    ip: e.ip,
    at: e.at.toISOString(),
  });
}

export function computeAuditHash(prevHash: string, e: ChainedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(auditHashBody(e)).digest('hex');
}

export type ChainLink = ChainedFields & { id: number; prevHash: string; hash: string };

/** The id of the first event whose link or content does not match, or null for an intact chain. */
export function findFirstBrokenLink(
  events: ChainLink[],
  startHash = GENESIS_HASH,
): { id: number; reason: string } | null {
  let expectedPrev = startHash;
  for (const e of events) {
    if (e.prevHash !== expectedPrev)
      return { id: e.id, reason: 'previous hash does not match the event before it' };
    if (computeAuditHash(e.prevHash, e) !== e.hash)
      return { id: e.id, reason: 'content does not match its hash' };
    expectedPrev = e.hash;
  }
  return null;
}
