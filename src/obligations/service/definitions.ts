import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { nextNumber } from '../../db/counters.ts';
import { obligationEvidenceFiles, obligationOccurrences, obligations } from '../../db/schema/obligations.ts';
import { services } from '../../db/schema/responsibility.ts';
import { systems } from '../../db/schema/systems.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import { isValidTimeZone } from '../../domain/business-time.ts';
import {
  addDays,
  GENERATE_AHEAD_DAYS,
  localDate,
  normaliseRrule,
  scheduleProblems,
} from '../../domain/obligations.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { AppError, Invalid, StaleVersion } from '../../server/errors.ts';
import { memberNames } from '../../workspaces/names.ts';
import type { CreateObligationBody, UpdateObligationBody } from '../contract.ts';
import { assertCanObligation, canObligation } from '../policy.ts';
import {
  auditObligation,
  checkAccountable,
  checkControls,
  checkService,
  generateOccurrences,
  loadObligation,
  responsibleParties,
  workspaceTimeZone,
} from './common.ts';

function checkSchedule(s: {
  rrule: string;
  timeZone: string;
  startsOn: string;
  dueTime: string;
  graceHours: number;
}) {
  const problems = scheduleProblems(s, localDate(new Date(), s.timeZone));
  if (problems.length > 0)
    throw new AppError(
      400,
      'VALIDATION_FAILED',
      problems.map((p) => `${p.path}: ${p.message}`).join(' '),
      problems.map((p) => ({ path: `body.${p.path}`, message: p.message })),
    );
}

export async function createObligation(ctx: WorkspaceContext, input: CreateObligationBody) {
  assertCanObligation(ctx.actor, 'manage');
  checkControls(input.controls, 'body.controls');
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const ws = ctx.actor.workspaceId;
      const timeZone = input.timeZone ?? (await workspaceTimeZone(tx, ws));
      if (!isValidTimeZone(timeZone))
        throw new Invalid('is not an IANA timezone (such as Europe/London)', 'body.timeZone');
      const schedule = {
        rrule: input.rrule,
        timeZone,
        startsOn: input.startsOn ?? localDate(new Date(), timeZone),
        dueTime: input.dueTime,
        graceHours: input.graceHours,
      };
      checkSchedule(schedule);
      await checkService(tx, ws, input.serviceId, 'body.serviceId');
      await checkAccountable(tx, ws, input.accountableMembershipId, 'body.accountableMembershipId');
      if (input.systemId) {
        const [s] = await tx
          .select({ id: systems.id })
          .from(systems)
          .where(and(eq(systems.id, input.systemId), eq(systems.workspaceId, ws)));
        if (!s) throw new Invalid('names no system of this workspace', 'body.systemId');
      }
      const [row] = await tx
        .insert(obligations)
        .values({
          workspaceId: ws,
          number: await nextNumber(tx, ws, 'obligation'),
          title: input.title,
          description: input.description,
          controls: [...new Set(input.controls)],
          serviceId: input.serviceId,
          accountableMembershipId: input.accountableMembershipId,
          systemId: input.systemId ?? null,
          ...schedule,
          rrule: normaliseRrule(schedule.rrule),
          checklist: input.checklist,
          requiredFiles: input.requiredFiles,
          figure: input.figure,
          attestation: input.attestation,
        })
        .returning();
      const obligation = row!;
      // The first window now, in the same transaction; the daily job keeps it 90 days ahead.
      await generateOccurrences(
        tx,
        [obligation],
        addDays(localDate(new Date(), timeZone), GENERATE_AHEAD_DAYS),
      );
      await auditObligation(
        tx,
        ctx,
        'obligation.created',
        'obligation',
        obligation.id,
        undefined,
        obligation,
      );
      await ctx.jobs.enqueue(
        tx,
        'obligations.generate',
        { workspaceId: ws, obligationId: obligation.id },
        { singletonKey: `obligations.generate:${obligation.id}` },
      );
      return obligation;
    },
    ctx.meta,
  );
}

