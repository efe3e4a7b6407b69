import { and, eq, inArray } from 'drizzle-orm';
import { auditorFor } from '../audit/record.ts';
import type { Database, Tx } from '../db/client.ts';
import { accounts } from '../db/schema/accounts.ts';
import { type ImportKind, importKeys } from '../db/schema/imports.ts';
import { services } from '../db/schema/responsibility.ts';
import { systems } from '../db/schema/systems.ts';
import { memberships } from '../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import { levelsOfPriority } from '../domain/alert-rules.ts';
import { type ImportRow, type RowError, readImportFile } from '../domain/imports.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { AppError } from '../server/errors.ts';
import { createSystem } from '../systems/service.ts';
import { addComment } from '../tickets/service/conversation.ts';
import { createTicket } from '../tickets/service/create-ticket.ts';
import type { ImportBody, ImportReport } from './contract.ts';
import { assertCanImport } from './policy.ts';

const audit = auditorFor('import');

/** Case-insensitive lookup of this workspace's active services by name. */
async function serviceIdsByName(tx: Tx, ws: string) {
  const rows = await tx
    .select({ id: services.id, name: services.name })
    .from(services)
    .where(and(eq(services.workspaceId, ws), eq(services.status, 'active')));
  return new Map(rows.map((s) => [s.name.trim().toLowerCase(), s.id]));
}

async function alreadyImported(tx: Tx, ws: string, kind: ImportKind, externalIds: string[]) {
  if (externalIds.length === 0) return new Set<string>();
  const rows = await tx
    .select({ externalId: importKeys.externalId })
    .from(importKeys)
    .where(
      and(
        eq(importKeys.workspaceId, ws),
        eq(importKeys.kind, kind),
        inArray(importKeys.externalId, externalIds),
      ),
    );
  return new Set(rows.map((r) => r.externalId));
}

type Plan = { create: () => Promise<{ entityId: string; comments: number }>; externalId: string }[];

/** Tickets: rows sharing an externalId are one ticket (the first row) and its comments, in order. */
async function planTickets(
  tx: Tx,
  ctx: WorkspaceContext,
  rows: ImportRow<'tickets'>[],
  seen: Set<string>,
  errors: RowError[],
): Promise<{ plan: Plan; comments: number }> {
  const ws = ctx.actor.workspaceId;
  const serviceOf = await serviceIdsByName(tx, ws);
  const emails = [...new Set(rows.flatMap((r) => (r.requester ? [r.requester.toLowerCase()] : [])))];
  const members =
    emails.length === 0
      ? []
      : await tx
          .select({ id: memberships.id, email: accounts.email })
          .from(memberships)
          .innerJoin(accounts, eq(accounts.id, memberships.accountId))
          .where(
            and(
              eq(memberships.workspaceId, ws),
              eq(memberships.status, 'active'),
              inArray(accounts.email, emails),
            ),
          );
  const memberOf = new Map(members.map((m) => [m.email.toLowerCase(), m.id]));
  const groups = new Map<string, ImportRow<'tickets'>[]>();
  for (const row of rows) groups.set(row.externalId, [...(groups.get(row.externalId) ?? []), row]);
  const plan: Plan = [];
  let comments = 0;
  const inTx: WorkspaceContext = { ...ctx, db: tx as unknown as Database };
  for (const [externalId, group] of groups) {
    if (seen.has(externalId)) continue;
    const first = group[0]!;
    const serviceId = serviceOf.get(first.service.toLowerCase());
    let ok = true;
    if (!serviceId) {
      ok = false;
      errors.push({
        row: first.row,
        field: 'service',
        message: `names no active service "${first.service}" here`,
      });
    }
    const requesterMembershipId = first.requester ? memberOf.get(first.requester.toLowerCase()) : undefined;
    if (first.requester && !requesterMembershipId) {
      ok = false;
      errors.push({
        row: first.row,
        field: 'requester',
        message: `${first.requester} is not an active member of this workspace (invite them first)`,
      });
    }
    if (!ok) continue;
    const notes = group.flatMap((r) => (r.comment ? [r.comment] : []));
    comments += notes.length;
    plan.push({
      externalId,
      create: async () => {
        const ticket = await createTicket(inTx, {
          serviceId: serviceId!,
          subject: first.subject,
          description: first.description ?? '',
          ...levelsOfPriority(first.priority ?? 'P3'),
          category: 'imported',
          requesterMembershipId,
        });
        for (const body of notes) await addComment(inTx, ticket.number, { body, visibility: 'public' });
        return { entityId: ticket.id, comments: notes.length };
      },
    });
  }
  return { plan, comments };
}

