import { and, asc, eq, lt, or, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { obligationOccurrences, obligations } from '../db/schema/obligations.ts';
import { risks } from '../db/schema/risks.ts';
import { SLA_DUE_NONE, tickets } from '../db/schema/tickets.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import { visibleTickets } from '../db/visibility.ts';
import { assessReadiness, readinessSummary } from '../domain/readiness.ts';
import { riskKey } from '../domain/risks.ts';
import { AT_RISK_SECONDS } from '../domain/sla-countdown.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { gatherReadinessFacts } from './facts.ts';
import { assertCanReadiness } from './policy.ts';

const DAY_MS = 86_400_000;
/** How far ahead the leads' home looks for acceptances ending, reviews and evidence falling due. */
export const HOME_LOOKAHEAD_DAYS = { acceptance: 30, riskReview: 7, obligation: 7 } as const;
const SHOWN = 8;
/** SLA at risk is counted up to this many tickets ("500 or more"). */
export const COUNT_CAP = 500;

const baseOf = (ctx: WorkspaceContext) => `/w/${ctx.actor.workspaceSlug}`;

async function checklist(tx: Tx, ctx: WorkspaceContext, now: Date) {
  const base = baseOf(ctx);
  const facts = await gatherReadinessFacts(tx, ctx.actor.workspaceId, base, now);
  return assessReadiness(facts, base, now);
}

/** The ten checks, computed from the records in one read transaction. */
export async function getReadiness(ctx: WorkspaceContext, now = new Date()) {
  assertCanReadiness(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const checks = await checklist(tx, ctx, now);
    return { computedAt: now, summary: readinessSummary(checks), checks };
  });
}

const slaDue = sql`coalesce(${tickets.slaDueAt}, ${sql.raw(`'${SLA_DUE_NONE}'::timestamptz`)})`;

/** Open tickets the actor may see whose nearest running clock is breached or within the at-risk hour. */
async function slaAtRisk(tx: Tx, ctx: WorkspaceContext, now: Date) {
  const where = and(
    eq(tickets.workspaceId, ctx.actor.workspaceId),
    // The expression of the tickets_sla_due index, so the range is read from it in order.
    sql`${slaDue} < ${new Date(now.getTime() + AT_RISK_SECONDS * 1000)}`,
    visibleTickets(ctx.actor),
  );
  const rows = await tx
    .select({
      number: tickets.number,
      subject: tickets.subject,
      priority: tickets.priority,
      dueAt: tickets.slaDueAt,
    })
    .from(tickets)
    .where(where)
    .orderBy(slaDue, asc(tickets.id))
    .limit(SHOWN);
  // Counted up to a cap: past it the number tells a lead nothing more, and counting costs a range scan.
  const counted = tx
    .select({ one: sql`1` })
    .from(tickets)
    .where(where)
    .limit(COUNT_CAP + 1)
    .as('counted');
  const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(counted);
  const n = count?.n ?? 0;
  const base = baseOf(ctx);
  return {
    total: Math.min(n, COUNT_CAP),
    capped: n > COUNT_CAP,
    items: rows.map((r) => {
      const key = `${ctx.actor.ticketPrefix}-${r.number}`;
      return {
        key,
        subject: r.subject,
        priority: r.priority,
        dueAt: r.dueAt!,
        breached: r.dueAt!.getTime() < now.getTime(),
        link: `${base}/tickets/${key}`,
      };
    }),
  };
}

/** Open risks whose acceptance ends soon or has lapsed, or whose review date is close. */
async function risksDue(tx: Tx, ctx: WorkspaceContext, now: Date) {
  const acceptanceBy = new Date(now.getTime() + HOME_LOOKAHEAD_DAYS.acceptance * DAY_MS);
  const reviewBy = new Date(now.getTime() + HOME_LOOKAHEAD_DAYS.riskReview * DAY_MS)
    .toISOString()
    .slice(0, 10);
  const rows = await tx
    .select({
      number: risks.number,
      title: risks.title,
      acceptance: risks.acceptance,
      acceptedUntil: risks.acceptedUntil,
      reviewOn: risks.reviewOn,
    })
    .from(risks)
    .where(
      and(
        eq(risks.workspaceId, ctx.actor.workspaceId),
        eq(risks.status, 'open'),
        or(
          eq(risks.acceptance, 'expired'),
          and(eq(risks.acceptance, 'accepted'), lt(risks.acceptedUntil, acceptanceBy)),
          sql`${risks.reviewOn} <= ${reviewBy}::date`,
        ),
      ),
    )
    .orderBy(asc(risks.number));
  const base = baseOf(ctx);
  const items = rows.map((r) => {
    const reason =
      r.acceptance === 'expired'
        ? ('acceptance_expired' as const)
        : r.acceptance === 'accepted' && r.acceptedUntil && r.acceptedUntil < acceptanceBy
          ? ('acceptance_expiring' as const)
          : ('review_due' as const);
    return {
      key: riskKey(r.number),
      title: r.title,
      reason,
      on: reason === 'review_due' ? (r.reviewOn ?? '') : (r.acceptedUntil?.toISOString() ?? ''),
      link: `${base}/risks/${riskKey(r.number)}`,
    };
  });
  return { total: items.length, items: items.slice(0, SHOWN) };
}

/** Evidence not yet handed in that is overdue or falls due within the week. */
async function obligationsDue(tx: Tx, ctx: WorkspaceContext, now: Date) {
  const by = new Date(now.getTime() + HOME_LOOKAHEAD_DAYS.obligation * DAY_MS);
  const rows = await tx
    .select({
      id: obligationOccurrences.id,
      number: obligations.number,
      title: obligations.title,
      dueAt: obligationOccurrences.dueAt,
    })
    .from(obligationOccurrences)
    .innerJoin(obligations, eq(obligations.id, obligationOccurrences.obligationId))
    .where(
      and(
        eq(obligationOccurrences.workspaceId, ctx.actor.workspaceId),
        eq(obligationOccurrences.status, 'open'),
        lt(obligationOccurrences.dueAt, by),
        eq(obligations.status, 'active'),
      ),
    )
    .orderBy(asc(obligationOccurrences.dueAt));
  const base = baseOf(ctx);
  const items = rows.map((r) => ({
    key: `OBL-${r.number}`,
    title: r.title,
    dueAt: r.dueAt,
    overdue: r.dueAt.getTime() < now.getTime(),
    link: `${base}/obligations/occurrences/${r.id}`,
  }));
  const overdue = items.filter((i) => i.overdue).length;
  return { overdue, dueSoon: items.length - overdue, items: items.slice(0, SHOWN) };
}

/**
 * The leads' home in one call: the checklist in brief, SLA at risk, risks and acceptances ending,
 * obligations due and overdue (decisions awaiting the reader come from the decision log's own list).
 */
export async function getLeadHome(ctx: WorkspaceContext, now = new Date()) {
  assertCanReadiness(ctx.actor, 'viewHome');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const checks = await checklist(tx, ctx, now);
    return {
      computedAt: now,
      readiness: {
        summary: readinessSummary(checks),
        checks: checks.map(({ key, title, status, nextAction }) => ({ key, title, status, nextAction })),
      },
      slaAtRisk: await slaAtRisk(tx, ctx, now),
      risks: await risksDue(tx, ctx, now),
      obligations: await obligationsDue(tx, ctx, now),
    };
  });
}
