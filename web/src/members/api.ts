import {
  infiniteQueryOptions,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type {
  InvitationStatus as InvitationStatusContract,
  Member as MemberContract,
  WorkspaceInvitation as WorkspaceInvitationContract,
} from '../../../src/members/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import { api } from '../ui/api-client';
import type { Items, Page, Party, PartyKind, Role } from '../ui/api-types';
import { filteredCursorPages } from '../ui/cursor-pages';
import { wsPath } from '../workspaces/api';
import type { MembersSearch } from './members-search';

export type Member = Wire<MemberContract>;
export type InvitationStatus = InvitationStatusContract;
export type WorkspaceInvitation = Wire<WorkspaceInvitationContract>;

type MemberFilters = Omit<MembersSearch, 'invite'>;

export const membersQueryOptions = (slug: string, filters: MemberFilters) =>
  infiniteQueryOptions({
    queryKey: ['members', slug, filters],
    queryFn: ({ pageParam, signal }) =>
      api<Page<Member>>(`${wsPath(slug)}/members`, {
        signal,
        query: { ...filters, status: filters.status ?? 'active', limit: 50, cursor: pageParam },
      }),
    ...filteredCursorPages,
  });

export function useMembers(slug: string, filters: MemberFilters) {
  return useInfiniteQuery(membersQueryOptions(slug, filters));
}

/** Active members of one party (up to 200), for pickers that name a person of that party. */
export function usePartyMembers(slug: string, partyId: string | null) {
  return useQuery({
    queryKey: ['members', slug, { partyId, status: 'active', picker: true }],
    queryFn: ({ signal }) =>
      api<Page<Member>>(`${wsPath(slug)}/members`, {
        signal,
        query: { partyId: partyId ?? undefined, status: 'active', limit: 200 },
      }),
    enabled: partyId !== null,
  });
}

/** After any change to people: members, counts per party and invitations may all have moved. */
function useRefreshPeople(slug: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['members', slug] }),
      queryClient.invalidateQueries({ queryKey: ['parties', slug] }),
      queryClient.invalidateQueries({ queryKey: ['invitations', slug] }),
    ]);
}

export function useChangeRole(slug: string) {
  const refresh = useRefreshPeople(slug);
  return useMutation({
    mutationFn: ({ member, role }: { member: Member; role: Role }) =>
      api<{ member: Member }>(`${wsPath(slug)}/members/${member.id}`, {
        method: 'PATCH',
        body: { version: member.version, role },
      }),
    onSettled: refresh,
  });
}

export function useSetMemberActive(slug: string) {
  const refresh = useRefreshPeople(slug);
  return useMutation({
    mutationFn: ({ member, active }: { member: Member; active: boolean }) =>
      api<{ member: Member }>(
        `${wsPath(slug)}/members/${member.id}/${active ? 'reactivate' : 'deactivate'}`,
        {
          method: 'POST',
        },
      ),
    onSettled: refresh,
  });
}

export function useInvitations(slug: string, enabled: boolean) {
  return useQuery({
    queryKey: ['invitations', slug],
    queryFn: ({ signal }) => api<Items<WorkspaceInvitation>>(`${wsPath(slug)}/invitations`, { signal }),
    enabled,
  });
}

export function useCreateInvitation(slug: string) {
  const refresh = useRefreshPeople(slug);
  return useMutation({
    mutationFn: ({ key, ...body }: { email: string; role: Role; partyId: string | null; key: string }) =>
      api<{ invitation: WorkspaceInvitation; inviteUrl: string; emailed: boolean }>(
        `${wsPath(slug)}/invitations`,
        {
          method: 'POST',
          body,
          idempotencyKey: key,
        },
      ),
    onSuccess: refresh,
  });
}

export function useRevokeInvitation(slug: string) {
  const refresh = useRefreshPeople(slug);
  return useMutation({
    mutationFn: (invitation: WorkspaceInvitation) =>
      api<void>(`${wsPath(slug)}/invitations/${invitation.id}`, { method: 'DELETE' }),
    onSettled: refresh,
  });
}

export function useCreateParty(slug: string) {
  const refresh = useRefreshPeople(slug);
  return useMutation({
    mutationFn: ({ key, ...body }: { name: string; key: string }) =>
      api<{ party: Party }>(`${wsPath(slug)}/parties`, { method: 'POST', body, idempotencyKey: key }),
    onSuccess: refresh,
  });
}

export function useRenameParty(slug: string) {
  const refresh = useRefreshPeople(slug);
  return useMutation({
    mutationFn: ({ party, name }: { party: Party; name: string }) =>
      api<{ party: Party }>(`${wsPath(slug)}/parties/${party.id}`, {
        method: 'PATCH',
        body: { version: party.version, name },
      }),
    onSettled: refresh,
  });
}

export const PARTY_KIND_LABELS: Record<PartyKind, string> = { internal: 'Internal', provider: 'Provider' };
export const partyColor = (kind: PartyKind) => (kind === 'internal' ? 'teal' : 'indigo');

/** Staff who can be assigned work or cover (leads and agents of a party). */
export const assignableStaffQueryOptions = (slug: string) =>
  queryOptions({
    queryKey: ['members', slug, { status: 'active', picker: 'assignable' }],
    queryFn: ({ signal }) =>
      api<Page<Member>>(`${wsPath(slug)}/members`, { signal, query: { status: 'active', limit: 200 } }),
    select: (page) => page.items.filter((m) => m.party !== null && (m.role === 'lead' || m.role === 'agent')),
    staleTime: 60_000,
  });

export function useAssignableStaff(slug: string, enabled = true) {
  return useQuery({ ...assignableStaffQueryOptions(slug), enabled });
}
