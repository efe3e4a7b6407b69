import type { Role } from '../ui/api-types';

export interface MembersSearch {
  status?: 'active' | 'deactivated';
  partyId?: string;
  role?: Role;
  q?: string;
  /** Opens the invite dialog (linked from the workspace home page). */
  invite?: boolean;
}

const ROLES: readonly string[] = ['lead', 'agent', 'viewer', 'requester'];

/** Filters live in the URL so a filtered list can be reloaded, shared and gone back to. */
export function validateMembersSearch(search: Record<string, unknown>): MembersSearch {
  const out: MembersSearch = {};
  if (search.status === 'deactivated') out.status = 'deactivated';
  if (typeof search.partyId === 'string' && search.partyId) out.partyId = search.partyId;
  if (typeof search.role === 'string' && ROLES.includes(search.role)) out.role = search.role as Role;
  if (typeof search.q === 'string' && search.q.trim()) out.q = search.q;
  if (search.invite === true || search.invite === 'true') out.invite = true;
  return out;
}
