import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { rowsOf } from '../db/rows.ts';
import { accountFindings } from '../domain/access.ts';
import { MEASURES, type MeasureKey, type MeasureValue, percent, TOTAL } from '../domain/measures.ts';
import { riskLevel } from '../domain/risks.ts';

type Row = { day: string; dim: string | null; value: number | string | null };

/**
 * The days asked for with `e`, the end of each day (UTC): a snapshot of a day is the state at its
 * end, flows are counted over the window ending there.
 */
const daysCte = (list: string[]) =>
  sql`days as (select d as day, (d + 1)::timestamp at time zone 'UTC' as e from unnest(${`{${list.join(',')}}`}::date[]) d)`;

/** A dimension column with the workspace total ('') from GROUPING SETS. */
const dim = (expr: SQL) => sql`case when grouping(${expr}) = 1 then '' else ${expr} end`;

const lane = sql`coalesce(lp.name, 'Joint triage')`;
const window = (days: number) => sql`make_interval(days => ${days})`;

/**
 * Every measure with history in the records, for each day from..to, computed from timestamps
 * (created, first response, resolved, decided, held, submitted, completed). The same queries serve
 * the daily snapshot (from = to) and the backfill of a workspace's first snapshot. Approximations,
 * stated once: a ticket counts in its lane of today (handoffs move it), an article's review date is
 * today's, as are a service's or system's status and a system's recovery article.
 */
