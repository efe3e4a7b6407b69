import { and, eq, inArray } from 'drizzle-orm';
import { auditorFor } from '../../audit/record.ts';
import type { Tx } from '../../db/client.ts';
import { accessReviews } from '../../db/schema/access.ts';
import { incidents } from '../../db/schema/incidents.ts';
import { obligations } from '../../db/schema/obligations.ts';
import { problems } from '../../db/schema/problems.ts';
import { services } from '../../db/schema/responsibility.ts';
import { type Risk, riskLinks, risks } from '../../db/schema/risks.ts';
import { systems } from '../../db/schema/systems.ts';
import { loadDecisionRight } from '../../decisions/types.ts';
import { ceControlName, csfCategoryName } from '../../defaults/governance.ts';
import type { WorkspaceActor } from '../../domain/actor.ts';
import { canDecide, type DecisionRight } from '../../domain/decision-rights.ts';
import { RISK_SOURCE_KINDS, type RiskSourceKind, riskKey } from '../../domain/risks.ts';
import { Invalid, NotFound } from '../../server/errors.ts';
import { checkWorkspaceParty } from '../../workspaces/party-check.ts';
import { memberStanding } from '../../workspaces/queries.ts';

export const ACCEPT_RESIDUAL_RISK = 'accept-residual-risk';

const INTERNAL_LEAD_ONLY: DecisionRight = {
  name: 'Accept a residual risk',
  proposerKinds: [],
  decider: 'internal_lead',
  delegateMembershipId: null,
  delegatePartyId: null,
};

export type AcceptRight = { right: DecisionRight; typeId: string | null; holder: string; name: string };

/** The workspace's "accept residual risk" right; without an active type only the internal lead holds it. */
export async function loadAcceptRight(tx: Tx, workspaceId: string): Promise<AcceptRight> {
  return loadDecisionRight(tx, workspaceId, ACCEPT_RESIDUAL_RISK, INTERNAL_LEAD_ONLY);
}
export const holdsAcceptRight = (actor: WorkspaceActor, right: AcceptRight) => canDecide(actor, right.right);

export async function loadRisk(tx: Tx, workspaceId: string, number: number) {
  const [risk] = await tx
    .select()
    .from(risks)
    .where(and(eq(risks.workspaceId, workspaceId), eq(risks.number, number)));
  if (!risk) throw new NotFound(`No risk ${riskKey(number)}.`);
  return risk;
}

export const auditRisk = auditorFor('risk');

/**
 * The risk owner: an active member of the internal party. Security: the provider may carry out
 * the treatment but never owns the business's risk.
 */
export async function checkOwner(tx: Tx, workspaceId: string, membershipId: string, field: string) {
  const m = await memberStanding(tx, workspaceId, membershipId);
  if (m?.status !== 'active')
    throw new Invalid('must name an active member of the internal party of this workspace', field);
  if (m.kind !== 'internal')
    throw new Invalid(
      'the risk owner must be a member of the internal party; the provider may carry out the treatment (treatmentPartyId) but never own the risk',
      field,
    );
}

export async function checkParty(tx: Tx, workspaceId: string, partyId: string, field: string) {
  await checkWorkspaceParty(tx, workspaceId, partyId, field, 'names no party of this workspace');
}

export function checkCategory(
  input: { csfCategory?: string | null; ceControl?: string | null; customCategory?: string | null },
  prefix: string,
) {
  if (input.csfCategory && !csfCategoryName(input.csfCategory))
    throw new Invalid('is not a NIST CSF 2.0 category (such as PR.AA)', `${prefix}.csfCategory`);
  if (input.ceControl && !ceControlName(input.ceControl))
    throw new Invalid(
      'is not a Cyber Essentials control key (such as user-access-control)',
      `${prefix}.ceControl`,
    );
  if (!input.csfCategory && !input.ceControl && !input.customCategory)
    throw new Invalid(
      'give a NIST CSF category, a Cyber Essentials control or a custom category',
      `${prefix}.customCategory`,
    );
}

