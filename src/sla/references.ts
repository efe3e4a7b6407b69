import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import type { Lookups } from '../db/lookups.ts';
import { jsonOf, type OneRowRead, readTogether } from '../db/rows.ts';
import type { AfterHoursCoverRule, SlaCalendar, SlaPolicy } from '../db/schema/sla.ts';
import type { Ticket } from '../db/schema/tickets.ts';

/** The lookup keys of the SLA's reference rows (db/lookups.ts), shared by their readers. */
export const slaKeys = {
  coverRules: (workspaceId: string) => `after-hours-cover-rules:${workspaceId}`,
  policies: (workspaceId: string, priority: string) => `sla-policies:${workspaceId}:${priority}`,
  calendar: (id: string) => `sla-calendar:${id}`,
  escalationRules: (workspaceId: string, priority: string) =>
    `sla-escalation-rules:${workspaceId}:${priority}`,
};

export type EscalationRuleRow = { kind: 'first_response' | 'resolution'; atPercent: number };

type Row = Record<string, unknown>;
const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
/** A row as json_agg wrote it (snake_case keys, timestamps as text), as Drizzle would have read it. */
function asRead<T>(row: Row): T {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) out[camel(key)] = value;
  if (typeof out.createdAt === 'string') out.createdAt = new Date(out.createdAt);
  return out as T;
}
const parse = (value: unknown) => jsonOf<Row[]>(value);

/**
 * A new ticket's SLA reference rows in one statement instead of one each: the workspace's cover rules
 * and calendars, and its priority's policies and escalation rules, placed in the lookups under the
 * keys their readers use. Null when the lookups already hold them (a batch's later tickets); a
 * creation reads it together with its routing inputs (db/rows.ts readTogether).
 */
export function slaReferencesRead(
  workspaceId: string,
  priority: Ticket['priority'],
  lookups: Lookups,
): OneRowRead<undefined> | null {
  if (lookups.has(slaKeys.policies(workspaceId, priority))) return null;
  return {
    select: sql`
    select
      (select coalesce(json_agg(r order by r.created_at), '[]'::json)
         from after_hours_cover_rules r where r.workspace_id = ${workspaceId}) as cover_rules,
      (select coalesce(json_agg(c), '[]'::json)
         from sla_calendars c where c.workspace_id = ${workspaceId}) as calendars,
      (select coalesce(json_agg(p), '[]'::json)
         from sla_policies p where p.workspace_id = ${workspaceId} and p.priority = ${priority}) as policies,
      (select coalesce(json_agg(json_build_object('kind', e.clock_kind, 'atPercent', e.at_percent)), '[]'::json)
         from sla_escalation_rules e where e.workspace_id = ${workspaceId} and e.priority = ${priority}) as escalation`,
    read: (row) => {
      const set = (key: string, value: unknown) => {
        if (!lookups.has(key)) lookups.set(key, Promise.resolve(value));
      };
      set(slaKeys.coverRules(workspaceId), parse(row.cover_rules).map(asRead<AfterHoursCoverRule>));
      for (const calendar of parse(row.calendars).map(asRead<SlaCalendar>))
        set(slaKeys.calendar(calendar.id), calendar);
      set(slaKeys.policies(workspaceId, priority), parse(row.policies).map(asRead<SlaPolicy>));
      set(slaKeys.escalationRules(workspaceId, priority), parse(row.escalation) as EscalationRuleRow[]);
    },
  };
}

/** The reference rows on their own, when nothing else is read with them. */
export async function preloadSlaReferences(
  tx: Tx,
  workspaceId: string,
  priority: Ticket['priority'],
  lookups: Lookups,
): Promise<void> {
  const read = slaReferencesRead(workspaceId, priority, lookups);
  if (read) await readTogether<[undefined]>(tx, [read]);
}
