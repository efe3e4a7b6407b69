/** SLA rules with no I/O: which policy applies, escalation thresholds, priority steps, cover and rotas. */
import type { Priority } from './tickets.ts';

export type PolicyScope = {
  id: string;
  priority: string;
  serviceId: string | null;
  catalogueItemId: string | null;
};

/** The most specific policy for a ticket: its catalogue item, then its service, then its priority alone. */
export function pickPolicy<P extends PolicyScope>(
  policies: P[],
  ticket: { priority: string; serviceId: string; catalogueItemId: string | null },
): P | null {
  const forPriority = policies.filter((p) => p.priority === ticket.priority);
  return (
    forPriority.find((p) => p.catalogueItemId !== null && p.catalogueItemId === ticket.catalogueItemId) ??
    forPriority.find((p) => p.catalogueItemId === null && p.serviceId === ticket.serviceId) ??
    forPriority.find((p) => p.catalogueItemId === null && p.serviceId === null) ??
    null
  );
}

/**
 * Business minutes (fractional) into a target at which a share of it is used (100 % = breach).
 * Not rounded to whole minutes: 50 % of a 1-minute target is due at 30 s, not at the breach.
 */
export const thresholdMinutes = (targetMinutes: number, atPercent: number) =>
  (targetMinutes * atPercent) / 100;

const ORDER: Priority[] = ['P4', 'P3', 'P2', 'P1'];
/** One step more urgent; P1 stays P1. */
export const raisedPriority = (p: Priority): Priority => ORDER[Math.min(ORDER.indexOf(p) + 1, 3)]!;

export type CoverRule = { id: string; partyId: string; priorities: string[]; serviceIds: string[] };

/** The first cover rule matching the ticket's priority and service (an empty list matches all). */
export function coveringRule<R extends CoverRule>(
  rules: R[],
  ticket: { priority: string; serviceId: string },
): R | null {
  return (
    rules.find(
      (r) =>
        (r.priorities.length === 0 || r.priorities.includes(ticket.priority)) &&
        (r.serviceIds.length === 0 || r.serviceIds.includes(ticket.serviceId)),
    ) ?? null
  );
}

export type Shift = { membershipId: string; startsAt: Date; endsAt: Date };

/** Who is on call at an instant: the latest-starting shift covering it (a hand-over wins over the shift it relieves). */
export function onCallAt<S extends Shift>(shifts: S[], at: Date): S | null {
  const t = at.getTime();
  return (
    shifts
      .filter((s) => s.startsAt.getTime() <= t && t < s.endsAt.getTime())
      .sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime())[0] ?? null
  );
}

/** Stretches of [from, to) that no shift covers: reported as gaps, never refused. */
export function findRotaGaps(shifts: Shift[], from: Date, to: Date): { start: Date; end: Date }[] {
  const spans = shifts
    .map((s) => [Math.max(s.startsAt.getTime(), from.getTime()), Math.min(s.endsAt.getTime(), to.getTime())])
    .filter(([s, e]) => e! > s!)
    .sort((a, b) => a[0]! - b[0]!);
  const gaps: { start: Date; end: Date }[] = [];
  let cursor = from.getTime();
  for (const [s, e] of spans) {
    if (s! > cursor) gaps.push({ start: new Date(cursor), end: new Date(s!) });
    cursor = Math.max(cursor, e!);
  }
  if (cursor < to.getTime()) gaps.push({ start: new Date(cursor), end: to });
  return gaps;
}

/** Hand-over instants: where one person's cover ends and another's begins (sorted). */
export function handOvers(shifts: Shift[]): { at: Date; from: string | null; to: string }[] {
  const sorted = [...shifts].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  return sorted.map((s) => ({
    at: s.startsAt,
    from:
      onCallAt(
        sorted.filter((o) => o !== s),
        new Date(s.startsAt.getTime() - 1),
      )?.membershipId ?? null,
    to: s.membershipId,
  }));
}
