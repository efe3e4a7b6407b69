import { desc, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { accounts } from '../db/schema/accounts.ts';
import { mapVersions } from '../db/schema/responsibility.ts';
import { memberships, workspaces } from '../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import { type Assignment, diffAssignments, findGaps } from '../domain/raci.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { NotFound } from '../server/errors.ts';
import { memberNames } from '../workspaces/names.ts';
import type { MapExportFormat } from './contract.ts';
import { mapToCsv, mapToHtml, mapToMarkdown } from './export.ts';
import { assertCanResponsibility } from './policy.ts';
import {
  getCurrentVersion,
  getVersionByNumber,
  loadAssignments,
  loadPartiesForRaci,
  loadServicesForRaci,
} from './queries.ts';

export const scopeOf = workspaceScope;

async function loadMap(tx: Tx, workspaceId: string, versionNumber?: number) {
  const current = await getCurrentVersion(tx, workspaceId);
  const version =
    versionNumber === undefined ? current : await getVersionByNumber(tx, workspaceId, versionNumber);
  // One query at a time: a transaction client runs its statements in order anyway.
  const services = await loadServicesForRaci(tx, workspaceId);
  const parties = await loadPartiesForRaci(tx, workspaceId);
  const assignments = await loadAssignments(tx, workspaceId, version.id);
  const people = await memberNames(
    tx,
    workspaceId,
    assignments.flatMap((a) => (a.membershipId ? [a.membershipId] : [])),
  );
  return {
    version,
    isCurrent: version.id === current.id,
    services,
    parties,
    assignments,
    people,
    gaps: findGaps(assignments, services, parties),
  };
}

/** The map at a version (current by default): services, parties, assignments and the gap report. */
export async function getMap(ctx: WorkspaceContext, versionNumber?: number) {
  assertCanResponsibility(ctx.actor, 'view');
  return withScopedTx(ctx.db, scopeOf(ctx), (tx) => loadMap(tx, ctx.actor.workspaceId, versionNumber));
}

const EXPORT_TYPES: Record<MapExportFormat, string> = {
  csv: 'text/csv',
  md: 'text/markdown',
  html: 'text/html',
};

/** The map at a version as a file (CSV, Markdown or HTML), read in one transaction. */
export async function exportMap(
  ctx: WorkspaceContext,
  versionNumber: number | undefined,
  format: MapExportFormat,
) {
  assertCanResponsibility(ctx.actor, 'view');
  return withScopedTx(ctx.db, scopeOf(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const map = await loadMap(tx, ws, versionNumber);
    const [workspace] = await tx
      .select({ name: workspaces.name, slug: workspaces.slug })
      .from(workspaces)
      .where(eq(workspaces.id, ws));
    const data = {
      ...map,
      workspaceName: workspace!.name,
      versionNumber: map.version.number,
      approvedAt: map.version.createdAt,
    };
    const body = format === 'csv' ? mapToCsv(data) : format === 'md' ? mapToMarkdown(data) : mapToHtml(data);
    return {
      contentType: EXPORT_TYPES[format],
      filename: `${workspace!.slug}-responsibilities-v${map.version.number}.${format}`,
      body,
    };
  });
}

export async function listVersions(ctx: WorkspaceContext) {
  assertCanResponsibility(ctx.actor, 'view');
  return withScopedTx(ctx.db, scopeOf(ctx), (tx) =>
    tx
      .select({ version: mapVersions, approvedBy: accounts.name })
      .from(mapVersions)
      .leftJoin(memberships, eq(memberships.id, mapVersions.approvedByMembershipId))
      .leftJoin(accounts, eq(accounts.id, memberships.accountId))
      .where(eq(mapVersions.workspaceId, ctx.actor.workspaceId))
      .orderBy(desc(mapVersions.number)),
  );
}

export async function diffVersions(ctx: WorkspaceContext, fromNumber: number, toNumber: number) {
  assertCanResponsibility(ctx.actor, 'view');
  return withScopedTx(ctx.db, scopeOf(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const [from, to] = [
      await getVersionByNumber(tx, ws, fromNumber),
      await getVersionByNumber(tx, ws, toNumber),
    ];
    const [a, b] = [await loadAssignments(tx, ws, from.id), await loadAssignments(tx, ws, to.id)];
    const diff = diffAssignments(a, b);
    const people = await memberNames(
      tx,
      ws,
      [...diff.added, ...diff.removed].flatMap((x: Assignment) => (x.membershipId ? [x.membershipId] : [])),
    );
    return { from, to, ...diff, people };
  });
}

/** The map at a version with the workspace's name and slug, for the exported files. */
export async function getMapForExport(ctx: WorkspaceContext, versionNumber?: number) {
  const map = await getMap(ctx, versionNumber);
  const [workspace] = await withScopedTx(ctx.db, scopeOf(ctx), (tx) =>
    tx
      .select({ name: workspaces.name, slug: workspaces.slug })
      .from(workspaces)
      .where(eq(workspaces.id, ctx.actor.workspaceId)),
  );
  if (!workspace) throw new NotFound('No such workspace.');
  return { map, workspace };
}
