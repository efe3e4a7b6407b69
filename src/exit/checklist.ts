import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { uuidLiteral } from './cursor.ts';
import { rowsOf } from './sql.ts';

/**
 * The checklist for a change of provider, built from the records. Each line says what is done,
 * what is not, and links to the records behind it. Tables other areas are still building
 * (engagements, access, changes, risks) are read when they exist and reported "not recorded"
 * otherwise.
 */
export type ChecklistItem = {
  key: 'documentation' | 'runbooks' | 'privileged_access' | 'open_work' | 'verified_export';
  title: string;
  state: 'done' | 'todo' | 'not_recorded';
  summary: string;
  records: { label: string; link: string }[];
};

// The page lists the first few; the summary gives the count.
const MAX_RECORDS = 10;
export const VERIFIED_WITHIN_DAYS = 90;

export async function tableExists(tx: Tx, name: string): Promise<boolean> {
  const [row] = await rowsOf<{ present: boolean }>(
    tx,
    sql`select to_regclass(${`public.${name}`}) is not null as present`,
  );
  return row?.present ?? false;
}

async function columnsOf(tx: Tx, table: string): Promise<string[]> {
  const rows = await rowsOf<{ name: string }>(
    tx,
    sql`select attname as name from pg_attribute where attrelid = to_regclass(${`public.${table}`}) and attnum > 0 and not attisdropped`,
  );
  return rows.map((r) => r.name);
}

/** The engagement's offboarding clause, when the engagements area records one. */
export async function offboardingClause(
  tx: Tx,
  workspaceId: string,
): Promise<{ recorded: boolean; text: string | null; link: string | null }> {
  if (!(await tableExists(tx, 'engagements'))) return { recorded: false, text: null, link: null };
  const column = (await columnsOf(tx, 'engagements')).find((c) => /offboarding|exit/.test(c));
  if (!column) return { recorded: false, text: null, link: null };
  const [row] = await rowsOf<{ text: string | null }>(
    tx,
    sql`select ${sql.raw(`"${column}"`)}::text as text from engagements where workspace_id = ${workspaceId} limit 1`,
  );
  return { recorded: Boolean(row?.text), text: row?.text ?? null, link: 'engagement' };
}

export async function buildChecklist(
  tx: Tx,
  workspace: { id: string; slug: string; ticketPrefix: string },
  lastVerified: { finishedAt: Date | null } | null,
  now = new Date(),
): Promise<ChecklistItem[]> {
  const ws = uuidLiteral(workspace.id);
  const base = `/w/${workspace.slug}`;
  const items: ChecklistItem[] = [];

  const providerArticles = await rowsOf<{ number: number; title: string; total: number }>(
    tx,
    sql`select a.number, a.title, count(*) over ()::int as total
        from articles a join parties p on p.workspace_id = a.workspace_id and p.id = a.owner_party_id
        where a.workspace_id = ${ws} and p.kind = 'provider' and a.status <> 'retired'
        order by a.number limit ${MAX_RECORDS}`,
  );
  const providerArticleCount = providerArticles[0]?.total ?? 0;
  items.push({
    key: 'documentation',
    title: 'Documentation owned by the internal party',
    state: providerArticleCount === 0 ? 'done' : 'todo',
    summary:
      providerArticleCount === 0
        ? 'Every article is owned by the internal party.'
        : `${providerArticleCount} article(s) are still owned by the provider.`,
    records: providerArticles.map((a) => ({
      label: `KB-${a.number} ${a.title}`,
      link: `${base}/knowledge/KB-${a.number}`,
    })),
  });

  const critical = await rowsOf<{
    id: string;
    name: string;
    recovery: number | null;
    recovery_status: string | null;
  }>(
    tx,
    sql`select s.id, s.name, a.number as recovery, a.status as recovery_status
        from systems s left join articles a on a.id = s.recovery_article_id
        where s.workspace_id = ${ws} and s.criticality = 'critical' and s.status <> 'retired' order by s.name`,
  );
  const missing = critical.filter(
    (s) => s.recovery === null || !['published', 'needs_review'].includes(s.recovery_status ?? ''),
  );
  items.push({
    key: 'runbooks',
    title: 'Runbooks and recovery steps for every critical system',
    state:
      critical.length > 0 && missing.length === 0 ? 'done' : critical.length === 0 ? 'not_recorded' : 'todo',
    summary:
      critical.length === 0
        ? 'No critical system is registered.'
        : missing.length === 0
          ? `All ${critical.length} critical systems have published recovery steps.`
          : `${missing.length} of ${critical.length} critical systems have no published recovery article.`,
    records: (missing.length ? missing : critical)
      .slice(0, MAX_RECORDS)
      .map((s) => ({ label: s.name, link: `${base}/systems/${s.id}` })),
  });

  items.push(await privilegedAccess(tx, workspace.id, base));

  // The first few with the count beside them: a provider's lane may hold tens of thousands.
  const openTickets = await rowsOf<{ number: number; subject: string; total: number }>(
    tx,
    sql`select t.number, t.subject, count(*) over ()::int as total
        from tickets t join parties p on p.workspace_id = t.workspace_id and p.id = t.lane_party_id
        where t.workspace_id = ${ws} and p.kind = 'provider' and t.status not in ('resolved', 'closed')
        order by t.number limit ${MAX_RECORDS}`,
  );
  const openTicketCount = openTickets[0]?.total ?? 0;
  const records = openTickets.map((t) => ({
    label: `${workspace.ticketPrefix}-${t.number} ${t.subject}`,
    link: `${base}/tickets/${workspace.ticketPrefix}-${t.number}`,
  }));
  const counts = [`${openTicketCount} open ticket(s)`];
  for (const table of ['changes', 'risks']) {
    const open = await openProviderRows(tx, workspace.id, table);
    if (open !== null) counts.push(`${open} open ${table}`);
  }
  const openTotal = openTicketCount + counts.slice(1).reduce((n, c) => n + Number.parseInt(c, 10), 0);
  items.push({
    key: 'open_work',
    title: 'Open tickets, changes and risks re-assigned from the provider',
    state: openTotal === 0 ? 'done' : 'todo',
    summary: `Assigned to the provider: ${counts.join(', ')}.`,
    records,
  });

  const ageDays = lastVerified?.finishedAt
    ? Math.floor((now.getTime() - lastVerified.finishedAt.getTime()) / 86_400_000)
    : null;
  items.push({
    key: 'verified_export',
    title: `An export verified within ${VERIFIED_WITHIN_DAYS} days`,
    state: ageDays !== null && ageDays <= VERIFIED_WITHIN_DAYS ? 'done' : 'todo',
    summary:
      ageDays === null
        ? 'No export has been verified yet: run "Verify the exit plan".'
        : `Last verified ${ageDays === 0 ? 'today' : `${ageDays} day(s) ago`}.`,
    // The runs are listed on the exit-plan page itself, under its exports section.
    records: lastVerified ? [{ label: 'The verification runs', link: `${base}/exit#exit-exports` }] : [],
  });
  return items;
}

