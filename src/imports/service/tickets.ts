import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { workspaceCounters } from '../../db/schema/responsibility.ts';
import { levelsOfPriority } from '../../domain/alert-rules.ts';
import type { ImportRow } from '../../domain/imports.ts';
import { priorityOf, type Routing, routeByMap } from '../../domain/tickets.ts';
import { loadRoutingInputs } from '../../tickets/queries.ts';
import { type ImportPlan, membersByEmail, type PlanInput, servicesByName } from './common.ts';

/** Rows per INSERT: one JSON parameter each, so a statement stays a few MB at most. */
const CHUNK = 5_000;

type NewTicket = {
  id: string;
  number: number;
  requester: string;
  service: string;
  subject: string;
  description: string;
  impact: string;
  urgency: string;
  priority: string;
  lane: string | null;
  reason: string;
  status: string;
  created: string;
  updated: string;
  firstResponse: string | null;
  resolved: string | null;
  closed: string | null;
};

/** Reserves `count` consecutive ticket numbers of the workspace; the first is returned. */
async function reserveNumbers(tx: Tx, ws: string, count: number): Promise<number> {
  const [row] = await tx
    .insert(workspaceCounters)
    .values({ workspaceId: ws, name: 'ticket', value: count })
    .onConflictDoUpdate({
      target: [workspaceCounters.workspaceId, workspaceCounters.name],
      set: { value: sql`${workspaceCounters.value} + ${count}` },
    })
    .returning({ value: workspaceCounters.value });
  return row!.value - count + 1;
}

const json = (rows: unknown[]) => JSON.stringify(rows);

/**
 * The ticket's history as the other desk had it: its status, when it was opened, first answered
 * (the importer's first comment, a staff answer as when typed in here), resolved and closed.
 * Missing dates fall back to the latest date the file gives for the ticket, else the import's time.
 */
function historyOf(row: ImportRow<'tickets'>, notes: { at: Date | undefined }[], now: Date) {
  const status = row.status ?? 'new';
  const created = row.createdAt ?? now;
  const dated = notes.flatMap((n) => (n.at ? [n.at.getTime()] : []));
  const latest = new Date(Math.max(created.getTime(), row.resolvedAt?.getTime() ?? 0, ...dated));
  const done = status === 'resolved' || status === 'closed';
  const resolved = done ? (row.resolvedAt ?? (row.createdAt || dated.length > 0 ? latest : now)) : null;
  const firstNote = notes[0];
  return {
    status,
    created: created.toISOString(),
    updated: (row.createdAt || dated.length > 0 ? latest : now).toISOString(),
    firstResponse: firstNote ? (firstNote.at ?? now).toISOString() : null,
    resolved: resolved?.toISOString() ?? null,
    closed: status === 'closed' ? resolved!.toISOString() : null,
  };
}

/**
 * Tickets: rows sharing an externalId are one ticket (the first row) and its comments, in order.
 *
 * Imported tickets are history, so they take the bulk path: each service's lane is routed by the
 * current map once, in memory; ticket numbers are reserved in one step; tickets, Informed parties'
 * watchers, comments and import keys go in with multi-row INSERT … SELECT FROM jsonb_to_recordset,
 * a few thousand rows a statement, all in the import's one transaction (RLS applies as to any
 * insert; the search vectors are generated columns). No SLA clocks, no notifications and no
 * per-ticket audit events: the import's one audit event names the counts.
 */
