import { sql } from 'drizzle-orm';
import { reviewKey as accessReviewKey } from '../../domain/access.ts';
import { mean, percent } from '../../domain/measures.ts';
import { acceptanceView, RISK_LEVELS, riskKey, riskLevel } from '../../domain/risks.ts';
import type { PackSection } from '../contract.ts';
import { computeCurrentMeasures } from '../measures.ts';
import { ageDays, barChart, figure, item, type PackInput, plural, section, select } from './parts.ts';

/** Obligations due in the period (on time, late, missed), access reviews and today's findings. */
export async function securitySection(p: PackInput): Promise<PackSection> {
  const { tx, ws, start, end } = p;
  const occurrences = await select<{
    number: number;
    title: string;
    due_on: string;
    due_at: Date;
    status: string;
    missed: boolean;
    first_submitted_at: Date | null;
  }>(
    tx,
    sql`select o.number, o.title, oc.due_on::text, oc.due_at, oc.status, oc.missed, oc.first_submitted_at
      from obligation_occurrences oc join obligations o on o.id = oc.obligation_id
      where oc.workspace_id = ${ws} and oc.due_at >= ${start} and oc.due_at < ${end}
      order by oc.due_at`,
  );
  const onTime = occurrences.filter((o) => o.first_submitted_at && o.first_submitted_at <= o.due_at).length;
  const missed = occurrences.filter((o) => o.missed);
  const late = occurrences.filter(
    (o) => !o.missed && (!o.first_submitted_at || o.first_submitted_at > o.due_at) && o.due_at < p.now,
  );
  const reviews = await select<{
    number: number;
    title: string;
    status: string;
    due_at: Date;
    completed_at: Date | null;
  }>(
    tx,
    sql`select number, title, status, due_at, completed_at from access_reviews
      where workspace_id = ${ws} and ((completed_at >= ${start} and completed_at < ${end}) or status = 'open')
      order by due_at`,
  );
  const completed = reviews.filter((r) => r.status === 'completed');
  const open = reviews.filter((r) => r.status === 'open');
  const current = await computeCurrentMeasures(tx, ws, '');
  const findings = current.find((m) => m.measure === 'access_findings')?.value ?? 0;
  return section(
    'security',
    `${onTime} of ${occurrences.length} obligation occurrences due in the period were evidenced on time; ${plural(completed.length, 'access review')} completed; ${plural(findings, 'privileged account')} with findings today.`,
    {
      figures: [
        figure('Obligation occurrences due', occurrences.length),
        figure('Obligations on time', percent(onTime, occurrences.length), 'percent'),
        figure('Occurrences missed', missed.length),
        figure('Access reviews completed', completed.length),
        figure('Access reviews open', open.length),
        figure('Accounts with access findings (today)', findings),
      ],
      items: [
        ...[...missed, ...late]
          .slice(0, 10)
          .map((o) =>
            item(
              `OBL-${o.number}`,
              o.title,
              `${o.missed ? 'missed' : 'late'}: due ${o.due_on}`,
              `/w/${p.slug}/obligations/OBL-${o.number}`,
            ),
          ),
        ...open
          .slice(0, 5)
          .map((r) =>
            item(
              accessReviewKey(r.number),
              r.title,
              `open, due ${new Date(r.due_at).toISOString().slice(0, 10)}`,
              `/w/${p.slug}/access/reviews/${accessReviewKey(r.number)}`,
            ),
          ),
      ],
    },
  );
}

/** Where knowledge is missing today: recovery steps, articles per service, overdue reviews. */
export async function documentationSection(p: PackInput): Promise<PackSection> {
  const { tx, ws } = p;
  const noRecovery = await select<{ id: string; name: string }>(
    tx,
    sql`select s.id, s.name from systems s left join articles a on a.id = s.recovery_article_id
      where s.workspace_id = ${ws} and s.criticality = 'critical' and s.status = 'active'
        and (a.id is null or a.status = 'retired') order by s.name`,
  );
  const [services] = await select<{ n: number }>(
    tx,
    sql`select count(*)::int as n from services s where s.workspace_id = ${ws} and s.status = 'active'
      and exists (select 1 from tickets t where t.service_id = s.id and t.resolved_at is not null)
      and not exists (select 1 from article_links l join articles a on a.id = l.article_id
        where l.kind = 'service' and l.target_id = s.id and a.status <> 'retired')`,
  );
  const pastReview = await select<{ number: number; title: string; review_due_on: string }>(
    tx,
    sql`select number, title, review_due_on::text from articles
      where workspace_id = ${ws} and status <> 'retired' and review_due_on < ${p.end.toISOString().slice(0, 10)}::date
      order by review_due_on`,
  );
  const [problems] = await select<{ n: number }>(
    tx,
    sql`select count(*)::int as n from problems p where p.workspace_id = ${ws} and p.status <> 'closed'
      and not exists (select 1 from article_links l join articles a on a.id = l.article_id
        where l.kind = 'problem' and l.target_id = p.id and a.status <> 'retired')`,
  );
  const gaps = noRecovery.length + (services?.n ?? 0) + pastReview.length + (problems?.n ?? 0);
  return section(
    'documentation',
    gaps === 0 ? 'No documentation gap found.' : `${plural(gaps, 'documentation gap')} to close.`,
    {
      figures: [
        figure('Critical systems without recovery steps', noRecovery.length),
        figure('Services with resolved tickets but no article', services?.n ?? 0),
        figure('Articles past their review date', pastReview.length),
        figure('Open problems without an article', problems?.n ?? 0),
      ],
      items: [
        ...noRecovery
          .slice(0, 10)
          .map((s) =>
            item(null, s.name, 'critical system without recovery steps', `/w/${p.slug}/systems/${s.id}`),
          ),
        ...pastReview
          .slice(0, 10)
          .map((a) =>
            item(
              `KB-${a.number}`,
              a.title,
              `review was due ${a.review_due_on}`,
              `/w/${p.slug}/knowledge/KB-${a.number}`,
            ),
          ),
      ],
    },
  );
}

