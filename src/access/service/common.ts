import { and, asc, eq, inArray } from 'drizzle-orm';
import { recordWorkspaceAudit } from '../../audit/record.ts';
import type { Tx } from '../../db/client.ts';
import { accessSettings } from '../../db/schema/access.ts';
import { accounts } from '../../db/schema/accounts.ts';
import { systems } from '../../db/schema/systems.ts';
import { memberships, parties } from '../../db/schema/workspaces.ts';
import { loadDecisionRight } from '../../decisions/types.ts';
import { DEFAULT_MAX_GRANT_MINUTES } from '../../domain/access.ts';
import type { DecisionRight } from '../../domain/decision-rights.ts';
import { activeInternalLeads } from '../../members/internal-leads.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { Invalid } from '../../server/errors.ts';

/** The default decision type that approves a time-bound grant (src/defaults). */
export const GRANT_DECISION_TYPE = 'grant-provider-access';

export const auditAccess = (
  tx: Tx,
  ctx: WorkspaceContext,
  action: string,
  entityType: string,
  entityId: string,
  before?: unknown,
  after?: unknown,
) => recordWorkspaceAudit(tx, ctx, { action, entityType, entityId, before, after });

export type PersonRow = {
  membershipId: string;
  name: string;
  partyId: string | null;
  partyName: string | null;
  active: boolean;
};

/** Names, parties and status of members, for presenters. */
export async function peopleOf(tx: Tx, workspaceId: string, ids?: string[]): Promise<Map<string, PersonRow>> {
  if (ids && ids.length === 0) return new Map();
  const rows = await tx
    .select({
      membershipId: memberships.id,
      name: accounts.name,
      partyId: memberships.partyId,
      partyName: parties.name,
      status: memberships.status,
    })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .leftJoin(parties, eq(parties.id, memberships.partyId))
    .where(
      and(
        eq(memberships.workspaceId, workspaceId),
        ids ? inArray(memberships.id, [...new Set(ids)]) : undefined,
      ),
    );
  return new Map(rows.map((r) => [r.membershipId, { ...r, active: r.status === 'active' }]));
}

export async function systemsOf(tx: Tx, workspaceId: string) {
  return tx
    .select({
      id: systems.id,
      name: systems.name,
      ownerPartyId: systems.ownerPartyId,
      serviceId: systems.serviceId,
    })
    .from(systems)
    .where(eq(systems.workspaceId, workspaceId))
    .orderBy(asc(systems.name));
}

export async function assertSystem(tx: Tx, workspaceId: string, systemId: string, path: string) {
  const [system] = await tx
    .select()
    .from(systems)
    .where(and(eq(systems.id, systemId), eq(systems.workspaceId, workspaceId)));
  if (!system) throw new Invalid(`${path.split('.').pop()} names no system of this workspace.`, path);
  if (system.status !== 'active') throw new Invalid('That system is retired.', path);
  return system;
}

export async function loadSettings(tx: Tx, workspaceId: string) {
  const [row] = await tx.select().from(accessSettings).where(eq(accessSettings.workspaceId, workspaceId));
  return (
    row ?? { workspaceId, maxGrantMinutes: DEFAULT_MAX_GRANT_MINUTES, version: 1, updatedAt: new Date(0) }
  );
}

const INTERNAL_LEAD_ONLY: DecisionRight = {
  name: 'Grant privileged access',
  proposerKinds: ['internal', 'provider'],
  decider: 'internal_lead',
  delegateMembershipId: null,
  delegatePartyId: null,
};

/** The grant-approval right; without an active type only the internal lead holds it (and no decision can be logged). */
export async function loadGrantRight(tx: Tx, workspaceId: string) {
  return loadDecisionRight(tx, workspaceId, GRANT_DECISION_TYPE, INTERNAL_LEAD_ONLY);
}

export async function internalLeadOf(tx: Tx, workspaceId: string): Promise<string | null> {
  const [lead] = await activeInternalLeads(tx, workspaceId).orderBy(asc(memberships.createdAt)).limit(1);
  return lead?.id ?? null;
}
