import type { DatabaseHandle } from '../db/client.ts';
import { type ChainLink, findFirstBrokenLink, GENESIS_HASH } from '../domain/audit-chain.ts';
import { ACCOUNTS_CHAIN } from './record.ts';

export type ChainReport = { chain: string; events: number; broken: { id: number; reason: string } | null };

type Row = {
  id: string;
  workspace_id: string | null;
  actor_account_id: string | null;
  actor_membership_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  at: Date | string;
  prev_hash: string;
  hash: string;
};

const BATCH = 5000;

/**
 * Recomputes every chain (each workspace and the accounts chain) and names the first broken link.
 * Runs as the database owner: the chain heads are a global table, and the events of every
 * workspace come through an owner-only function (row-level security binds a non-superuser owner).
 */
export async function verifyAuditChains(
  database: DatabaseHandle,
  onlyChain?: string,
): Promise<ChainReport[]> {
  const chains = await database.ownerQuery<{ chain: string; last_hash: string }>(
    `select chain, last_hash from audit_chain_heads ${onlyChain ? 'where chain = $1' : ''} order by chain`,
    onlyChain ? [onlyChain] : [],
  );
  const reports: ChainReport[] = [];
  for (const { chain, last_hash: headHash } of chains) {
    let lastId = 0;
    // The head, read before the events, must be among them: otherwise the newest were deleted.
    let reachedHead = headHash === GENESIS_HASH;
    let prevHash: string | undefined;
    let events = 0;
    let broken: ChainReport['broken'] = null;
    for (;;) {
      const rows = await database.ownerQuery<Row>(
        'select * from tandem_audit_events_page($1::uuid, $2::bigint, $3::int)',
        [chain === ACCOUNTS_CHAIN ? null : chain, lastId, BATCH],
      );
      if (rows.length === 0) break;
      const links: ChainLink[] = rows.map((r) => ({
        id: Number(r.id),
        workspaceId: r.workspace_id,
        actorAccountId: r.actor_account_id,
        actorMembershipId: r.actor_membership_id,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        before: r.before,
        after: r.after,
        ip: r.ip,
        at: new Date(r.at),
        prevHash: r.prev_hash,
        hash: r.hash,
      }));
      broken = findFirstBrokenLink(links, prevHash);
      events += links.length;
      if (broken) break;
      reachedHead ||= links.some((link) => link.hash === headHash);
      prevHash = links[links.length - 1]!.hash;
      lastId = links[links.length - 1]!.id;
    }
    if (!broken && !reachedHead) {
      broken = {
        id: lastId,
        reason: 'the newest events are missing: the chain ends before the hash its head records',
      };
    }
    reports.push({ chain, events, broken });
  }
  return reports;
}
