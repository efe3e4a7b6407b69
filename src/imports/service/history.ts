import { and, desc, eq } from 'drizzle-orm';
import { accounts } from '../../db/schema/accounts.ts';
import { auditEvents } from '../../db/schema/audit.ts';
import { IMPORT_KINDS, type ImportKind } from '../../db/schema/imports.ts';
import { memberships } from '../../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import type { ImportHistory } from '../contract.ts';
import { assertCanImport } from '../policy.ts';

const HISTORY_MAX = 20;

const count = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) ? value : 0);

/** The last committed imports of this workspace, newest first: what the import page shows as its events. */
export async function listImports(ctx: WorkspaceContext): Promise<ImportHistory['items']> {
  assertCanImport(ctx.actor, 'run');
  const ws = ctx.actor.workspaceId;
  const rows = await withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    tx
      .select({ at: auditEvents.at, after: auditEvents.after, by: accounts.name })
      .from(auditEvents)
      .leftJoin(memberships, eq(memberships.id, auditEvents.actorMembershipId))
      .leftJoin(accounts, eq(accounts.id, memberships.accountId))
      .where(and(eq(auditEvents.workspaceId, ws), eq(auditEvents.action, 'import.committed')))
      .orderBy(desc(auditEvents.id))
      .limit(HISTORY_MAX),
  );
  return rows.flatMap((row) => {
    const after = (row.after ?? {}) as Record<string, unknown>;
    const kind = after.kind as ImportKind;
    if (!IMPORT_KINDS.includes(kind)) return [];
    return [
      {
        at: row.at,
        kind,
        rows: count(after.rows),
        created: count(after.created),
        comments: count(after.comments),
        alreadyImported: count(after.alreadyImported),
        by: row.by ?? null,
      },
    ];
  });
}