/** Rows of an optional table whose party column names a provider party and whose status is still open. */
async function openProviderRows(tx: Tx, workspaceId: string, table: string): Promise<number | null> {
  if (!(await tableExists(tx, table))) return null;
  const columns = await columnsOf(tx, table);
  const party =
    columns.find((c) => /^(owner|assignee|assigned|responsible)_party_id$/.test(c)) ??
    columns.find((c) => c.endsWith('party_id'));
  if (!party) return null;
  const status = columns.includes('status')
    ? sql` and t.status not in ('closed', 'done', 'completed', 'resolved', 'cancelled', 'rejected', 'accepted', 'revoked')`
    : sql``;
  const [row] = await rowsOf<{ n: number }>(
    tx,
    sql`select count(*)::int as n from ${sql.raw(`"${table}"`)} t join parties p on p.workspace_id = t.workspace_id and p.id = t.${sql.raw(`"${party}"`)}
        where t.workspace_id = ${workspaceId} and p.kind = 'provider'${status}`,
  );
  return row?.n ?? 0;
}

async function privilegedAccess(tx: Tx, workspaceId: string, base: string): Promise<ChecklistItem> {
  // The access area's register: accounts still active that people of a provider party hold.
  const accounts = await rowsOf<{ account: string; system: string; holder: string; total: number }>(
    tx,
    sql`select a.account_name as account, s.name as system, u.name as holder, count(*) over ()::int as total
        from privileged_accounts a
        join systems s on s.workspace_id = a.workspace_id and s.id = a.system_id
        join memberships m on m.workspace_id = a.workspace_id and m.id = a.membership_id
        join accounts u on u.id = m.account_id
        join parties p on p.workspace_id = m.workspace_id and p.id = m.party_id
        where a.workspace_id = ${workspaceId} and a.status = 'active' and p.kind = 'provider'
        order by s.name, a.account_name limit ${MAX_RECORDS}`,
  );
  const held = accounts[0]?.total ?? 0;
  return {
    key: 'privileged_access',
    title: "The provider's privileged accounts handed over or revoked",
    state: held === 0 ? 'done' : 'todo',
    summary:
      held === 0
        ? 'No privileged account is left with the provider.'
        : `${held} privileged account(s) are still held by the provider's people.`,
    records: accounts.map((a) => ({
      label: `${a.account} on ${a.system} (${a.holder})`,
      link: `${base}/access`,
    })),
  };
}