/** Risks raised and accepted in the period, acceptances expiring soon, open risks by level. */
export async function risksSection(p: PackInput): Promise<PackSection> {
  const { tx, ws, start, end } = p;
  const rows = await select<{
    number: number;
    title: string;
    status: string;
    residual_likelihood: number;
    residual_impact: number;
    acceptance: 'none' | 'accepted' | 'expired';
    accepted_at: Date | null;
    accepted_until: Date | null;
    created_at: Date;
  }>(
    tx,
    sql`select number, title, status, residual_likelihood, residual_impact, acceptance, accepted_at,
        accepted_until, created_at from risks where workspace_id = ${ws} order by number`,
  );
  const inPeriod = (d: Date | null) => d !== null && d >= start && d < end;
  const raised = rows.filter((r) => inPeriod(new Date(r.created_at)));
  const accepted = rows.filter((r) => r.accepted_at && inPeriod(new Date(r.accepted_at)));
  const horizon = new Date(Math.max(end.getTime(), p.now.getTime()) + 60 * 86_400_000);
  const expiring = rows.filter(
    (r) =>
      r.status === 'open' &&
      acceptanceView(r.acceptance as never, r.accepted_until, p.now) === 'accepted' &&
      r.accepted_until !== null &&
      new Date(r.accepted_until) < horizon,
  );
  const open = rows.filter((r) => r.status === 'open');
  const level = (r: (typeof rows)[number]) => riskLevel(r.residual_likelihood, r.residual_impact);
  const path = (n: number) => `/w/${p.slug}/risks/${riskKey(n)}`;
  return section(
    'risks',
    `${plural(raised.length, 'risk')} raised and ${accepted.length} accepted in the period; ${plural(expiring.length, 'acceptance')} expiring within 60 days.`,
    {
      figures: [
        figure('Open risks', open.length),
        figure('Raised in the period', raised.length),
        figure('Accepted in the period', accepted.length),
        figure('Acceptances expiring', expiring.length),
      ],
      charts: [
        barChart(
          'risks_level',
          'Open risks by residual level',
          'count',
          RISK_LEVELS.map((l) => [l, open.filter((r) => level(r) === l).length]),
        ),
      ],
      items: [
        ...raised.map((r) =>
          item(riskKey(r.number), r.title, `new, ${level(r)} residual risk`, path(r.number)),
        ),
        ...accepted.map((r) =>
          item(
            riskKey(r.number),
            r.title,
            `accepted on ${new Date(r.accepted_at!).toISOString().slice(0, 10)}`,
            path(r.number),
          ),
        ),
        ...expiring.map((r) =>
          item(
            riskKey(r.number),
            r.title,
            `acceptance expires ${new Date(r.accepted_until!).toISOString().slice(0, 10)}`,
            path(r.number),
          ),
        ),
      ].slice(0, 20),
    },
  );
}

/** Decisions awaiting someone, and how long the period's decisions took per deciding party. */
export async function decisionsSection(p: PackInput): Promise<PackSection> {
  const { tx, ws, start, end } = p;
  const waiting = await select<{ number: number; title: string; created_at: Date; type: string }>(
    tx,
    sql`select d.number, d.title, d.created_at, t.name as type from decisions d
      join decision_types t on t.id = d.type_id
      where d.workspace_id = ${ws} and d.status = 'proposed' order by d.created_at`,
  );
  const decided = await select<{ party: string | null; hours: number }>(
    tx,
    sql`select dp.name as party, extract(epoch from d.decided_at - d.created_at)::float / 3600 as hours
      from decisions d left join memberships dm on dm.id = d.decided_by_membership_id
      left join parties dp on dp.id = dm.party_id
      where d.workspace_id = ${ws} and d.decided_at >= ${start} and d.decided_at < ${end}
        and d.decided_at >= d.created_at`,
  );
  const parties = [...new Set(decided.map((d) => d.party ?? 'Unknown'))].sort();
  const latency = mean(decided.map((d) => d.hours));
  return section(
    'decisions',
    `${plural(waiting.length, 'decision')} awaiting a decider; ${decided.length} decided in the period${latency === null ? '' : `, after ${latency} hours on average`}.`,
    {
      figures: [
        figure('Decisions awaiting', waiting.length),
        figure('Decided in the period', decided.length),
        figure('Mean decision latency', latency, 'hours', null, true),
      ],
      charts:
        parties.length === 0
          ? []
          : [
              barChart(
                'decision_latency',
                'Decision latency by deciding party (hours)',
                'hours',
                parties.map((party) => [
                  party,
                  mean(decided.filter((d) => (d.party ?? 'Unknown') === party).map((d) => d.hours)),
                ]),
              ),
            ],
      items: waiting
        .slice(0, 15)
        .map((d) =>
          item(
            `DEC-${d.number}`,
            d.title,
            `${d.type}, waiting ${ageDays(d.created_at, p.now)} days`,
            `/w/${p.slug}/decisions/${d.number}`,
          ),
        ),
    },
  );
}
