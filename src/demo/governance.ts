import { createHash } from 'node:crypto';
import { and, asc, eq, lt } from 'drizzle-orm';
import type { Database, Tx } from '../db/client.ts';
import { nextNumber } from '../db/counters.ts';
import { decisions, decisionTypes } from '../db/schema/decisions.ts';
import { incidents } from '../db/schema/incidents.ts';
import { obligationEvidenceFiles, obligationOccurrences, obligations } from '../db/schema/obligations.ts';
import { problems } from '../db/schema/problems.ts';
import { workspaceCounters } from '../db/schema/responsibility.ts';
import { riskLinks, risks } from '../db/schema/risks.ts';
import { withScopedTx } from '../db/tenant.ts';
import { addDays, localDate } from '../domain/obligations.ts';
import { seedDefaultObligations } from '../obligations/defaults.ts';
import { serviceIdsByKey, systemIdsByName } from '../workspaces/names.ts';
import { seedAudit } from './audit.ts';
import type { DemoStaff } from './responsibility.ts';

export type GovernancePeople = DemoStaff & {
  internalPartyId: string;
  providerPartyId: string;
};

const DAY = 86_400_000;
const TIME_ZONE = 'Europe/London';

/**
 * Acme's governance: the default obligations running for six months (mostly on time, three late,
 * one rejected and reopened, one overdue) and eight risks (two accepted until a date, one whose
 * acceptance has lapsed, three raised from a problem, an incident and an obligation).
 */
export async function seedDemoGovernance(db: Database, workspaceId: string, who: GovernancePeople) {
  await withScopedTx(db, { workspaceId, accountId: who.lead.accountId }, async (tx) => {
    const audit = (action: string, entityType: string, entityId: string, after: unknown) =>
      seedAudit(tx, workspaceId, who.lead, action, entityType, entityId, after);
    const now = new Date();
    // The defaults seeded with the workspace are replaced by the same defaults six months old,
    // now that the critical systems exist (one restore test each).
    const seeded = await tx
      .select({ id: obligations.id })
      .from(obligations)
      .where(eq(obligations.workspaceId, workspaceId));
    for (const o of seeded)
      await tx.delete(obligationOccurrences).where(eq(obligationOccurrences.obligationId, o.id));
    await tx.delete(obligations).where(eq(obligations.workspaceId, workspaceId));
    await tx
      .update(workspaceCounters)
      .set({ value: 0 })
      .where(and(eq(workspaceCounters.workspaceId, workspaceId), eq(workspaceCounters.name, 'obligation')));
    const startsOn = `${addDays(localDate(now, TIME_ZONE), -183).slice(0, 7)}-01`;
    const created = await seedDefaultObligations(tx, workspaceId, who.lead.membershipId, {
      timeZone: TIME_ZONE,
      startsOn,
      now,
    });
    for (const o of created) await audit('obligation.created', 'obligation', o.id, o);
    await fillEvidence(tx, workspaceId, who, now);
    await seedRisks(tx, workspaceId, who, now, audit);
  });
}

async function fillEvidence(tx: Tx, workspaceId: string, who: GovernancePeople, now: Date) {
  const list = await tx.select().from(obligations).where(eq(obligations.workspaceId, workspaceId));
  const byId = new Map(list.map((o) => [o.id, o]));
  const past = await tx
    .select()
    .from(obligationOccurrences)
    .where(and(eq(obligationOccurrences.workspaceId, workspaceId), lt(obligationOccurrences.dueAt, now)))
    .orderBy(asc(obligationOccurrences.dueAt));
  const latestOf = (title: string) =>
    past.filter((p) => byId.get(p.obligationId)?.title === title).at(-1)?.id ?? null;
  const overdue = latestOf('Monthly security-alert review');
  const rejected = latestOf('Monthly patch-compliance figure');
  let late = 0;
  const files: Array<typeof obligationEvidenceFiles.$inferInsert> = [];
  for (const [i, occurrence] of past.entries()) {
    if (occurrence.id === overdue) continue;
    const o = byId.get(occurrence.obligationId)!;
    const isLate = late < 3 && i % 9 === 4;
    if (isLate) late++;
    const submittedAt = new Date(
      isLate ? occurrence.graceUntil.getTime() + 2 * DAY : occurrence.dueAt.getTime() - (1 + (i % 3)) * DAY,
    );
    const isRejected = occurrence.id === rejected;
    for (const requirement of o.requiredFiles) {
      const content = Buffer.from(
        `${o.title}: ${requirement}\nPeriod due ${occurrence.dueOn}\nPrepared by Northwind IT Services.\n`,
      );
      files.push({
        workspaceId,
        occurrenceId: occurrence.id,
        requirement,
        filename: `${requirement.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${occurrence.dueOn}.txt`,
        contentType: 'text/plain',
        sizeBytes: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        content,
        uploadedByMembershipId: who.engineer.membershipId,
      });
    }
    await tx
      .update(obligationOccurrences)
      .set({
        status: isRejected ? 'open' : 'accepted',
        checkedItems: o.checklist,
        figureValue: o.figure ? figureFor(o.figure.unit, i) : null,
        attestedByMembershipId: who.engineer.membershipId,
        submittedAt,
        firstSubmittedAt: submittedAt,
        reviewedByMembershipId: who.lead.membershipId,
        reviewedAt: new Date(submittedAt.getTime() + DAY),
        rejectionReason: isRejected
          ? 'The report counts laptops only; include the servers and the shop-floor PCs.'
          : null,
        escalationLevel: isLate ? 2 : 0,
      })
      .where(eq(obligationOccurrences.id, occurrence.id));
  }
  if (files.length > 0) await tx.insert(obligationEvidenceFiles).values(files);
}