export async function computeHistoricMeasures(
  tx: Tx,
  ws: string,
  days: string[],
  only?: readonly MeasureKey[],
): Promise<MeasureValue[]> {
  if (days.length === 0) return [];
  const from = [...days].sort()[0]!;
  const start = sql`(${from}::date::timestamp at time zone 'UTC')`;
  const end = sql`((${[...days].sort().at(-1)!}::date + 1)::timestamp at time zone 'UTC')`;
  const out: MeasureValue[] = [];
  const add = (measure: MeasureKey, rows: Row[]) => {
    for (const r of rows)
      if (r.value !== null)
        out.push({
          day: String(r.day).slice(0, 10),
          measure,
          dimension: r.dim ?? TOTAL,
          value: Number(r.value),
        });
  };
  const run = async (measure: MeasureKey, query: SQL) => {
    if (only && !only.includes(measure)) return;
    add(measure, rowsOf<Row>(await tx.execute(sql`with ${daysCte(days)} ${query}`)));
  };
  const w = (m: MeasureKey) => window(MEASURES[m].windowDays);

  // Each ticket query reads the workspace's tickets once (a materialized CTE bounded by the days asked
  // for), then joins the few days in memory: a day-by-day scan would read the table once per day.
  await run(
    'open_work',
    sql`, t as materialized (select id, lane_party_id, created_at, resolved_at from tickets
        where workspace_id = ${ws} and created_at < ${end} and (resolved_at is null or resolved_at >= ${start}))
      select days.day::text as day, ${dim(lane)} as dim, count(t.id)::int as value
      from days left join t on t.created_at < days.e and (t.resolved_at is null or t.resolved_at >= days.e)
      left join parties lp on lp.id = t.lane_party_id
      group by grouping sets ((days.day, ${lane}), (days.day))`,
  );
  await run(
    'sla_attainment',
    sql`, ended as (select c.breached_at, coalesce(c.breached_at, c.stopped_at) as at, t.priority
        from sla_clocks c join tickets t on t.id = c.ticket_id
        where c.workspace_id = ${ws} and (c.stopped_at is not null or c.breached_at is not null))
      select days.day::text as day, ${dim(sql`ended.priority`)} as dim,
        round(100.0 * count(*) filter (where ended.breached_at is null) / count(*), 1)::float as value
      from days join ended on ended.at < days.e and ended.at >= days.e - ${w('sla_attainment')}
      group by grouping sets ((days.day, ended.priority), (days.day))`,
  );
  for (const [measure, column] of [
    ['first_response_hours', sql`first_response_at`],
    ['resolution_hours', sql`resolved_at`],
  ] as const)
    await run(
      measure,
      sql`, t as materialized (select lane_party_id, created_at, ${column} as at from tickets
          where workspace_id = ${ws} and ${column} < ${end} and ${column} >= ${start} - ${w(measure)})
        select days.day::text as day, ${dim(lane)} as dim,
          round((avg(extract(epoch from t.at - t.created_at)) / 3600)::numeric, 1)::float as value
        from days join t on t.at < days.e and t.at >= days.e - ${w(measure)}
        left join parties lp on lp.id = t.lane_party_id
        group by grouping sets ((days.day, ${lane}), (days.day))`,
    );
  // A ticket bounces from its third handoff on.
  await run(
    'handoff_bounce_rate',
    sql`, t as materialized (select tk.created_at, (select h.created_at from ticket_handoffs h
          where h.ticket_id = tk.id order by h.created_at offset 2 limit 1) as bounced_at
        from tickets tk where tk.workspace_id = ${ws} and tk.created_at < ${end}
          and tk.created_at >= ${start} - ${w('handoff_bounce_rate')})
      select days.day::text as day, null as dim,
        round(100.0 * count(*) filter (where t.bounced_at < days.e) / count(*), 1)::float as value
      from days join t on t.created_at < days.e and t.created_at >= days.e - ${w('handoff_bounce_rate')}
      group by days.day`,
  );
  const decider = sql`coalesce(dp.name, 'Unknown')`;
  await run(
    'decision_latency_hours',
    sql`select days.day::text as day, ${dim(decider)} as dim,
        round((avg(extract(epoch from d.decided_at - d.created_at)) / 3600)::numeric, 1)::float as value
      from days join decisions d on d.workspace_id = ${ws} and d.decided_at < days.e
        and d.decided_at >= days.e - ${w('decision_latency_hours')}
        and d.decided_at >= d.created_at
      left join memberships dm on dm.id = d.decided_by_membership_id
      left join parties dp on dp.id = dm.party_id
      group by grouping sets ((days.day, ${decider}), (days.day))`,
  );
  await run(
    'recurring_tickets',
    sql`select days.day::text as day, null as dim, count(t.id)::int as value
      from days left join tickets t on t.workspace_id = ${ws} and t.created_at < days.e
        and t.created_at >= days.e - ${w('recurring_tickets')}
        and exists (select 1 from problem_tickets pt where pt.ticket_id = t.id)
      group by days.day`,
  );
  await run(
    'recurring_eliminated',
    sql`select days.day::text as day, null as dim, count(p.id)::int as value
      from days left join problems p on p.workspace_id = ${ws} and p.resolved_at < days.e
        and p.resolved_at >= days.e - ${w('recurring_eliminated')}
      group by days.day`,
  );
  await run(
    'problems_open',
    sql`select days.day::text as day, null as dim, count(p.id)::int as value
      from days left join problems p on p.workspace_id = ${ws} and p.created_at < days.e
        and (p.resolved_at is null or p.resolved_at >= days.e) and (p.status <> 'closed' or p.resolved_at is not null)
      group by days.day`,
  );
  // The knowledge-health page's rule (src/systems/knowledge-health.ts) on each day: an active service or
  // an active critical system whose work in the window (tickets resolved by their assignee, versions
  // of its articles: a service's linked ones, a system's asset-linked and recovery articles) was done
  // by exactly one person.
  const since = sql`${start} - ${w('single_person_dependencies')}`;
  await run(
    'single_person_dependencies',
    sql`, subjects as (
        select id from services where workspace_id = ${ws} and status = 'active'
        union all
        select id from systems where workspace_id = ${ws} and criticality = 'critical' and status = 'active'),
      contrib as (
        select t.service_id as subject, t.assignee_membership_id as person, t.resolved_at as at from tickets t
          where t.workspace_id = ${ws} and t.assignee_membership_id is not null and t.resolved_at >= ${since}
        union all
        select l.target_id, v.edited_by_membership_id, v.created_at from article_links l
          join article_versions v on v.article_id = l.article_id
          where l.workspace_id = ${ws} and l.kind in ('service', 'asset') and v.created_at >= ${since}
        union all
        select ta.system_id, t.assignee_membership_id, t.resolved_at from ticket_assets ta
          join tickets t on t.id = ta.ticket_id
          where ta.workspace_id = ${ws} and t.assignee_membership_id is not null and t.resolved_at >= ${since}
        union all
        select sy.id, v.edited_by_membership_id, v.created_at from systems sy
          join article_versions v on v.article_id = sy.recovery_article_id
          where sy.workspace_id = ${ws} and v.created_at >= ${since}),
      single as (select days.day, c.subject from days
        join contrib c on c.at < days.e and c.at >= days.e - ${w('single_person_dependencies')}
        where c.subject in (select id from subjects)
        group by days.day, c.subject having count(distinct c.person) = 1)
      select days.day::text as day, null as dim, count(single.subject)::int as value
      from days left join single on single.day = days.day group by days.day`,
  );
  await run(
    'articles_created_updated',
    sql`select days.day::text as day, null as dim, count(distinct v.article_id)::int as value
      from days left join article_versions v on v.workspace_id = ${ws} and v.created_at < days.e
        and v.created_at >= days.e - ${w('articles_created_updated')}
      group by days.day`,
  );
  await run(
    'stale_articles',
    sql`select days.day::text as day, null as dim, count(a.id)::int as value
      from days left join articles a on a.workspace_id = ${ws} and a.created_at < days.e
        and a.status <> 'retired' and a.review_due_on < days.day
      group by days.day`,
  );
  await run(
    'handover_attendance',
    sql`select days.day::text as day, null as dim, count(distinct ha.membership_id)::int as value
      from days left join handover_sessions hs on hs.workspace_id = ${ws} and hs.held_at < days.e
        and hs.held_at >= days.e - ${w('handover_attendance')}
      left join handover_attendees ha on ha.session_id = hs.id and ha.attended
      group by days.day`,
  );
  await run(
    'obligations_on_time',
    sql`select days.day::text as day, null as dim,
        round(100.0 * count(*) filter (where o.first_submitted_at <= o.due_at) / count(*), 1)::float as value
      from days join obligation_occurrences o on o.workspace_id = ${ws} and o.due_at < days.e
        and o.due_at >= days.e - ${w('obligations_on_time')}
      group by days.day`,
  );
  await run(
    'change_success_rate',
    sql`select days.day::text as day, null as dim,
        round(100.0 * count(*) filter (where c.outcome = 'implemented') / count(*), 1)::float as value
      from days join changes c on c.workspace_id = ${ws} and c.outcome is not null
        and c.completed_at < days.e and c.completed_at >= days.e - ${w('change_success_rate')}
      group by days.day`,
  );
  return out;
}

