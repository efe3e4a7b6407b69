import { and, asc, eq, gt, inArray, lt, ne, or } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import {
  type Change,
  type ChangeFreeze,
  changeFreezes,
  changeLinks,
  changes,
} from '../../db/schema/changes.ts';
import { systemDependencies, systems } from '../../db/schema/systems.ts';
import {
  ACTIVE_STATUSES,
  blockingFreeze,
  type ChangeConflict,
  changeKey,
  findConflicts,
  freezeHit,
  type Window,
} from '../../domain/changes.ts';
import { Conflict } from '../../server/errors.ts';

/** Freezes overlapping a window, earliest first. */
export async function freezesDuring(tx: Tx, workspaceId: string, window: Window): Promise<ChangeFreeze[]> {
  return tx
    .select()
    .from(changeFreezes)
    .where(
      and(
        eq(changeFreezes.workspaceId, workspaceId),
        lt(changeFreezes.startsAt, window.end),
        gt(changeFreezes.endsAt, window.start),
      ),
    )
    .orderBy(asc(changeFreezes.startsAt));
}

const asFreeze = (f: ChangeFreeze) => ({ ...f, start: f.startsAt, end: f.endsAt });

/** The freeze the change falls in and whether its emergency reason lets it through; null when none. */
export async function freezeOf(tx: Tx, change: Change) {
  if (!change.plannedStart || !change.plannedEnd) return null;
  const window = { start: change.plannedStart, end: change.plannedEnd };
  const found = (await freezesDuring(tx, change.workspaceId, window)).map(asFreeze);
  const hit = freezeHit(window, found);
  if (!hit) return null;
  return { freeze: hit, overridden: blockingFreeze({ ...change, ...window }, found) === null };
}

/** 409 CHANGE_FREEZE naming the freeze, unless the change is an emergency with a recorded reason. */
export async function assertOutsideFreeze(tx: Tx, change: Change) {
  const found = await freezeOf(tx, change);
  if (found && !found.overridden) {
    const f = found.freeze;
    throw new Conflict(
      `${changeKey(change.number)} falls in the change freeze "${f.title}" (${f.startsAt.toISOString()} – ${f.endsAt.toISOString()}); move its window, or record an emergency change's reason to go ahead.`,
      'CHANGE_FREEZE',
    );
  }
}

export type ConflictRow = ChangeConflict & {
  other: Pick<Change, 'id' | 'number' | 'title' | 'status'> & { plannedStart: Date; plannedEnd: Date };
  systemName: string;
  otherSystemName: string;
};

/**
 * Other active changes in overlapping windows touching the same systems, or a system one step
 * away in the systems register's dependencies (either direction).
 */
export async function conflictsOf(tx: Tx, change: Change, systemIds: string[]): Promise<ConflictRow[]> {
  if (!change.plannedStart || !change.plannedEnd || systemIds.length === 0) return [];
  const ws = change.workspaceId;
  const edges = await tx
    .select({
      systemId: systemDependencies.systemId,
      dependsOnSystemId: systemDependencies.dependsOnSystemId,
    })
    .from(systemDependencies)
    .where(
      and(
        eq(systemDependencies.workspaceId, ws),
        or(
          inArray(systemDependencies.systemId, systemIds),
          inArray(systemDependencies.dependsOnSystemId, systemIds),
        ),
      ),
    );
  const near = [...new Set([...systemIds, ...edges.flatMap((e) => [e.systemId, e.dependsOnSystemId])])];
  const rows = await tx
    .select({
      id: changes.id,
      number: changes.number,
      title: changes.title,
      status: changes.status,
      plannedStart: changes.plannedStart,
      plannedEnd: changes.plannedEnd,
      systemId: changeLinks.targetId,
    })
    .from(changeLinks)
    .innerJoin(changes, eq(changes.id, changeLinks.changeId))
    .where(
      and(
        eq(changeLinks.workspaceId, ws),
        eq(changeLinks.kind, 'system'),
        inArray(changeLinks.targetId, near),
        ne(changes.id, change.id),
        inArray(changes.status, [...ACTIVE_STATUSES]),
        lt(changes.plannedStart, change.plannedEnd),
        gt(changes.plannedEnd, change.plannedStart),
      ),
    );
  const others = new Map<string, (typeof rows)[number] & { systemIds: string[] }>();
  for (const r of rows) {
    const o = others.get(r.id) ?? { ...r, systemIds: [] };
    o.systemIds.push(r.systemId);
    others.set(r.id, o);
  }
  const found = findConflicts(
    { id: change.id, systemIds, start: change.plannedStart, end: change.plannedEnd },
    [...others.values()].map((o) => ({
      id: o.id,
      systemIds: o.systemIds,
      start: o.plannedStart!,
      end: o.plannedEnd!,
    })),
    edges,
  );
  if (found.length === 0) return [];
  const names = new Map(
    (
      await tx
        .select({ id: systems.id, name: systems.name })
        .from(systems)
        .where(inArray(systems.id, [...new Set(found.flatMap((f) => [f.systemId, f.otherSystemId]))]))
    ).map((s) => [s.id, s.name]),
  );
  return found.map((f) => {
    const o = others.get(f.changeId)!;
    return {
      ...f,
      other: {
        id: o.id,
        number: o.number,
        title: o.title,
        status: o.status,
        plannedStart: o.plannedStart!,
        plannedEnd: o.plannedEnd!,
      },
      systemName: names.get(f.systemId) ?? 'unknown system',
      otherSystemName: names.get(f.otherSystemId) ?? 'unknown system',
    };
  });
}
