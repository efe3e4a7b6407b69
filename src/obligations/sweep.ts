import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record.ts';
import { type DatabaseHandle, selectRows, type Tx } from '../db/client.ts';
import { type Obligation, obligationOccurrences, obligations } from '../db/schema/obligations.ts';
import { workspaces } from '../db/schema/workspaces.ts';
import { withScopedTx } from '../db/tenant.ts';
import { controlRefKind } from '../domain/obligations.ts';
import { MISSES_THAT_RAISE_A_RISK, missedInARow } from '../domain/risks.ts';
import type { Jobs } from '../jobs/queue.ts';
import { notify } from '../notifications/notify.ts';
import { raiseSystemRisk } from '../risks/service/system-raise.ts';
import { systemMeta } from '../server/context.ts';
import { obligationKey, responsibleParties } from './service/common.ts';

export type SweepResult = { overdue: number; missed: number; risksRaised: number };

const audit = (tx: Tx, workspaceId: string, action: string, entityId: string, after: unknown) =>
  recordAudit(tx, systemMeta('obligations.sweep'), {
    workspaceId,
    actorAccountId: null,
    actorMembershipId: null,
    action,
    entityType: 'obligation_occurrence',
    entityId,
    after,
  });

/**
 * Escalates like an SLA clock: when an occurrence passes its due time with no evidence handed in,
 * the responsible party is told (level 1); when its grace ends, it is missed and the leads of
 * both parties are told (level 2); three misses in a row raise a risk linked to the obligation.
 * Each step is a conditional update (the claim), so two instances never escalate twice.
 */
export async function sweepObligations(
  database: DatabaseHandle,
  options: { jobs: Jobs; now?: Date },
): Promise<SweepResult> {
  const now = options.now ?? new Date();
  // Which workspaces have work comes from a narrow tandem_definer function; each is handled in its own scope.
  const due = await selectRows<{ workspace_id: string }>(
    database.db,
    sql`select workspace_id from tandem_workspaces_with_due_occurrences(${now.toISOString()}::timestamptz)`,
  );
  const result: SweepResult = { overdue: 0, missed: 0, risksRaised: 0 };
  for (const { workspace_id: workspaceId } of due) {
    await withScopedTx(database.db, { workspaceId, accountId: null }, async (tx) => {
      const [workspace] = await tx
        .select({ slug: workspaces.slug })
        .from(workspaces)
        .where(eq(workspaces.id, workspaceId));
      const slug = workspace?.slug ?? '';
      const overdue = await tx
        .update(obligationOccurrences)
        .set({ escalationLevel: 1 })
        .where(
          and(
            eq(obligationOccurrences.workspaceId, workspaceId),
            eq(obligationOccurrences.status, 'open'),
            eq(obligationOccurrences.escalationLevel, 0),
            lte(obligationOccurrences.dueAt, now),
          ),
        )
        .returning();
      const missed = await tx
        .update(obligationOccurrences)
        .set({ escalationLevel: 2, missed: sql`${obligationOccurrences.firstSubmittedAt} is null` })
        .where(
          and(
            eq(obligationOccurrences.workspaceId, workspaceId),
            eq(obligationOccurrences.status, 'open'),
            sql`${obligationOccurrences.escalationLevel} < 2`,
            lte(obligationOccurrences.graceUntil, now),
          ),
        )
        .returning();
      const ids = [...new Set([...overdue, ...missed].map((o) => o.obligationId))];
      if (ids.length === 0) return;
      const list = await tx.select().from(obligations).where(inArray(obligations.id, ids));
      const byId = new Map(list.map((o) => [o.id, o]));
      const responsible = await responsibleParties(
        tx,
        workspaceId,
        list.map((o) => o.serviceId),
      );
      const missedIds = new Set(missed.map((m) => m.id));
      for (const occurrence of overdue) {
        // Grace already over too: the missed step below tells everyone at once.
        if (missedIds.has(occurrence.id)) continue;
        const o = byId.get(occurrence.obligationId)!;
        const key = obligationKey(o.number);
        await audit(tx, workspaceId, 'obligation_occurrence.overdue', occurrence.id, {
          dueAt: occurrence.dueAt,
        });
        await notify(
          tx,
          { workspaceId, jobs: options.jobs },
          {
            event: 'obligation.overdue',
            recipients: (responsible.get(o.serviceId) ?? []).map((p) => ({
              partyId: p.id,
              roles: ['lead', 'agent'],
            })),
            subject: `${key} overdue: ${o.title} (${occurrence.dueOn})`,
            body: `The evidence was due ${occurrence.dueAt.toISOString()}; the grace ends ${occurrence.graceUntil.toISOString()}.`,
            link: `/w/${slug}/obligations/occurrences/${occurrence.id}`,
            dedupeKey: `obligation.overdue:${occurrence.id}`,
            data: { obligation: key, dueOn: occurrence.dueOn },
          },
        );
        result.overdue++;
      }
      for (const occurrence of missed) {
        const o = byId.get(occurrence.obligationId)!;
        const key = obligationKey(o.number);
        await audit(tx, workspaceId, 'obligation_occurrence.missed', occurrence.id, {
          graceUntil: occurrence.graceUntil,
        });
        await notify(
          tx,
          { workspaceId, jobs: options.jobs },
          {
            event: 'obligation.missed',
            recipients: [
              { partyKind: 'internal', roles: ['lead'] },
              { partyKind: 'provider', roles: ['lead'] },
              { membershipId: o.accountableMembershipId },
            ],
            subject: `${key} missed: ${o.title} (${occurrence.dueOn})`,
            body: `No accepted evidence by the end of the grace (${occurrence.graceUntil.toISOString()}).`,
            link: `/w/${slug}/obligations/occurrences/${occurrence.id}`,
            dedupeKey: `obligation.missed:${occurrence.id}`,
            data: { obligation: key, dueOn: occurrence.dueOn },
          },
        );
        result.missed++;
      }
      for (const id of new Set(missed.map((m) => m.obligationId)))
        if (await raiseRiskIfMissedRepeatedly(tx, byId.get(id)!, now)) result.risksRaised++;
    });
  }
  return result;
}

async function raiseRiskIfMissedRepeatedly(tx: Tx, o: Obligation, now: Date) {
  const recent = await tx
    .select({ missed: obligationOccurrences.missed })
    .from(obligationOccurrences)
    .where(and(eq(obligationOccurrences.obligationId, o.id), lte(obligationOccurrences.graceUntil, now)))
    .orderBy(desc(obligationOccurrences.dueOn))
    .limit(MISSES_THAT_RAISE_A_RISK);
  if (missedInARow(recent) < MISSES_THAT_RAISE_A_RISK) return false;
  const csf = o.controls.find((c) => controlRefKind(c) === 'csf') ?? null;
  const risk = await raiseSystemRisk(tx, {
    workspaceId: o.workspaceId,
    title: `Obligation missed ${MISSES_THAT_RAISE_A_RISK} times in a row: ${o.title}`,
    description: `${obligationKey(o.number)} had no evidence handed in for its last ${MISSES_THAT_RAISE_A_RISK} occurrences; the control it evidences may not be operating.`,
    csfCategory: csf,
    ownerMembershipId: o.accountableMembershipId,
    likelihood: 4,
    impact: 3,
    sourceKind: 'obligation',
    sourceId: o.id,
    serviceId: o.serviceId,
  });
  return risk !== null;
}
