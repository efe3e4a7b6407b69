import { eq } from 'drizzle-orm';
import { systems } from '../../db/schema/systems.ts';
import type { ImportRow } from '../../domain/imports.ts';
import { createSystem } from '../../systems/service.ts';
import { firstOfEachId, type ImportPlan, type PlanInput, recordByRecord, servicesByName } from './common.ts';

/** Systems: one per row; a name the workspace already has (or the file has twice) is refused. */
export async function planSystems({
  tx,
  ctx,
  rows,
  seen,
  errors,
}: PlanInput<ImportRow<'systems'>>): Promise<ImportPlan> {
  const ws = ctx.actor.workspaceId;
  const serviceOf = await servicesByName(tx, ws);
  const existing = await tx.select({ name: systems.name }).from(systems).where(eq(systems.workspaceId, ws));
  const names = new Set(existing.map((s) => s.name.trim().toLowerCase()));
  const items = [];
  for (const row of firstOfEachId(rows, (r) => r.externalId, seen, errors)) {
    const serviceId = row.service ? serviceOf.get(row.service.toLowerCase())?.id : undefined;
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
    items.push({
      externalId: row.externalId,
      create: async () =>
        (
          await createSystem(ctx, {
            name: row.name,
            kind: row.kind,
            criticality: row.criticality,
            serviceId: serviceId ?? null,
            description: row.description ?? '',
          })
        ).system.id,
    });
  }
  return recordByRecord(tx, ctx, 'systems', items);
}
