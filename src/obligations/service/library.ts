import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { obligationOccurrences, obligations } from '../../db/schema/obligations.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import { controlRefName } from '../../defaults/governance.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { NotFound } from '../../server/errors.ts';
import { assertCanObligation } from '../policy.ts';
import { obligationKey } from './common.ts';
import { bundle } from './occurrences.ts';

type PerObligation = {
  id: string;
  accepted: number;
  due: number;
  onTime: number;
  lastAcceptedOn: string | null;
};

/** Per obligation: accepted occurrences, occurrences that fell due, how many were handed in on time. */
async function statsOf(tx: Parameters<Parameters<typeof withScopedTx>[2]>[0], ws: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, PerObligation>();
  const now = new Date();
  const rows = await tx
    .select({
      id: obligationOccurrences.obligationId,
      accepted: sql<number>`count(*) filter (where ${obligationOccurrences.status} = 'accepted')::int`,
      due: sql<number>`count(*) filter (where ${obligationOccurrences.graceUntil} <= ${now} or ${obligationOccurrences.firstSubmittedAt} is not null)::int`,
      onTime: sql<number>`count(*) filter (where ${obligationOccurrences.firstSubmittedAt} <= ${obligationOccurrences.graceUntil})::int`,
      lastAcceptedOn: sql<
        string | null
      >`max(${obligationOccurrences.dueOn}) filter (where ${obligationOccurrences.status} = 'accepted')`,
    })
    .from(obligationOccurrences)
    .where(and(eq(obligationOccurrences.workspaceId, ws), inArray(obligationOccurrences.obligationId, ids)))
    .groupBy(obligationOccurrences.obligationId);
  return new Map(rows.map((r) => [r.id, r]));
}

function controlStats(
  ref: string,
  list: { id: string; number: number; title: string }[],
  stats: Map<string, PerObligation>,
) {
  const s = list.map((o) => stats.get(o.id)).filter((x): x is PerObligation => x !== undefined);
  const due = s.reduce((n, x) => n + x.due, 0);
  const onTime = s.reduce((n, x) => n + x.onTime, 0);
  const last = s.map((x) => x.lastAcceptedOn).filter((x): x is string => x !== null);
  return {
    ref,
    name: controlRefName(ref) ?? ref,
    obligations: list.map((o) => ({ key: obligationKey(o.number), title: o.title })),
    accepted: s.reduce((n, x) => n + x.accepted, 0),
    due,
    onTimeRate: due === 0 ? null : Math.round((onTime / due) * 1000) / 1000,
    lastAcceptedOn: last.sort().at(-1) ?? null,
  };
}

/** The evidence library: every control the obligations evidence, with accepted evidence and on-time rate. */
export async function evidenceLibrary(ctx: WorkspaceContext) {
  assertCanObligation(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const rows = await tx
      .select({
        id: obligations.id,
        number: obligations.number,
        title: obligations.title,
        controls: obligations.controls,
      })
      .from(obligations)
      .where(eq(obligations.workspaceId, ws))
      .orderBy(asc(obligations.number));
    const stats = await statsOf(
      tx,
      ws,
      rows.map((r) => r.id),
    );
    const refs = [...new Set(rows.flatMap((r) => r.controls))].sort();
    return refs.map((ref) =>
      controlStats(
        ref,
        rows.filter((r) => r.controls.includes(ref)),
        stats,
      ),
    );
  });
}

/** One control: its accepted occurrences with their files, the on-time rate and the figure series. */
export async function controlEvidence(ctx: WorkspaceContext, ref: string) {
  assertCanObligation(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const list = await tx
      .select()
      .from(obligations)
      .where(
        and(eq(obligations.workspaceId, ws), sql`${obligations.controls} @> ${JSON.stringify([ref])}::jsonb`),
      )
      .orderBy(asc(obligations.number));
    if (list.length === 0) throw new NotFound(`No obligation evidences the control ${ref}.`);
    const ids = list.map((o) => o.id);
    const stats = await statsOf(tx, ws, ids);
    const accepted = await tx
      .select()
      .from(obligationOccurrences)
      .where(
        and(inArray(obligationOccurrences.obligationId, ids), eq(obligationOccurrences.status, 'accepted')),
      )
      .orderBy(desc(obligationOccurrences.dueOn))
      .limit(200);
    const figures = await tx
      .select({
        obligationId: obligationOccurrences.obligationId,
        dueOn: obligationOccurrences.dueOn,
        value: obligationOccurrences.figureValue,
      })
      .from(obligationOccurrences)
      .where(
        and(
          inArray(obligationOccurrences.obligationId, ids),
          eq(obligationOccurrences.status, 'accepted'),
          isNotNull(obligationOccurrences.figureValue),
        ),
      )
      .orderBy(asc(obligationOccurrences.dueOn));
    const byId = new Map(list.map((o) => [o.id, o]));
    return {
      control: controlStats(ref, list, stats),
      occurrences: await bundle(tx, ws, accepted),
      figureSeries: figures.flatMap((f) => {
        const o = byId.get(f.obligationId)!;
        return o.figure && f.value !== null
          ? [
              {
                obligationKey: obligationKey(o.number),
                name: o.figure.name,
                unit: o.figure.unit,
                dueOn: f.dueOn,
                value: f.value,
              },
            ]
          : [];
      }),
    };
  });
}