const figureFor = (unit: string, i: number) =>
  unit === '%' ? 90 + ((i * 7) % 10) : unit === 'minutes' ? 40 + ((i * 13) % 50) : 3 + (i % 5);

type Audit = (action: string, entityType: string, entityId: string, after: unknown) => Promise<void>;

async function seedRisks(tx: Tx, workspaceId: string, who: GovernancePeople, now: Date, audit: Audit) {
  const [type] = await tx
    .select({ id: decisionTypes.id })
    .from(decisionTypes)
    .where(and(eq(decisionTypes.workspaceId, workspaceId), eq(decisionTypes.key, 'accept-residual-risk')));
  const [problem] = await tx
    .select({ id: problems.id })
    .from(problems)
    .where(eq(problems.workspaceId, workspaceId))
    .orderBy(asc(problems.number))
    .limit(1);
  const [incident] = await tx
    .select({ id: incidents.id })
    .from(incidents)
    .where(eq(incidents.workspaceId, workspaceId))
    .orderBy(asc(incidents.number))
    .limit(1);
  const [restore] = await tx
    .select({ id: obligations.id })
    .from(obligations)
    .where(
      and(eq(obligations.workspaceId, workspaceId), eq(obligations.title, 'Monthly security-alert review')),
    );
  const serviceIds = await serviceIdsByKey(tx, workspaceId);
  const systemIds = await systemIdsByName(tx, workspaceId);
  const day = (n: number) => new Date(now.getTime() + n * DAY);
  const specs = [
    {
      title: 'Ransomware encrypts the file server and its backups',
      description:
        'Backups are on the same domain as the file server; an attacker with domain admin reaches both.',
      csfCategory: 'PR.DS',
      ceControl: 'malware-protection',
      scores: [4, 5, 2, 4],
      treatment: 'mitigate',
      service: 'backup-recovery',
      review: 30,
    },
    {
      title: 'Former staff keep access to Microsoft 365',
      description: 'Leavers are disabled late when HR tells IT after the last day.',
      csfCategory: 'PR.AA',
      ceControl: 'user-access-control',
      scores: [3, 4, 2, 3],
      treatment: 'mitigate',
      service: 'joiners-movers-leavers',
      review: 45,
    },
    {
      title: 'Unsupported shop-floor PCs cannot be patched',
      description:
        'Two line controllers run an operating system out of support; the vendor will not certify a newer one.',
      csfCategory: 'PR.PS',
      ceControl: 'security-update-management',
      scores: [3, 4, 3, 3],
      treatment: 'accept',
      accepted: 120,
      service: 'patch-management',
      review: 90,
    },
    {
      title: 'No second internet line at the plant',
      description: 'A single fibre connection; orders stop if it fails.',
      csfCategory: 'ID.RA',
      ceControl: null,
      scores: [2, 4, 2, 4],
      treatment: 'accept',
      accepted: 200,
      service: 'network',
      review: 150,
    },
    {
      title: 'Payroll has no documented recovery steps',
      description: 'If the payroll service fails on pay day nobody knows how to recover it.',
      csfCategory: 'RC.RP',
      ceControl: null,
      scores: [2, 5, 2, 5],
      treatment: 'accept',
      accepted: -10,
      service: 'line-of-business-apps',
      system: 'Payroll',
      review: -5,
    },
    {
      title: 'Recurring backup failures leave gaps in recovery points',
      description: 'Raised from the problem record of repeated backup job failures.',
      csfCategory: 'PR.DS',
      ceControl: null,
      scores: [3, 4, 2, 3],
      treatment: 'mitigate',
      service: 'backup-recovery',
      source: problem ? { kind: 'problem' as const, id: problem.id } : null,
      review: 60,
    },
    {
      title: 'Email outage stops order confirmations',
      description: 'Raised from the major incident: customers received no confirmations for four hours.',
      csfCategory: 'RS.MA',
      ceControl: null,
      scores: [2, 4, 2, 3],
      treatment: 'transfer',
      service: 'collaboration-suite',
      source: incident ? { kind: 'incident' as const, id: incident.id } : null,
      review: 75,
    },
    {
      title: 'Security alerts are not reviewed every month',
      description: 'The monthly alert review was late or missing; attacks may go unnoticed.',
      csfCategory: 'DE.CM',
      ceControl: null,
      scores: [3, 3, 2, 3],
      treatment: 'mitigate',
      service: 'security-monitoring',
      source: restore ? { kind: 'obligation' as const, id: restore.id } : null,
      review: 20,
    },
  ];
  for (const s of specs) {
    const accepted = 'accepted' in s && typeof s.accepted === 'number' ? s.accepted : null;
    const number = await nextNumber(tx, workspaceId, 'risk');
    let decisionId: string | null = null;
    if (accepted !== null && type) {
      const decidedAt = day(accepted - 180);
      const [decision] = await tx
        .insert(decisions)
        .values({
          workspaceId,
          number: await nextNumber(tx, workspaceId, 'decision'),
          typeId: type.id,
          title: `Accept residual risk RISK-${number}: ${s.title}`,
          context: `Accepted until ${day(accepted).toISOString().slice(0, 10)}.`,
          status: 'approved',
          proposedByMembershipId: who.lead.membershipId,
          decidedByMembershipId: who.lead.membershipId,
          decidedAt,
          rationale: 'The cost of treating it now outweighs the residual risk; revisit at expiry.',
        })
        .returning();
      decisionId = decision!.id;
      await audit('decision.approved', 'decision', decisionId, {
        status: 'approved',
        risk: `RISK-${number}`,
      });
    }
    const [risk] = await tx
      .insert(risks)
      .values({
        workspaceId,
        number,
        title: s.title,
        description: s.description,
        csfCategory: s.csfCategory,
        ceControl: s.ceControl,
        inherentLikelihood: s.scores[0]!,
        inherentImpact: s.scores[1]!,
        residualLikelihood: s.scores[2]!,
        residualImpact: s.scores[3]!,
        treatment: s.treatment as 'mitigate' | 'accept' | 'transfer',
        treatmentPartyId: s.treatment === 'accept' ? null : who.providerPartyId,
        ownerMembershipId: number % 2 === 0 ? who.agent.membershipId : who.lead.membershipId,
        reviewOn: day(s.review).toISOString().slice(0, 10),
        acceptance: accepted === null ? 'none' : accepted > 0 ? 'accepted' : 'expired',
        acceptanceDecisionId: decisionId,
        acceptedUntil: accepted === null ? null : day(accepted),
        acceptedAt: accepted === null ? null : day(accepted - 180),
        acceptedByMembershipId: accepted === null ? null : who.lead.membershipId,
        sourceKind: 'source' in s && s.source ? s.source.kind : null,
        sourceId: 'source' in s && s.source ? s.source.id : null,
        createdByMembershipId: who.agent.membershipId,
        createdAt: day(-150 + number * 10),
      })
      .returning();
    const links = [
      { kind: 'service' as const, id: serviceIds.get(s.service) },
      { kind: 'system' as const, id: 'system' in s && s.system ? systemIds.get(s.system) : undefined },
    ].filter((l): l is { kind: 'service' | 'system'; id: string } => typeof l.id === 'string');
    if (links.length > 0)
      await tx
        .insert(riskLinks)
        .values(links.map((l) => ({ workspaceId, riskId: risk!.id, kind: l.kind, targetId: l.id })));
    await audit('risk.created', 'risk', risk!.id, risk);
  }
}
