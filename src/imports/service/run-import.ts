import { auditorFor } from '../../audit/record.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import { externalIdOf, type ImportRow, type ImportTarget, readImportFile } from '../../domain/imports.ts';
import { inTransaction, type WorkspaceContext } from '../../server/context.ts';
import { AppError } from '../../server/errors.ts';
import type { ImportBody, ImportReport } from '../contract.ts';
import { assertCanImport } from '../policy.ts';
import { planAccounts } from './accounts.ts';
import { planArticles } from './articles.ts';
import { alreadyImported, type ImportPlan, type PlanInput } from './common.ts';
import { planInvitations } from './invitations.ts';
import { planSystems } from './systems.ts';
import { planTickets } from './tickets.ts';

const audit = auditorFor('import');

const PLANNERS: { [K in ImportTarget]: (input: PlanInput<ImportRow<K>>) => Promise<ImportPlan> } = {
  tickets: planTickets,
  systems: planSystems,
  articles: planArticles,
  invitations: planInvitations,
  accounts: planAccounts,
};

/**
 * One CSV file of one kind: every row checked and every problem listed (a dry run writes nothing);
 * committed in one transaction, all or nothing, only when no row has a problem. Records imported
 * before (their id in the other desk is known) are left alone, so a re-run creates nothing twice.
 */
export async function runImport(
  ctx: WorkspaceContext,
  input: ImportBody,
  publicUrl: string,
): Promise<ImportReport> {
  assertCanImport(ctx.actor, 'run');
  const kind = input.kind;
  const dryRun = input.dryRun ?? true;
  const ws = ctx.actor.workspaceId;
  const file = readImportFile(kind, input.csv, input.mapping);
  const errors = [...file.errors];
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const externalIds = [...new Set(file.rows.map(externalIdOf))];
      const seen = await alreadyImported(tx, ws, kind, externalIds);
      const planner = PLANNERS[kind] as (input: PlanInput<ImportRow<ImportTarget>>) => Promise<ImportPlan>;
      const inTx = inTransaction(ctx, tx);
      const plan = await planner({ tx, ctx: inTx, rows: file.rows, seen, errors, publicUrl });
      errors.sort((a, b) => a.row - b.row);
      const report: ImportReport = {
        kind,
        dryRun,
        rows: file.count,
        created: plan.created,
        comments: plan.comments,
        alreadyImported: seen.size,
        errors,
      };
      if (dryRun) return report;
      if (errors.length > 0)
        throw new AppError(
          400,
          'IMPORT_ROWS_INVALID',
          `${errors.length} problem(s) in the file (the first: row ${errors[0]!.row}${errors[0]!.field ? `, ${errors[0]!.field}` : ''}: ${errors[0]!.message}); nothing was imported. A dry run lists them all.`,
          errors,
        );
      await plan.commit();
      await audit(tx, ctx, 'import.committed', ctx.actor.membershipId, undefined, {
        kind,
        rows: file.count,
        created: plan.created,
        comments: plan.comments,
        alreadyImported: seen.size,
      });
      return report;
    },
    ctx.meta,
  );
}
