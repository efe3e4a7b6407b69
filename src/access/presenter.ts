import type { AccessReview, AccessReviewLine } from '../db/schema/access.ts';
import { accountFindings, completionRate, grantKey, lineFindings, reviewKey } from '../domain/access.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import { canDecide, type DecisionRight } from '../domain/decision-rights.ts';
import type {
  GrantView,
  PrivilegedAccountView,
  ReviewLineView,
  ReviewSummaryView,
  RevocationTaskView,
} from './contract.ts';
import { canAccess } from './policy.ts';
import type { PersonRow } from './service/common.ts';
import type { GrantRow } from './service/grants.ts';
import type { RegisterRow } from './service/register.ts';
import type { ReviewCounts } from './service/reviews.ts';
import type { RevocationRow } from './service/revocations.ts';

const personOf = (p: PersonRow) => ({ membershipId: p.membershipId, name: p.name, partyName: p.partyName });

export function presentAccount(row: RegisterRow, people: Map<string, PersonRow>): PrivilegedAccountView {
  const a = row.account;
  const person = a.membershipId ? people.get(a.membershipId) : undefined;
  return {
    id: a.id,
    system: { id: a.systemId, name: row.systemName },
    accountName: a.accountName,
    person: person ? { ...personOf(person), active: person.active } : null,
    tier: a.tier,
    mfa: a.mfa,
    decision: a.decisionId && row.decisionNumber ? { id: a.decisionId, number: row.decisionNumber } : null,
    expiresAt: a.expiresAt,
    breakGlassLastUsedAt: a.breakGlassLastUsedAt,
    notes: a.notes,
    status: a.status,
    // A revoked account is history, not a finding.
    findings:
      a.status === 'revoked'
        ? []
        : accountFindings({
            accountName: a.accountName,
            tier: a.tier,
            mfa: a.mfa,
            person: a.membershipId ? { active: person?.active ?? false } : null,
            expiresAt: a.expiresAt,
            breakGlassLastUsedAt: a.breakGlassLastUsedAt,
          }),
    version: a.version,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

export function presentGrant(
  actor: WorkspaceActor,
  row: GrantRow,
  ctx: {
    people: Map<string, PersonRow>;
    systems: { id: string; name: string }[];
    right: { right: DecisionRight };
  },
): GrantView {
  const g = row.grant;
  const requester = ctx.people.get(g.requestedByMembershipId);
  const open = g.status === 'requested';
  const ownParty = actor.partyKind === 'provider' && requester?.partyId === actor.partyId;
  return {
    id: g.id,
    key: grantKey(g.number),
    number: g.number,
    system: { id: g.systemId, name: ctx.systems.find((s) => s.id === g.systemId)?.name ?? '' },
    tier: g.tier,
    reason: g.reason,
    durationMinutes: g.durationMinutes,
    requestedBy: requester
      ? personOf(requester)
      : { membershipId: g.requestedByMembershipId, name: 'Unknown', partyName: null },
    decision: { id: g.decisionId, number: row.decisionNumber, status: row.decisionStatus },
    status: g.status,
    decidedBy: g.decidedByMembershipId ? (ctx.people.get(g.decidedByMembershipId)?.name ?? null) : null,
    decidedAt: g.decidedAt,
    expiresAt: g.expiresAt,
    expiredAt: g.expiredAt,
    createdAt: g.createdAt,
    abilities: {
      decide:
        open &&
        canDecide(actor, ctx.right.right) &&
        g.requestedByMembershipId !== actor.membershipId &&
        !ownParty,
      withdraw:
        open && canAccess(actor, 'withdrawGrant', { requestedByMembershipId: g.requestedByMembershipId }),
    },
  };
}

export function presentRevocation(
  actor: WorkspaceActor,
  row: RevocationRow,
  people: Map<string, PersonRow>,
): RevocationTaskView {
  const t = row.task;
  return {
    id: t.id,
    source: t.source,
    title: t.title,
    grantKey: row.grantNumber ? grantKey(row.grantNumber) : null,
    accountName: row.accountName,
    systemName: row.systemName,
    responsibleParty: { id: t.responsiblePartyId, name: row.partyName },
    status: t.status,
    evidence: t.evidence,
    evidenceFile:
      t.evidenceFilename && t.evidenceContentType && t.evidenceSha256
        ? { filename: t.evidenceFilename, contentType: t.evidenceContentType, sha256: t.evidenceSha256 }
        : null,
    confirmedBy: t.confirmedByMembershipId ? (people.get(t.confirmedByMembershipId)?.name ?? null) : null,
    confirmedAt: t.confirmedAt,
    createdAt: t.createdAt,
    abilities: {
      confirm:
        t.status === 'open' &&
        canAccess(actor, 'confirmRevocation', { responsiblePartyId: t.responsiblePartyId }),
    },
  };
}

export function presentReviewSummary(
  review: AccessReview,
  counts: ReviewCounts | undefined,
): ReviewSummaryView {
  const c = counts ?? { total: 0, decided: 0, revoked: 0, overdue: 0 };
  return {
    id: review.id,
    key: reviewKey(review.number),
    number: review.number,
    title: review.title,
    status: review.status,
    dueAt: review.dueAt,
    completedAt: review.completedAt,
    createdAt: review.createdAt,
    obligationOccurrenceId: review.obligationOccurrenceId,
    total: c.total,
    decided: c.decided,
    revoked: c.revoked,
    overdue: c.overdue,
    completionRate: completionRate(Array.from({ length: c.total }, (_, i) => ({ decided: i < c.decided }))),
  };
}

export function presentLine(
  actor: WorkspaceActor,
  review: AccessReview,
  line: AccessReviewLine,
  people: Map<string, PersonRow>,
  now = new Date(),
): ReviewLineView {
  const decided = line.outcome !== null;
  return {
    id: line.id,
    privilegedAccountId: line.privilegedAccountId,
    system: line.snapshot.system,
    accountName: line.snapshot.accountName,
    person: line.snapshot.person,
    party: line.snapshot.party,
    tier: line.snapshot.tier,
    mfa: line.snapshot.mfa,
    reviewer: {
      membershipId: line.reviewerMembershipId,
      name: people.get(line.reviewerMembershipId)?.name ?? 'Unknown',
    },
    outcome: line.outcome,
    comment: line.comment,
    decidedBy: line.decidedByMembershipId ? (people.get(line.decidedByMembershipId)?.name ?? null) : null,
    decidedAt: line.decidedAt,
    overdue: !decided && review.dueAt.getTime() < now.getTime(),
    escalatedAt: line.escalatedAt,
    findings: lineFindings(line.snapshot),
    abilities: {
      decide: !decided && canAccess(actor, 'decideLine', { reviewerMembershipId: line.reviewerMembershipId }),
    },
  };
}