/**
 * The measures whose records keep no history (a system's recovery article, an account's MFA state,
 * a risk's rating): today's state, stored under `day` by the daily snapshot only.
 */
export async function computeCurrentMeasures(tx: Tx, ws: string, day: string): Promise<MeasureValue[]> {
  const out: MeasureValue[] = [];
  const [critical] = rowsOf<{ total: number; recovered: number }>(
    await tx.execute(sql`select count(*)::int as total,
        count(*) filter (where a.id is not null and a.status <> 'retired')::int as recovered
      from systems s left join articles a on a.id = s.recovery_article_id
      where s.workspace_id = ${ws} and s.criticality = 'critical' and s.status = 'active'`),
  );
  const share = percent(critical?.recovered ?? 0, critical?.total ?? 0);
  if (share !== null)
    out.push({ day, measure: 'critical_systems_with_recovery', dimension: TOTAL, value: share });

  const accounts = rowsOf<{
    account_name: string;
    tier: string;
    mfa: string;
    person_active: boolean | null;
    expires_at: Date | null;
    break_glass_last_used_at: Date | null;
  }>(
    await tx.execute(sql`select pa.account_name, pa.tier, pa.mfa, (m.status = 'active') as person_active,
        pa.expires_at, pa.break_glass_last_used_at
      from privileged_accounts pa left join memberships m on m.id = pa.membership_id
      where pa.workspace_id = ${ws} and pa.status = 'active'`),
  );
  const withFindings = accounts.filter(
    (a) =>
      accountFindings({
        accountName: a.account_name,
        tier: a.tier as never,
        mfa: a.mfa as never,
        person: a.person_active === null ? null : { active: a.person_active },
        expiresAt: a.expires_at,
        breakGlassLastUsedAt: a.break_glass_last_used_at,
      }).length > 0,
  ).length;
  out.push({ day, measure: 'access_findings', dimension: TOTAL, value: withFindings });

  const risks = rowsOf<{ l: number; i: number }>(
    await tx.execute(sql`select residual_likelihood as l, residual_impact as i from risks
      where workspace_id = ${ws} and status = 'open'`),
  );
  const levels = new Map<string, number>();
  for (const r of risks) {
    const level = riskLevel(r.l, r.i);
    levels.set(level, (levels.get(level) ?? 0) + 1);
  }
  out.push({ day, measure: 'risks_by_level', dimension: TOTAL, value: risks.length });
  for (const [level, n] of levels) out.push({ day, measure: 'risks_by_level', dimension: level, value: n });
  return out;
}