/** Systems: one per row; a name the workspace already has (or the file has twice) is refused. */
async function planSystems(
  tx: Tx,
  ctx: WorkspaceContext,
  rows: ImportRow<'systems'>[],
  seen: Set<string>,
  errors: RowError[],
): Promise<{ plan: Plan; comments: number }> {
  const ws = ctx.actor.workspaceId;
  const serviceOf = await serviceIdsByName(tx, ws);
  const existing = await tx.select({ name: systems.name }).from(systems).where(eq(systems.workspaceId, ws));
  const names = new Set(existing.map((s) => s.name.trim().toLowerCase()));
  const ids = new Set<string>();
  const plan: Plan = [];
  const inTx: WorkspaceContext = { ...ctx, db: tx as unknown as Database };
  for (const row of rows) {
    if (seen.has(row.externalId)) continue;
    if (ids.has(row.externalId)) {
      errors.push({
        row: row.row,
        field: 'externalId',
        message: `${row.externalId} appears twice in the file`,
      });
      continue;
    }
    ids.add(row.externalId);
    const serviceId = row.service ? serviceOf.get(row.service.toLowerCase()) : undefined;
    if (row.service && !serviceId) {
      errors.push({
        row: row.row,
        field: 'service',
        message: `names no active service "${row.service}" here`,
      });
      continue;
    }
    const key = row.name.toLowerCase();
    if (names.has(key)) {
      errors.push({ row: row.row, field: 'name', message: `a system named "${row.name}" exists already` });
      continue;
    }
    names.add(key);
    plan.push({
      externalId: row.externalId,
      create: async () => {
        const system = await createSystem(inTx, {
          name: row.name,
          kind: row.kind,
          criticality: row.criticality,
          serviceId: serviceId ?? null,
          description: row.description ?? '',
        });
        return { entityId: system.system.id, comments: 0 };
      },
    });
  }
  return { plan, comments: 0 };
}

/**
 * One CSV file of one kind: every row checked and every problem listed (a dry run writes nothing);
 * committed in one transaction, all or nothing, only when no row has a problem. Records imported
 * before (their id in the other desk is known) are left alone, so a re-run creates nothing twice.
 */
export async function runImport(ctx: WorkspaceContext, input: ImportBody): Promise<ImportReport> {
  assertCanImport(ctx.actor, 'run');
  const kind = input.kind;
  const dryRun = input.dryRun ?? true;
  const ws = ctx.actor.workspaceId;
  const file =
    kind === 'tickets'
      ? readImportFile('tickets', input.csv, input.mapping)
      : readImportFile('systems', input.csv, input.mapping);
  const errors = [...file.errors];
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const externalIds = [...new Set(file.rows.map((r) => r.externalId))];
      const seen = await alreadyImported(tx, ws, kind, externalIds);
      const { plan, comments } =
        kind === 'tickets'
          ? await planTickets(tx, ctx, file.rows as ImportRow<'tickets'>[], seen, errors)
          : await planSystems(tx, ctx, file.rows as ImportRow<'systems'>[], seen, errors);
      errors.sort((a, b) => a.row - b.row);
      const report: ImportReport = {
        kind,
        dryRun,
        rows: file.count,
        created: plan.length,
        comments,
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
      for (const item of plan) {
        const { entityId } = await item.create();
        await tx.insert(importKeys).values({
          workspaceId: ws,
          kind,
          externalId: item.externalId,
          entityId,
          importedByMembershipId: ctx.actor.membershipId,
        });
      }
      await audit(tx, ctx, 'import.committed', ctx.actor.membershipId, undefined, {
        kind,
        created: plan.length,
        comments,
        alreadyImported: seen.size,
      });
      return report;
    },
    ctx.meta,
  );
}
