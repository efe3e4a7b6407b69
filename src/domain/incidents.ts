import { isInternalLead, isStaff, type WorkspaceActor } from './actor.ts';

/** The decision type whose holder may declare a major incident (src/defaults). */
export const DECLARE_MAJOR_INCIDENT = 'declare-major-incident';

export const MIN_CADENCE_MINUTES = 5;
export const MAX_CADENCE_MINUTES = 24 * 60;

export const incidentKey = (number: number) => `MI-${number}`;
export const backlogKey = (number: number) => `IMP-${number}`;

/** When the next stakeholder update is due after one was posted (or the incident declared) at `from`. */
export function nextUpdateDue(from: Date, cadenceMinutes: number): Date {
  return new Date(from.getTime() + cadenceMinutes * 60_000);
}

export function isUpdateOverdue(
  incident: { status: string; nextUpdateDueAt: Date | null },
  now: Date = new Date(),
): boolean {
  return incident.status === 'open' && incident.nextUpdateDueAt !== null && incident.nextUpdateDueAt <= now;
}

type Roles = { commanderMembershipId: string | null; communicationsLeadMembershipId: string | null };

export const isCommander = (actor: WorkspaceActor, incident: Roles) =>
  incident.commanderMembershipId === actor.membershipId;
export const isCommunicationsLead = (actor: WorkspaceActor, incident: Roles) =>
  incident.communicationsLeadMembershipId === actor.membershipId;

/**
 * Security: who runs an open incident: its commander, its communications lead, or whoever holds
 * the right to declare one (the internal lead always does). Viewers and requesters never do.
 */
export function canRunIncident(actor: WorkspaceActor, incident: Roles, holdsDeclareRight: boolean) {
  if (!isStaff(actor) || actor.role === 'viewer') return false;
  return holdsDeclareRight || isCommander(actor, incident) || isCommunicationsLead(actor, incident);
}

/** Roles and resolution belong to the commander and the holder of the right, not to communications. */
export function canCommandIncident(actor: WorkspaceActor, incident: Roles, holdsDeclareRight: boolean) {
  if (!isStaff(actor) || actor.role === 'viewer') return false;
  return holdsDeclareRight || isInternalLead(actor) || isCommander(actor, incident);
}

/** The review is written jointly by the staff of every party. */
export const canWriteReview = (actor: WorkspaceActor) => isStaff(actor) && actor.role !== 'viewer';

const QUARTER = /^(\d{4})-Q([1-4])$/;

/** A target quarter such as 2027-Q1, or an explanation of what is wrong with it. */
export function checkQuarter(value: string): { ok: true } | { ok: false; message: string } {
  const m = QUARTER.exec(value);
  if (!m) return { ok: false, message: 'must be a quarter such as 2027-Q1' };
  const year = Number(m[1]);
  if (year < 2000 || year > 2100) return { ok: false, message: 'must be a year between 2000 and 2100' };
  return { ok: true };
}

/** Sort key of a quarter (2027-Q1 → 20271), for ordering. */
export function quarterOrder(value: string | null): number {
  const m = value ? QUARTER.exec(value) : null;
  return m ? Number(m[1]) * 10 + Number(m[2]) : Number.MAX_SAFE_INTEGER;
}

/** The ranks of a column after moving one item to `position` (0-based); other items keep their order. */
export function reorderColumn<T extends { id: string }>(column: T[], moved: T, position: number): T[] {
  const rest = column.filter((item) => item.id !== moved.id);
  const at = Math.max(0, Math.min(position, rest.length));
  return [...rest.slice(0, at), moved, ...rest.slice(at)];
}
