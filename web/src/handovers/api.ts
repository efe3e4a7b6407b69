import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../ui/api-client';
import type { Items } from '../ui/api-types';
import { wsPath } from '../workspaces/api';

export interface HandoverSession {
  id: string;
  topic: string;
  heldAt: string;
  presenterParty: { id: string; name: string | null };
  serviceIds: string[];
  systemIds: string[];
  articleIds: string[];
  notes: string;
  version: number;
  invited?: number;
  attended?: number;
}
export interface Attendee {
  membershipId: string;
  name: string;
  attended: boolean;
}
export interface HandoverDetail {
  session: HandoverSession;
  services: Array<{ id: string; name: string }>;
  systems: Array<{ id: string; name: string }>;
  articles: Array<{ id: string; key: string; title: string; type: string; status: string }>;
  attendees: Attendee[];
  abilities: { manage?: boolean };
}
export interface AttendanceRow {
  personId: string;
  name: string | null;
  invited: number;
  attended: number;
  rate: number;
  lastAttendedAt: string | null;
}

const base = (slug: string) => `${wsPath(slug)}/handovers`;

export function useHandovers(slug: string) {
  return useQuery({
    queryKey: ['handovers', slug, 'list'],
    queryFn: ({ signal }) =>
      api<Items<HandoverSession> & { abilities: { manage?: boolean } }>(base(slug), { signal }),
  });
}

export function useAttendance(slug: string) {
  return useQuery({
    queryKey: ['handovers', slug, 'attendance'],
    queryFn: ({ signal }) => api<Items<AttendanceRow>>(`${base(slug)}/attendance`, { signal }),
  });
}

export function useHandover(slug: string, id: string) {
  return useQuery({
    queryKey: ['handovers', slug, 'detail', id],
    queryFn: ({ signal }) => api<HandoverDetail>(`${base(slug)}/${id}`, { signal }),
  });
}

export type HandoverInput = {
  topic: string;
  heldAt: string;
  presenterPartyId: string;
  serviceIds?: string[];
  systemIds?: string[];
  articleIds?: string[];
  notes?: string;
  attendees?: Array<{ membershipId: string; attended: boolean }>;
};

function useRefresh(slug: string) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['handovers', slug] });
}

export function useCreateHandover(slug: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: (body: HandoverInput) =>
      api<{ session: HandoverSession }>(base(slug), { method: 'POST', body }),
    onSuccess: refresh,
  });
}

export function useUpdateHandover(slug: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: ({ session, change }: { session: HandoverSession; change: Partial<HandoverInput> }) =>
      api<{ session: HandoverSession }>(`${base(slug)}/${session.id}`, {
        method: 'PATCH',
        body: { version: session.version, ...change },
      }),
    onSuccess: refresh,
  });
}
