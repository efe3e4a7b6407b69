import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Attendance,
  HandoverDetail as HandoverDetailView,
  HandoverList,
  HandoverSessionView,
  NewHandoverBody,
} from '../../../src/handovers/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import { api } from '../ui/api-client';
import { wsPath } from '../workspaces/api';

export type HandoverSession = Wire<HandoverSessionView> & { invited?: number; attended?: number };
export type HandoverDetail = Wire<HandoverDetailView>;
export type Attendee = HandoverDetail['attendees'][number];
export type AttendanceRow = Wire<Attendance>['items'][number];

const base = (slug: string) => `${wsPath(slug)}/handovers`;

export function useHandovers(slug: string) {
  return useQuery({
    queryKey: ['handovers', slug, 'list'],
    queryFn: ({ signal }) => api<Wire<HandoverList>>(base(slug), { signal }),
  });
}

export function useAttendance(slug: string) {
  return useQuery({
    queryKey: ['handovers', slug, 'attendance'],
    queryFn: ({ signal }) => api<Wire<Attendance>>(`${base(slug)}/attendance`, { signal }),
  });
}

export function useHandover(slug: string, id: string) {
  return useQuery({
    queryKey: ['handovers', slug, 'detail', id],
    queryFn: ({ signal }) => api<HandoverDetail>(`${base(slug)}/${id}`, { signal }),
  });
}

export type HandoverInput = NewHandoverBody;

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