/** Replaces the risk's linked systems and services; each must be this workspace's. */
export async function setLinks(
  tx: Tx,
  workspaceId: string,
  riskId: string,
  input: { systemIds?: string[] | undefined; serviceIds?: string[] | undefined },
) {
  const groups = [
    ['system', input.systemIds, systems, 'body.systemIds'],
    ['service', input.serviceIds, services, 'body.serviceIds'],
  ] as const;
  for (const [kind, ids, table, field] of groups) {
    if (ids === undefined) continue;
    const unique = [...new Set(ids)];
    const found =
      unique.length === 0
        ? []
        : await tx
            .select({ id: table.id })
            .from(table)
            .where(and(eq(table.workspaceId, workspaceId), inArray(table.id, unique)));
    ids.forEach((id, i) => {
      if (!found.some((f) => f.id === id))
        throw new Invalid(`names no ${kind} of this workspace`, `${field}.${i}`);
    });
    await tx.delete(riskLinks).where(and(eq(riskLinks.riskId, riskId), eq(riskLinks.kind, kind)));
    if (unique.length > 0)
      await tx.insert(riskLinks).values(unique.map((targetId) => ({ workspaceId, riskId, kind, targetId })));
  }
}

const SOURCE_PREFIX: Record<RiskSourceKind, string> = {
  problem: 'PRB',
  incident: 'MI',
  obligation: 'OBL',
  access_review: 'AR',
};
const SOURCE_PATH: Record<RiskSourceKind, string> = {
  problem: 'problems',
  incident: 'incidents',
  obligation: 'obligations',
  access_review: 'access/reviews',
};
const SOURCE_NAME: Record<RiskSourceKind, string> = {
  problem: 'problem',
  incident: 'incident',
  obligation: 'obligation',
  access_review: 'access review',
};
const SOURCE_TABLES = {
  problem: problems,
  incident: incidents,
  obligation: obligations,
  access_review: accessReviews,
};
const sourceTable = (kind: RiskSourceKind) => SOURCE_TABLES[kind];

/** The record a risk is raised from, by key (PRB-3, MI-2, OBL-4, AR-3). */
export async function resolveSource(tx: Tx, workspaceId: string, kind: RiskSourceKind, key: string) {
  const [prefix, num] = key.includes('-') ? key.split('-') : [null, key];
  if (prefix && prefix.toUpperCase() !== SOURCE_PREFIX[kind])
    throw new Invalid(
      `is not the key of ${/^[aeiou]/.test(SOURCE_NAME[kind]) ? 'an' : 'a'} ${SOURCE_NAME[kind]}, such as ${SOURCE_PREFIX[kind]}-3`,
      'body.source.key',
    );
  const table = sourceTable(kind);
  const [row] = await tx
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.workspaceId, workspaceId), eq(table.number, Number(num))));
  if (!row)
    throw new Invalid(`No ${SOURCE_NAME[kind]} ${SOURCE_PREFIX[kind]}-${num} here.`, 'body.source.key');
  return row.id;
}

export type SourceView = { kind: RiskSourceKind; key: string; title: string; path: string };

/** The records risks were raised from, with a key, title and web path each. */
export async function loadSources(tx: Tx, slug: string, rows: Pick<Risk, 'sourceKind' | 'sourceId'>[]) {
  const out = new Map<string, SourceView>();
  for (const kind of RISK_SOURCE_KINDS) {
    const ids = [...new Set(rows.filter((r) => r.sourceKind === kind && r.sourceId).map((r) => r.sourceId!))];
    if (ids.length === 0) continue;
    const table = sourceTable(kind);
    const found = await tx
      .select({ id: table.id, number: table.number, title: table.title })
      .from(table)
      .where(inArray(table.id, ids));
    for (const f of found) {
      const key = `${SOURCE_PREFIX[kind]}-${f.number}`;
      out.set(f.id, { kind, key, title: f.title, path: `/w/${slug}/${SOURCE_PATH[kind]}/${key}` });
    }
  }
  return out;
}
