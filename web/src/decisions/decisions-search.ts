import type { DecisionFilters, DecisionStatus } from './api';

export interface DecisionsSearch {
  status?: DecisionStatus;
  typeKey?: string;
  q?: string;
  /** The "Awaiting me" tab: open requests whose decision right the viewer holds. */
  awaitingMe?: true;
  /** Opens the new decision request dialog (linked from elsewhere). */
  new?: true;
}

const STATUSES: readonly string[] = ['proposed', 'approved', 'rejected', 'withdrawn'];
const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
const flag = (value: unknown) => value === true || value === 'true';

/** Filters live in the URL so a filtered log can be reloaded, shared and gone back to. */
export function validateDecisionsSearch(search: Record<string, unknown>): DecisionsSearch {
  const out: DecisionsSearch = {};
  if (typeof search.status === 'string' && STATUSES.includes(search.status))
    out.status = search.status as DecisionStatus;
  const typeKey = text(search.typeKey);
  if (typeKey) out.typeKey = typeKey;
  const q = text(search.q);
  if (q) out.q = q.slice(0, 200);
  if (flag(search.awaitingMe)) out.awaitingMe = true;
  if (flag(search.new)) out.new = true;
  return out;
}

export function toFilters(search: DecisionsSearch): DecisionFilters {
  return { status: search.status, typeKey: search.typeKey, q: search.q, awaitingMe: search.awaitingMe };
}