export async function updateObligation(ctx: WorkspaceContext, number: number, input: UpdateObligationBody) {
  assertCanObligation(ctx.actor, 'manage');
  if (input.controls) checkControls(input.controls, 'body.controls');
  if (input.timeZone && !isValidTimeZone(input.timeZone))
    throw new Invalid('is not an IANA timezone (such as Europe/London)', 'body.timeZone');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const before = await loadObligation(tx, ws, number);
    if (before.version !== input.version) throw new StaleVersion('obligation', before.version);
    const { version: _v, ...fields } = input;
    const next = {
      ...before,
      ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    };
    const scheduleChanged = ['rrule', 'timeZone', 'dueTime', 'graceHours'].some(
      (k) => fields[k as keyof typeof fields] !== undefined,
    );
    if (scheduleChanged) checkSchedule({ ...next, startsOn: before.startsOn });
    if (input.serviceId) await checkService(tx, ws, input.serviceId, 'body.serviceId');
    if (input.accountableMembershipId)
      await checkAccountable(tx, ws, input.accountableMembershipId, 'body.accountableMembershipId');
    const today = localDate(new Date(), next.timeZone);
    if (scheduleChanged) {
      // Future open occurrences without evidence follow the new schedule; the past stays as it was.
      const future = await tx
        .select({ id: obligationOccurrences.id })
        .from(obligationOccurrences)
        .where(
          and(
            eq(obligationOccurrences.obligationId, before.id),
            gte(obligationOccurrences.dueOn, today),
            eq(obligationOccurrences.status, 'open'),
            sql`not exists (select 1 from ${obligationEvidenceFiles} f where f.occurrence_id = ${obligationOccurrences.id})`,
          ),
        );
      if (future.length > 0)
        await tx.delete(obligationOccurrences).where(
          inArray(
            obligationOccurrences.id,
            future.map((f) => f.id),
          ),
        );
    }
    const [after] = await tx
      .update(obligations)
      .set({
        ...fields,
        ...(input.rrule && { rrule: normaliseRrule(input.rrule) }),
        ...(scheduleChanged && { generatedUntil: addDays(today, -1) }),
        version: sql`${obligations.version} + 1`,
      })
      .where(and(eq(obligations.id, before.id), eq(obligations.version, input.version)))
      .returning();
    if (!after) throw new StaleVersion('obligation');
    if (scheduleChanged || (before.status === 'retired' && after.status === 'active'))
      await generateOccurrences(tx, [after], addDays(today, GENERATE_AHEAD_DAYS));
    await auditObligation(tx, ctx, 'obligation.updated', 'obligation', before.id, before, after);
    return after;
  });
}

export async function listObligations(ctx: WorkspaceContext) {
  assertCanObligation(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const rows = await tx
      .select()
      .from(obligations)
      .where(eq(obligations.workspaceId, ws))
      .orderBy(asc(obligations.status), asc(obligations.number));
    const extras = await loadExtras(tx, ws, rows);
    const now = new Date();
    const stats = await tx
      .select({
        obligationId: obligationOccurrences.obligationId,
        nextDueOn: sql<
          string | null
        >`min(${obligationOccurrences.dueOn}) filter (where ${obligationOccurrences.status} = 'open' and ${obligationOccurrences.dueAt} >= ${now})`,
        overdue: sql<number>`count(*) filter (where ${obligationOccurrences.status} = 'open' and ${obligationOccurrences.dueAt} < ${now})::int`,
      })
      .from(obligationOccurrences)
      .where(eq(obligationOccurrences.workspaceId, ws))
      .groupBy(obligationOccurrences.obligationId);
    return {
      rows,
      ...extras,
      stats: new Map(stats.map((s) => [s.obligationId, s])),
      canManage: canObligation(ctx.actor, 'manage'),
    };
  });
}

/** Names of services, systems, people and the responsible parties of a set of obligations. */
export async function loadExtras(
  tx: Parameters<typeof responsibleParties>[0],
  ws: string,
  rows: { serviceId: string; systemId: string | null; accountableMembershipId: string }[],
) {
  const serviceIds = [...new Set(rows.map((r) => r.serviceId))];
  const systemIds = [...new Set(rows.map((r) => r.systemId).filter((x): x is string => x !== null))];
  const serviceRows = serviceIds.length
    ? await tx
        .select({ id: services.id, name: services.name })
        .from(services)
        .where(inArray(services.id, serviceIds))
    : [];
  const systemRows = systemIds.length
    ? await tx
        .select({ id: systems.id, name: systems.name })
        .from(systems)
        .where(inArray(systems.id, systemIds))
    : [];
  return {
    serviceNames: new Map(serviceRows.map((s) => [s.id, s.name])),
    systemNames: new Map(systemRows.map((s) => [s.id, s.name])),
    responsible: await responsibleParties(tx, ws, serviceIds),
    names: await memberNames(
      tx,
      ws,
      rows.map((r) => r.accountableMembershipId),
    ),
  };
}

export async function getObligation(ctx: WorkspaceContext, number: number) {
  assertCanObligation(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const obligation = await loadObligation(tx, ws, number);
    const extras = await loadExtras(tx, ws, [obligation]);
    const today = localDate(new Date(), obligation.timeZone);
    // The last year and the window ahead, newest first.
    const occurrences = await tx
      .select()
      .from(obligationOccurrences)
      .where(
        and(
          eq(obligationOccurrences.obligationId, obligation.id),
          gte(obligationOccurrences.dueOn, addDays(today, -366)),
          lte(obligationOccurrences.dueOn, addDays(today, GENERATE_AHEAD_DAYS)),
        ),
      )
      .orderBy(desc(obligationOccurrences.dueOn));
    return { obligation, occurrences, ...extras };
  });
}
