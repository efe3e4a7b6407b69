import { sql } from 'drizzle-orm';
import { changeKey } from '../../domain/changes.ts';
import { backlogKey, incidentKey } from '../../domain/incidents.ts';
import { mean, percent, STUCK_AFTER_DAYS } from '../../domain/measures.ts';
import { ticketKey } from '../../domain/tickets.ts';
import type { PackSection } from '../contract.ts';
import { ageDays, barChart, figure, item, type PackInput, plural, section, select } from './parts.ts';

/** Stuck tickets (open, untouched for a week) and bouncing ones (handed off three times or more). */
export async function stuckWork(p: PackInput): Promise<PackSection> {
  const { tx, ws, start, end } = p;
  const asOf = new Date(Math.min(end.getTime(), p.now.getTime()));
  const stuck = await select<{ number: number; subject: string; updated_at: Date; lane: string | null }>(
    tx,
    sql`select t.number, t.subject, t.updated_at, lp.name as lane from tickets t
      left join parties lp on lp.id = t.lane_party_id
      where t.workspace_id = ${ws} and t.status not in ('resolved', 'closed') and t.created_at < ${end}
        and t.updated_at < ${new Date(asOf.getTime() - STUCK_AFTER_DAYS * 86_400_000)}
      order by t.updated_at limit 200`,
  );
  const bouncing = await select<{ number: number; subject: string; handoff_count: number }>(
    tx,
    sql`select t.number, t.subject, t.handoff_count from tickets t
      where t.workspace_id = ${ws} and t.handoff_count >= 3 and t.created_at < ${end}
        and (t.resolved_at is null or t.resolved_at >= ${start})
      order by t.handoff_count desc, t.number limit 200`,
  );
  const [flow] = await select<{ opened: number; resolved: number }>(
    tx,
    sql`select count(*) filter (where created_at >= ${start} and created_at < ${end})::int as opened,
        count(*) filter (where resolved_at >= ${start} and resolved_at < ${end})::int as resolved
      from tickets where workspace_id = ${ws} and (created_at >= ${start} or resolved_at >= ${start})`,
  );
  const path = (n: number) => `/w/${p.slug}/tickets/${ticketKey(p.ticketPrefix, n)}`;
  return section(
    'stuck_work',
    `${plural(stuck.length, 'ticket')} open and untouched for ${STUCK_AFTER_DAYS} days or more; ${plural(bouncing.length, 'ticket')} handed off three times or more.`,
    {
      figures: [
        figure('Tickets opened', flow?.opened ?? 0),
        figure('Tickets resolved', flow?.resolved ?? 0),
        figure('Stuck tickets', stuck.length),
        figure('Bouncing tickets', bouncing.length),
      ],
      items: [
        ...stuck
          .slice(0, 10)
          .map((t) =>
            item(
              ticketKey(p.ticketPrefix, t.number),
              t.subject,
              `stuck ${ageDays(t.updated_at, asOf)} days in ${t.lane ?? 'joint triage'}`,
              path(t.number),
            ),
          ),
        ...bouncing
          .slice(0, 10)
          .map((t) =>
            item(
              ticketKey(p.ticketPrefix, t.number),
              t.subject,
              `handed off ${t.handoff_count} times`,
              path(t.number),
            ),
          ),
      ],
    },
  );
}

/** Major incidents declared in the period with their post-incident review and its actions. */
export async function incidentsSection(p: PackInput): Promise<PackSection> {
  const { tx, ws, start, end } = p;
  const rows = await select<{
    id: string;
    number: number;
    title: string;
    status: string;
    review_status: string | null;
    actions: number;
    open_actions: number;
  }>(
    tx,
    sql`select i.id, i.number, i.title, i.status, r.status as review_status,
        (select count(*)::int from backlog_items b where b.workspace_id = ${ws} and b.source = 'post_incident_review' and b.source_id = i.id) as actions,
        (select count(*)::int from backlog_items b where b.workspace_id = ${ws} and b.source = 'post_incident_review' and b.source_id = i.id
          and b.status not in ('done', 'dropped')) as open_actions
      from incidents i left join incident_reviews r on r.incident_id = i.id
      where i.workspace_id = ${ws} and i.declared_at >= ${start} and i.declared_at < ${end}
      order by i.declared_at`,
  );
  const openActions = rows.reduce((n, r) => n + r.open_actions, 0);
  return section(
    'incidents',
    rows.length === 0
      ? 'No major incident was declared in this period.'
      : `${plural(rows.length, 'major incident')}; ${plural(openActions, 'review action')} still open.`,
    {
      figures: [
        figure('Major incidents', rows.length),
        figure('Resolved', rows.filter((r) => r.status === 'resolved').length),
        figure('Reviews completed', rows.filter((r) => r.review_status === 'completed').length),
        figure('Review actions open', openActions),
      ],
      items: rows.map((r) =>
        item(
          incidentKey(r.number),
          r.title,
          `${r.status}; review ${r.review_status ?? 'not started'}; ${r.actions} actions (${r.open_actions} open)`,
          `/w/${p.slug}/incidents/${incidentKey(r.number)}`,
        ),
      ),
    },
  );
}

