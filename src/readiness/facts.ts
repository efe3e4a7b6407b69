import { and, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { accounts } from '../db/schema/accounts.ts';
import { engagements, engagementVersions } from '../db/schema/engagements.ts';
import { mapVersions } from '../db/schema/responsibility.ts';
import { onCallShifts } from '../db/schema/sla.ts';
import { memberships, parties } from '../db/schema/workspaces.ts';
import { findGaps } from '../domain/raci.ts';
import {
  gapHours,
  OBLIGATION_WINDOW_DAYS,
  type ReadinessFacts,
  ROTA_LOOKAHEAD_DAYS,
} from '../domain/readiness.ts';
import { findRotaGaps } from '../domain/sla.ts';
import type { Priority } from '../domain/tickets.ts';
import { currentVersionOf } from '../engagements/queries.ts';
import { loadAssignments, loadPartiesForRaci, loadServicesForRaci } from '../responsibility/queries.ts';
import { findReviewFacts } from './sources/reviews.ts';

const DAY_MS = 86_400_000;

async function rowsOf<T>(tx: Tx, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await tx.execute(query)) as unknown as { rows: T[] }).rows;
}
const dateOf = (ms: number | string | null) => (ms === null ? null : new Date(Number(ms)));

async function engagementFacts(tx: Tx, ws: string) {
  const rows = await tx
    .select({
      providerName: parties.name,
      terms: engagementVersions.terms,
      ownerStatus: memberships.status,
      ownerPartyId: memberships.partyId,
      ownerName: accounts.name,
    })
    .from(engagements)
    .innerJoin(parties, eq(parties.id, engagements.providerPartyId))
    .innerJoin(engagementVersions, currentVersionOf)
    .leftJoin(memberships, sql`${memberships.id}::text = ${engagementVersions.terms}->>'ownerMembershipId'`)
    .leftJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(eq(engagements.workspaceId, ws))
    .orderBy(parties.name);
  const internal = await tx
    .select({ id: parties.id })
    .from(parties)
    .where(and(eq(parties.workspaceId, ws), eq(parties.kind, 'internal')));
  const internalIds = new Set(internal.map((p) => p.id));
  return rows.map((r) => ({
    providerName: r.providerName,
    purposes: r.terms.purposes,
    intent: r.terms.intent,
    reviewCadence: r.terms.reviewCadence,
    ownerName:
      r.ownerStatus === 'active' && r.ownerPartyId !== null && internalIds.has(r.ownerPartyId)
        ? r.ownerName
        : null,
    incidentRoles: [
      ...new Set(
        r.terms.clauses
          .filter((c) => c.kind === 'incident_roles')
          .flatMap((c) => c.incidentRoles ?? [])
          .filter((x) => x.person.trim() !== '' || x.partyId !== '')
          .map((x) => x.role),
      ),
    ],
  }));
}

async function mapFacts(tx: Tx, ws: string) {
  const [version] = await tx
    .select({ id: mapVersions.id })
    .from(mapVersions)
    .where(eq(mapVersions.workspaceId, ws))
    .orderBy(desc(mapVersions.number))
    .limit(1);
  const services = await loadServicesForRaci(tx, ws);
  const partyList = await loadPartiesForRaci(tx, ws);
  const assignments = version ? await loadAssignments(tx, ws, version.id) : [];
  const gaps = version ? findGaps(assignments, services, partyList) : [];
  const kindOf = new Map(partyList.map((p) => [p.id, p.kind]));
  const decisionServices = services.filter((s) => s.status === 'active' && s.carriesBusinessDecisions);
  const internallyOwned = decisionServices.filter((s) =>
    assignments.some((a) => a.serviceId === s.id && a.role === 'A' && kindOf.get(a.partyId) === 'internal'),
  ).length;
  // Critical systems and the services of open risks (a risk linked to a system counts its service).
  const linked = await rowsOf<{ kind: 'critical' | 'risk'; name: string; service_id: string | null }>(
    tx,
    sql`select 'critical' as kind, s.name, s.service_id from systems s
          where s.workspace_id = ${ws} and s.criticality = 'critical' and s.status = 'active'
        union all
        select 'risk', '', case when l.kind = 'service' then l.target_id else sy.service_id end
          from risk_links l join risks r on r.id = l.risk_id
          left join systems sy on l.kind = 'system' and sy.id = l.target_id
          where l.workspace_id = ${ws} and r.status = 'open'`,
  );
  return {
    decisionServices: { total: decisionServices.length, internallyOwned },
    map: {
      hasVersion: version !== undefined,
      activeServices: services.filter((s) => s.status === 'active').length,
      gaps: gaps.map((g) => ({ serviceId: g.serviceId, serviceName: g.serviceName, severity: g.severity })),
      criticalSystems: linked
        .filter((l) => l.kind === 'critical')
        .map((l) => ({ name: l.name, serviceId: l.service_id })),
      riskServiceIds: [
        ...new Set(linked.filter((l) => l.kind === 'risk' && l.service_id).map((l) => l.service_id!)),
      ],
    },
  };
}

type Counts = {
  catalogue_items: number;
  policy_priorities: Priority[] | null;
  escalation_priorities: Priority[] | null;
  cover_parties: string[] | null;
  last_review_ms: string | null;
  open_reviews: number;
  obligations_due: number;
  obligations_on_time: number;
  obligations_overdue: number;
  critical_systems: number;
  with_recovery: number;
  stale_articles: number;
  live_articles: number;
  backlog_open: number;
  backlog_quartered: number;
  exit_verified_ms: string | null;
  exit_last_failed: boolean;
};

