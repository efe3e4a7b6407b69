import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { rowsOf } from '../db/rows.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import { concentrateByPerson, SINGLE_PERSON_WINDOW_DAYS } from '../domain/knowledge-health.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { memberNames } from '../workspaces/names.ts';
import { assertCanSystem } from './policy.ts';

/**
 * Who did the work per service: people who resolved its tickets (the assignee at resolution) or
 * wrote or edited an article linked to it, within the window.
 */
export async function serviceContributions(tx: Tx, ws: string) {
  return rowsOf<{ subjectId: string; personId: string }>(
    await tx.execute(sql`
      select t.service_id as "subjectId", t.assignee_membership_id as "personId" from tickets t
      where t.workspace_id = ${ws} and t.resolved_at >= now() - make_interval(days => ${SINGLE_PERSON_WINDOW_DAYS})
        and t.assignee_membership_id is not null
      union
      select l.target_id, v.edited_by_membership_id from article_links l
      join article_versions v on v.article_id = l.article_id
      where l.workspace_id = ${ws} and l.kind = 'service'
        and v.created_at >= now() - make_interval(days => ${SINGLE_PERSON_WINDOW_DAYS})`),
  );
}

/** The same for critical systems: tickets about the asset, and its linked or recovery articles. */
async function systemContributions(tx: Tx, ws: string) {
  return rowsOf<{ subjectId: string; personId: string }>(
    await tx.execute(sql`
      select ta.system_id as "subjectId", t.assignee_membership_id as "personId" from ticket_assets ta
      join tickets t on t.id = ta.ticket_id
      where ta.workspace_id = ${ws} and t.resolved_at >= now() - make_interval(days => ${SINGLE_PERSON_WINDOW_DAYS})
        and t.assignee_membership_id is not null
      union
      select s.id, v.edited_by_membership_id from systems s
      join article_versions v on v.article_id = s.recovery_article_id
         or v.article_id in (select l.article_id from article_links l where l.kind = 'asset' and l.target_id = s.id)
      where s.workspace_id = ${ws} and v.created_at >= now() - make_interval(days => ${SINGLE_PERSON_WINDOW_DAYS})`),
  );
}

export async function getKnowledgeHealth(ctx: WorkspaceContext) {
  assertCanSystem(ctx.actor, 'viewKnowledgeHealth');
  const ws = ctx.actor.workspaceId;
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const serviceRows = rowsOf<{ id: string; name: string }>(
      await tx.execute(
        sql`select id, name from services where workspace_id = ${ws} and status = 'active' order by name`,
      ),
    );
    const critical = rowsOf<{
      id: string;
      name: string;
      recovery_article_id: string | null;
      recovery_status: string | null;
    }>(
      await tx.execute(sql`select s.id, s.name, s.recovery_article_id, a.status as recovery_status
        from systems s left join articles a on a.id = s.recovery_article_id
        where s.workspace_id = ${ws} and s.criticality = 'critical' and s.status = 'active' order by s.name`),
    );
    const services = concentrateByPerson(
      serviceRows.map((s) => s.id),
      await serviceContributions(tx, ws),
    );
    const systems = concentrateByPerson(
      critical.map((s) => s.id),
      await systemContributions(tx, ws),
    );
    const names = await memberNames(
      tx,
      ws,
      [...services, ...systems].flatMap((c) => (c.onlyPersonId ? [c.onlyPersonId] : [])),
    );
    const serviceName = new Map(serviceRows.map((s) => [s.id, s.name]));
    const systemName = new Map(critical.map((s) => [s.id, s.name]));
    const person = (id: string | null) => (id ? { membershipId: id, name: names.get(id) ?? null } : null);

    const servicesWithoutArticles = rowsOf<{ id: string; name: string; resolved: number }>(
      await tx.execute(sql`select s.id, s.name, count(*)::int as resolved from services s
        join tickets t on t.service_id = s.id and t.resolved_at is not null
        where s.workspace_id = ${ws} and s.status = 'active'
          and not exists (select 1 from article_links l join articles a on a.id = l.article_id
            where l.kind = 'service' and l.target_id = s.id and a.status <> 'retired')
        group by s.id, s.name order by resolved desc, s.name`),
    );
    const problemsWithoutArticle = rowsOf<{ number: number; title: string; tickets: number }>(
      await tx.execute(sql`select p.number, p.title, (select count(*)::int from problem_tickets pt where pt.problem_id = p.id) as tickets
        from problems p where p.workspace_id = ${ws} and p.status not in ('closed')
          and not exists (select 1 from article_links l join articles a on a.id = l.article_id
            where l.kind = 'problem' and l.target_id = p.id and a.status <> 'retired')
        order by p.number desc`),
    );
    const proposalsWithoutArticle = rowsOf<{ id: string; title: string; tickets: number }>(
      await tx.execute(sql`select r.id, r.title, cardinality(r.ticket_ids) as tickets from recurrence_proposals r
        where r.workspace_id = ${ws} and r.status = 'proposed'
          and not exists (select 1 from article_links l where l.kind = 'ticket' and l.target_id = any(r.ticket_ids))
        order by r.created_at desc`),
    );
    const articlesPastReview = rowsOf<{
      id: string;
      number: number;
      title: string;
      review_due_on: string;
      status: string;
    }>(
      await tx.execute(sql`select id, number, title, review_due_on::text, status from articles
        where workspace_id = ${ws} and status <> 'retired' and review_due_on < current_date
        order by review_due_on`),
    );
    return {
      windowDays: SINGLE_PERSON_WINDOW_DAYS,
      singlePerson: {
        services: services.map((c) => ({
          service: { id: c.subjectId, name: serviceName.get(c.subjectId)! },
          people: c.people,
          flagged: c.isSinglePerson,
          onlyPerson: person(c.onlyPersonId),
        })),
        criticalSystems: systems.map((c) => ({
          system: { id: c.subjectId, name: systemName.get(c.subjectId)! },
          people: c.people,
          flagged: c.isSinglePerson,
          onlyPerson: person(c.onlyPersonId),
        })),
      },
      gaps: {
        servicesWithoutArticles,
        recurringWithoutArticle: [
          ...problemsWithoutArticle.map((p) => ({
            kind: 'problem' as const,
            key: `PRB-${p.number}`,
            title: p.title,
            tickets: p.tickets,
          })),
          ...proposalsWithoutArticle.map((p) => ({
            kind: 'proposal' as const,
            key: p.id,
            title: p.title,
            tickets: p.tickets,
          })),
        ],
        criticalSystemsWithoutRecovery: critical
          .filter((s) => !s.recovery_article_id || s.recovery_status === 'retired')
          .map((s) => ({ id: s.id, name: s.name })),
        articlesPastReview: articlesPastReview.map((a) => ({
          id: a.id,
          key: `KB-${a.number}`,
          title: a.title,
          reviewDueOn: a.review_due_on,
          status: a.status,
        })),
      },
    };
  });
}
