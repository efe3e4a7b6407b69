import { stringify } from 'csv-stringify/sync';
import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { forEachRow, uuidLiteral } from './cursor.ts';
import { HashedFile } from './files.ts';

/**
 * The tables a new provider opens first, in plain CSV (people and parties by name, not id).
 * Formula-safe: a cell starting with = + - @ is prefixed so a spreadsheet shows it as text.
 */
type CsvTable = { file: string; describe: string; query: (ws: SQL) => SQL };

const person = (column: string) =>
  sql.raw(
    `(select xa.name from memberships xm join accounts xa on xa.id = xm.account_id where xm.id = ${column})`,
  );
const partyName = (column: string) => sql.raw(`(select xp.name from parties xp where xp.id = ${column})`);
const serviceName = (column: string) => sql.raw(`(select xs.name from services xs where xs.id = ${column})`);

export const CSV_TABLES: CsvTable[] = [
  {
    file: 'csv/tickets.csv',
    describe:
      'every ticket: key, subject, status, priority, service, lane (party), assignee, requester, dates',
    query: (
      ws,
    ) => sql`select w.ticket_prefix || '-' || t.number as key, t.subject, t.status, t.priority, t.impact, t.urgency,
        t.category, ${serviceName('t.service_id')} as service, ${partyName('t.lane_party_id')} as lane,
        ${person('t.assignee_membership_id')} as assignee, ${person('t.requester_membership_id')} as requester,
        t.created_at, t.updated_at, t.resolved_at, t.closed_at
      from tickets t join workspaces w on w.id = t.workspace_id where t.workspace_id = ${ws} order by t.number`,
  },
  {
    file: 'csv/map.csv',
    describe: 'the current responsibility map (RACI): service, role, party, person',
    query: (
      ws,
    ) => sql`select s.key as service_key, s.name as service, a.role, ${partyName('a.party_id')} as party,
        ${person('a.membership_id')} as person, v.number as map_version
      from map_assignments a join map_versions v on v.id = a.version_id join services s on s.id = a.service_id
      where a.workspace_id = ${ws}
        and v.number = (select max(number) from map_versions where workspace_id = ${ws})
      order by s.key, a.role, party, person`,
  },
  {
    file: 'csv/decisions.csv',
    describe: 'the decision log: number, type, title, status, who proposed, who decided, when, rationale',
    query: (ws) => sql`select 'DEC-' || d.number as key, dt.name as type, d.title, d.status,
        ${person('d.proposed_by_membership_id')} as proposed_by, ${person('d.decided_by_membership_id')} as decided_by,
        d.decided_at, d.rationale, d.created_at
      from decisions d join decision_types dt on dt.id = d.type_id where d.workspace_id = ${ws} order by d.number`,
  },
  {
    file: 'csv/systems.csv',
    describe: 'the systems register: name, kind, criticality, owner party, service, recovery article, status',
    query: (ws) => sql`select s.name, s.kind, s.criticality, ${partyName('s.owner_party_id')} as owner_party,
        ${serviceName('s.service_id')} as service,
        (select 'KB-' || xk.number from articles xk where xk.id = s.recovery_article_id) as recovery_article,
        s.status, s.description
      from systems s where s.workspace_id = ${ws} order by s.name`,
  },
  {
    file: 'csv/problems.csv',
    describe:
      'problem records: number, title, status, service, owner party, root cause, workaround, known error',
    query: (
      ws,
    ) => sql`select 'PRB-' || p.number as key, p.title, p.status, ${serviceName('p.service_id')} as service,
        ${partyName('p.owner_party_id')} as owner_party, p.root_cause, p.workaround, p.known_error, p.created_at, p.resolved_at
      from problems p where p.workspace_id = ${ws} order by p.number`,
  },
  {
    file: 'csv/articles.csv',
    describe:
      'the knowledge base index: key, title, type, status, owner party, reviewer, review date, Markdown file',
    query: (ws) => sql`select 'KB-' || a.number as key, a.title, a.type, a.status, a.visibility,
        ${partyName('a.owner_party_id')} as owner_party, ${person('a.reviewer_membership_id')} as reviewer,
        a.review_due_on, a.updated_at
      from articles a where a.workspace_id = ${ws} order by a.number`,
  },
];

/** Governance and access tables built in other areas: exported as CSV when they exist. */
export const OPTIONAL_CSV_TABLES = [
  'changes',
  'risks',
  'obligations',
  'access_accounts',
  'privileged_accounts',
];

const cell = (value: unknown) =>
  value === null || value === undefined
    ? ''
    : value instanceof Date
      ? value.toISOString()
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);

export async function writeCsv(
  tx: Tx,
  root: string,
  file: string,
  query: SQL,
): Promise<{ sha256: string; bytes: number; rows: number }> {
  const out = await HashedFile.open(root, file);
  let header: string[] | null = null;
  const rows = await forEachRow<Record<string, unknown>>(tx, query, async (row) => {
    if (!header) {
      header = Object.keys(row);
      await out.write(stringify([header], { escape_formulas: true }));
    }
    await out.write(stringify([header.map((k) => cell(row[k]))], { escape_formulas: true }));
  });
  if (!header) await out.write('');
  return { ...(await out.close()), rows };
}

export const csvWorkspace = (workspaceId: string) => uuidLiteral(workspaceId);