export async function planTickets({
  tx,
  ctx,
  rows,
  seen,
  errors,
}: PlanInput<ImportRow<'tickets'>>): Promise<ImportPlan> {
  const ws = ctx.actor.workspaceId;
  const serviceOf = await servicesByName(tx, ws);
  const members = await membersByEmail(
    tx,
    ws,
    rows.flatMap((r) => (r.requester ? [r.requester] : [])),
  );
  const groups = new Map<string, ImportRow<'tickets'>[]>();
  for (const row of rows) {
    if (seen.has(row.externalId)) continue;
    const group = groups.get(row.externalId);
    if (group) group.push(row);
    else groups.set(row.externalId, [row]);
  }
  const routingOf = new Map<string, Routing>();
  const planned: {
    externalId: string;
    row: ImportRow<'tickets'>;
    serviceId: string;
    requester: string;
    notes: { body: string; at: Date | undefined }[];
  }[] = [];
  let comments = 0;
  for (const [externalId, group] of groups) {
    const first = group[0]!;
    const service = serviceOf.get(first.service.toLowerCase());
    let ok = true;
    if (!service) {
      ok = false;
      errors.push({
        row: first.row,
        field: 'service',
        message: `names no active service "${first.service}" here`,
      });
    }
    const member = first.requester ? members.get(first.requester.toLowerCase()) : undefined;
    if (first.requester && member?.status !== 'active') {
      ok = false;
      errors.push({
        row: first.row,
        field: 'requester',
        message: `${first.requester} is not an active member of this workspace (invite them first)`,
      });
    }
    // A comment dated before its ticket was opened is a mistake in the file, not history.
    for (const r of group)
      if (r.commentedAt && first.createdAt && r.commentedAt < first.createdAt) {
        ok = false;
        errors.push({
          row: r.row,
          field: 'commentedAt',
          message: "must not be before the ticket's createdAt",
        });
      }
    if (!ok || !service) continue;
    if (!routingOf.has(service.id)) {
      const { assignments, parties } = await loadRoutingInputs(tx, ws, service.id);
      routingOf.set(service.id, routeByMap(service, assignments, parties));
    }
    const notes = group.flatMap((r) => (r.comment ? [{ body: r.comment, at: r.commentedAt }] : []));
    comments += notes.length;
    planned.push({
      externalId,
      row: first,
      serviceId: service.id,
      requester: member?.id ?? ctx.actor.membershipId,
      notes,
    });
  }
  return {
    created: planned.length,
    comments,
    commit: async () => {
      if (planned.length === 0) return;
      let number = await reserveNumbers(tx, ws, planned.length);
      const now = new Date();
      for (let start = 0; start < planned.length; start += CHUNK) {
        const slice = planned.slice(start, start + CHUNK);
        const ticketRows: NewTicket[] = [];
        const watcherRows: { ticket: string; party: string }[] = [];
        const commentRows: { ticket: string; body: string; ord: number; at: string | null }[] = [];
        const keyRows: { external: string; entity: string }[] = [];
        for (const p of slice) {
          const routing = routingOf.get(p.serviceId)!;
          const levels = levelsOfPriority(p.row.priority ?? 'P3');
          const id = randomUUID();
          ticketRows.push({
            id,
            number: number++,
            requester: p.requester,
            service: p.serviceId,
            subject: p.row.subject,
            description: p.row.description ?? '',
            impact: levels.impact,
            urgency: levels.urgency,
            priority: priorityOf(levels.impact, levels.urgency),
            lane: routing.lane.kind === 'party' ? routing.lane.partyId : null,
            reason: routing.reason,
            ...historyOf(p.row, p.notes, now),
          });
          for (const party of routing.watcherPartyIds) watcherRows.push({ ticket: id, party });
          p.notes.forEach((note, i) => {
            commentRows.push({ ticket: id, body: note.body, ord: i + 1, at: note.at?.toISOString() ?? null });
          });
          keyRows.push({ external: p.externalId, entity: id });
        }
        await tx.execute(sql`
          insert into tickets (id, workspace_id, number, requester_membership_id, service_id, subject,
                               description, category, impact, urgency, priority, lane_party_id,
                               routing_reason, status, created_at, updated_at, first_response_at,
                               resolved_at, closed_at)
          select r.id, ${ws}::uuid, r.number, r.requester, r.service, r.subject, r.description,
                 'imported', r.impact, r.urgency, r.priority, r.lane, r.reason, r.status, r.created,
                 r.updated, r."firstResponse", r.resolved, r.closed
            from jsonb_to_recordset(${json(ticketRows)}::jsonb) as r(
                 id uuid, number int, requester uuid, service uuid, subject text, description text,
                 impact text, urgency text, priority text, lane uuid, reason text, status text,
                 created timestamptz, updated timestamptz, "firstResponse" timestamptz,
                 resolved timestamptz, closed timestamptz)`);
        if (watcherRows.length > 0)
          await tx.execute(sql`
            insert into ticket_watchers (workspace_id, ticket_id, party_id)
            select ${ws}::uuid, r.ticket, r.party
              from jsonb_to_recordset(${json(watcherRows)}::jsonb) as r(ticket uuid, party uuid)`);
        if (commentRows.length > 0)
          // One microsecond apart, in the file's order, so the conversation reads as it did there.
          await tx.execute(sql`
            insert into ticket_comments (workspace_id, ticket_id, author_membership_id, body, visibility,
                                         created_at)
            select ${ws}::uuid, r.ticket, ${ctx.actor.membershipId}::uuid, r.body, 'public',
                   coalesce(r.at, now() + make_interval(secs => r.ord / 1000000.0))
              from jsonb_to_recordset(${json(commentRows)}::jsonb) as r(
                   ticket uuid, body text, ord int, at timestamptz)`);
        await tx.execute(sql`
          insert into import_keys (workspace_id, kind, external_id, entity_id, imported_by_membership_id)
          select ${ws}::uuid, 'tickets', r.external, r.entity, ${ctx.actor.membershipId}::uuid
            from jsonb_to_recordset(${json(keyRows)}::jsonb) as r(external text, entity uuid)`);
      }
    },
  };
}