/** Every count the checks need, in one statement (each a small indexed aggregate). */
async function counts(tx: Tx, ws: string, now: Date) {
  const windowStart = new Date(now.getTime() - OBLIGATION_WINDOW_DAYS * DAY_MS);
  const today = now.toISOString().slice(0, 10);
  const [row] = await rowsOf<Counts>(
    tx,
    sql`select
      (select count(*)::int from catalogue_items where workspace_id = ${ws} and status = 'active') as catalogue_items,
      (select array_agg(distinct priority) from sla_policies where workspace_id = ${ws}) as policy_priorities,
      (select array_agg(distinct priority) from sla_escalation_rules where workspace_id = ${ws}) as escalation_priorities,
      (select array_agg(distinct party_id::text) from after_hours_cover_rules where workspace_id = ${ws}) as cover_parties,
      (select (extract(epoch from max(completed_at)) * 1000)::bigint::text from access_reviews
        where workspace_id = ${ws} and status = 'completed') as last_review_ms,
      (select count(*)::int from access_reviews where workspace_id = ${ws} and status = 'open') as open_reviews,
      (select count(*)::int from obligation_occurrences where workspace_id = ${ws}
        and due_at >= ${windowStart} and (grace_until <= ${now} or first_submitted_at is not null)) as obligations_due,
      (select count(*)::int from obligation_occurrences where workspace_id = ${ws}
        and due_at >= ${windowStart} and first_submitted_at <= grace_until) as obligations_on_time,
      (select count(*)::int from obligation_occurrences where workspace_id = ${ws}
        and status = 'open' and due_at < ${now}) as obligations_overdue,
      (select count(*)::int from systems where workspace_id = ${ws} and criticality = 'critical' and status = 'active') as critical_systems,
      (select count(*)::int from systems s join articles a on a.id = s.recovery_article_id
        where s.workspace_id = ${ws} and s.criticality = 'critical' and s.status = 'active'
        and a.status in ('published', 'needs_review')) as with_recovery,
      (select count(*)::int from articles where workspace_id = ${ws} and status in ('published', 'needs_review')
        and (status = 'needs_review' or review_due_on < ${today}::date)) as stale_articles,
      (select count(*)::int from articles where workspace_id = ${ws} and status in ('published', 'needs_review')) as live_articles,
      (select count(*)::int from backlog_items where workspace_id = ${ws} and status in ('proposed', 'planned', 'in_progress')) as backlog_open,
      (select count(*)::int from backlog_items where workspace_id = ${ws} and status in ('proposed', 'planned', 'in_progress')
        and target_quarter is not null) as backlog_quartered,
      (select (extract(epoch from max(finished_at)) * 1000)::bigint::text from exit_runs
        where workspace_id = ${ws} and kind = 'verify' and status = 'passed') as exit_verified_ms,
      coalesce((select status = 'failed' from exit_runs where workspace_id = ${ws} and kind = 'verify'
        and status in ('passed', 'failed') order by created_at desc limit 1), false) as exit_last_failed`,
  );
  return row!;
}

/** Uncovered stretches of the covering parties' on-call rotas over the look-ahead window. */
async function rotaGaps(tx: Tx, ws: string, partyIds: string[], now: Date) {
  if (partyIds.length === 0) return { hours: 0, first: null };
  const to = new Date(now.getTime() + ROTA_LOOKAHEAD_DAYS * DAY_MS);
  const shifts = await tx
    .select({
      partyId: onCallShifts.partyId,
      membershipId: onCallShifts.membershipId,
      startsAt: onCallShifts.startsAt,
      endsAt: onCallShifts.endsAt,
    })
    .from(onCallShifts)
    .where(
      and(
        eq(onCallShifts.workspaceId, ws),
        inArray(onCallShifts.partyId, partyIds),
        lt(onCallShifts.startsAt, to),
        gt(onCallShifts.endsAt, now),
      ),
    );
  const gaps = partyIds.flatMap((p) =>
    findRotaGaps(
      shifts.filter((s) => s.partyId === p),
      now,
      to,
    ),
  );
  const first = gaps.map((g) => g.start).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  return { hours: gapHours(gaps), first };
}

/** The facts of the ten checks, read inside the caller's (scoped) transaction. */
export async function gatherReadinessFacts(
  tx: Tx,
  ws: string,
  base: string,
  now: Date,
): Promise<ReadinessFacts> {
  const engagementRows = await engagementFacts(tx, ws);
  const { decisionServices, map } = await mapFacts(tx, ws);
  const c = await counts(tx, ws, now);
  const rota = await rotaGaps(tx, ws, c.cover_parties ?? [], now);
  const review = await findReviewFacts(tx, ws, base);
  return {
    engagements: engagementRows,
    decisionServices,
    map,
    catalogue: { activeItems: c.catalogue_items },
    sla: {
      prioritiesWithPolicy: c.policy_priorities ?? [],
      prioritiesWithEscalation: c.escalation_priorities ?? [],
      coverRules: (c.cover_parties ?? []).length,
      rotaGapHours: rota.hours,
      firstRotaGapAt: rota.first,
    },
    security: {
      lastReviewCompletedAt: dateOf(c.last_review_ms),
      openReviews: c.open_reviews,
      obligationsDue: c.obligations_due,
      obligationsOnTime: c.obligations_on_time,
      obligationsOverdue: c.obligations_overdue,
    },
    knowledge: {
      criticalSystems: c.critical_systems,
      withRecovery: c.with_recovery,
      staleArticles: c.stale_articles,
      liveArticles: c.live_articles,
    },
    review,
    backlog: { open: c.backlog_open, withTargetQuarter: c.backlog_quartered },
    exit: { lastVerifiedAt: dateOf(c.exit_verified_ms), lastRunFailed: c.exit_last_failed },
  };
}