/** Ratings and comments of the tickets resolved in the period. */
export async function feedbackSection(p: PackInput): Promise<PackSection> {
  const { tx, ws, start, end } = p;
  const rated = await select<{
    number: number;
    subject: string;
    rating: number;
    rating_comment: string | null;
  }>(
    tx,
    sql`select number, subject, rating, rating_comment from tickets
      where workspace_id = ${ws} and rating is not null and resolved_at >= ${start} and resolved_at < ${end}
      order by resolved_at desc`,
  );
  const [resolved] = await select<{ n: number }>(
    tx,
    sql`select count(*)::int as n from tickets where workspace_id = ${ws} and resolved_at >= ${start} and resolved_at < ${end}`,
  );
  const average = mean(rated.map((r) => r.rating));
  const comments = rated.filter((r) => r.rating_comment && r.rating_comment.trim() !== '');
  return section(
    'feedback',
    rated.length === 0
      ? 'No resolved ticket of this period was rated.'
      : `Average rating ${average} of 5 from ${plural(rated.length, 'rating')}.`,
    {
      figures: [
        figure('Average rating (of 5)', average),
        figure('Ratings', rated.length),
        figure('Resolved tickets rated', percent(rated.length, resolved?.n ?? 0), 'percent'),
      ],
      charts:
        rated.length === 0
          ? []
          : [
              barChart(
                'feedback_ratings',
                'Ratings given',
                'count',
                [1, 2, 3, 4, 5].map((n) => [`${n} ★`, rated.filter((r) => r.rating === n).length]),
              ),
            ],
      items: comments
        .slice(0, 10)
        .map((r) =>
          item(
            ticketKey(p.ticketPrefix, r.number),
            `${r.rating}/5: ${r.subject}`,
            r.rating_comment!.trim().slice(0, 300),
            `/w/${p.slug}/tickets/${ticketKey(p.ticketPrefix, r.number)}`,
          ),
        ),
    },
  );
}

/** Changes planned after the period, and how the period's completed changes went. */
export async function changesSection(p: PackInput): Promise<PackSection> {
  const { tx, ws, start, end } = p;
  const upcoming = await select<{
    number: number;
    title: string;
    type: string;
    status: string;
    planned_start: Date;
  }>(
    tx,
    sql`select number, title, type, status, planned_start from changes
      where workspace_id = ${ws} and planned_start >= ${end}
        and status in ('submitted', 'approved', 'scheduled')
      order by planned_start limit 50`,
  );
  const [done] = await select<{ total: number; ok: number }>(
    tx,
    sql`select count(*)::int as total, count(*) filter (where outcome = 'implemented')::int as ok from changes
      where workspace_id = ${ws} and outcome is not null and completed_at >= ${start} and completed_at < ${end}`,
  );
  return section(
    'changes',
    `${plural(upcoming.length, 'change')} planned ahead; ${done?.ok ?? 0} of ${done?.total ?? 0} completed in the period succeeded.`,
    {
      figures: [
        figure('Upcoming changes', upcoming.length),
        figure('Changes completed', done?.total ?? 0),
        figure('Change success rate', percent(done?.ok ?? 0, done?.total ?? 0), 'percent'),
      ],
      items: upcoming
        .slice(0, 15)
        .map((c) =>
          item(
            changeKey(c.number),
            c.title,
            `${c.type}, ${c.status}, planned ${new Date(c.planned_start).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
            `/w/${p.slug}/changes/${changeKey(c.number)}`,
          ),
        ),
    },
  );
}

/** The improvement backlog: open items by priority, and what blocks them. */
export async function backlogSection(p: PackInput): Promise<PackSection> {
  const { tx, ws, start, end } = p;
  const open = await select<{
    number: number;
    title: string;
    priority: string;
    status: string;
    target_quarter: string | null;
    updated_at: Date;
    owner: string | null;
  }>(
    tx,
    sql`select b.number, b.title, b.priority, b.status, b.target_quarter, b.updated_at, op.name as owner
      from backlog_items b left join parties op on op.id = b.owner_party_id
      where b.workspace_id = ${ws} and b.status not in ('done', 'dropped')
      order by case b.priority when 'high' then 0 when 'medium' then 1 else 2 end, b.rank, b.number`,
  );
  const [done] = await select<{ n: number }>(
    tx,
    sql`select count(*)::int as n from backlog_items where workspace_id = ${ws} and status = 'done'
      and updated_at >= ${start} and updated_at < ${end}`,
  );
  const blocker = (b: (typeof open)[number]) =>
    b.status === 'in_progress' && ageDays(b.updated_at, p.now) >= 30
      ? `stalled: no change for ${ageDays(b.updated_at, p.now)} days`
      : b.priority === 'high' && !b.target_quarter
        ? 'high priority without a target quarter'
        : null;
  const blocked = open.filter((b) => blocker(b) !== null);
  const count = (priority: string) => open.filter((b) => b.priority === priority).length;
  return section(
    'backlog',
    `${plural(open.length, 'open item')} (${count('high')} high priority); ${plural(blocked.length, 'item')} blocked or stalled.`,
    {
      figures: [
        figure('Open items', open.length),
        figure('High priority', count('high')),
        figure('Blocked or stalled', blocked.length),
        figure('Done in the period', done?.n ?? 0),
      ],
      charts: [
        barChart('backlog_priority', 'Open items by priority', 'count', [
          ['high', count('high')],
          ['medium', count('medium')],
          ['low', count('low')],
        ]),
      ],
      items: [
        ...open
          .slice(0, 10)
          .map((b) =>
            item(
              backlogKey(b.number),
              b.title,
              `${b.priority} priority, ${b.status.replace('_', ' ')}, ${b.owner ?? 'no owner'}${b.target_quarter ? `, ${b.target_quarter}` : ''}${blocker(b) ? ` — ${blocker(b)}` : ''}`,
              `/w/${p.slug}/backlog`,
            ),
          ),
        ...blocked
          .filter((b) => !open.slice(0, 10).includes(b))
          .slice(0, 10)
          .map((b) => item(backlogKey(b.number), b.title, blocker(b)!, `/w/${p.slug}/backlog`)),
      ],
    },
  );
}
