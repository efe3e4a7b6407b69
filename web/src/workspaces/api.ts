import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../ui/api-client';
import type { Abilities, Items, Party, WorkspaceDetail } from '../ui/api-types';

export const wsPath = (slug: string) => `/api/v1/w/${encodeURIComponent(slug)}`;

export const workspaceQueryOptions = (slug: string) =>
  queryOptions({
    queryKey: ['workspace', slug],
    queryFn: ({ signal }) => api<WorkspaceDetail>(wsPath(slug), { signal }),
    staleTime: 30_000,
  });

export function useWorkspace(slug: string) {
  return useQuery(workspaceQueryOptions(slug));
}

export const partiesQueryOptions = (slug: string) =>
  queryOptions({
    queryKey: ['parties', slug],
    queryFn: ({ signal }) => api<Items<Party>>(`${wsPath(slug)}/parties`, { signal }),
  });

export function useParties(slug: string) {
  return useQuery(partiesQueryOptions(slug));
}

/**
 * The workspace-level abilities this app reads. One place names the server's keys, so a rename on the
 * server is one edit here. A missing key reads as "not allowed".
 */
export const WORKSPACE_ABILITY_KEYS = {
  readAudit: 'readAudit',
  // Seeing parties and seeing members need the same right (staff of a party).
  readMembers: 'listParties',
  inviteMembers: 'invite',
  manageParties: 'manageParties',
  // The responsibility map and the decision log are read by the staff of any party: the same right.
  readResponsibility: 'listParties',
  readDecisions: 'listParties',
} as const;

export type WorkspaceAbility = keyof typeof WORKSPACE_ABILITY_KEYS;

export function can(abilities: Abilities | undefined, ability: WorkspaceAbility): boolean {
  return abilities?.[WORKSPACE_ABILITY_KEYS[ability]] === true;
}
