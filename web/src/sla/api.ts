import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Wire } from '../../../src/server/http.ts';
import type {
  CalendarList,
  CalendarView,
  CoverRuleBody as CoverRuleContractBody,
  CoverRuleView,
  EscalationRuleBody as EscalationRuleContractBody,
  EscalationRuleView,
  NewCalendarBody,
  NewPolicyBody,
  PolicyView,
  Rota as RotaView,
  ShiftBody as ShiftContractBody,
  ShiftView,
  TicketSla as TicketSlaView,
} from '../../../src/sla/contract.ts';
import { api } from '../ui/api-client';
import type { Items } from '../ui/api-types';
import { wsPath } from '../workspaces/api';

// SLA calendars, policies, escalation, cover, rota and a ticket's clocks (docs/api.md, "SLAs").

export const WEEKDAYS = [
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
] as const satisfies readonly Weekday[];
export type SlaCalendar = Wire<CalendarView>;
export type WeeklyHours = SlaCalendar['weeklyHours'];
export type Weekday = keyof WeeklyHours;
export type SlaAbilities = Wire<CalendarList>['abilities'];
export type SlaPolicy = Wire<PolicyView>;
export type Priority = SlaPolicy['priority'];
export type EscalationRule = Wire<EscalationRuleView>;
export type CoverRule = Wire<CoverRuleView>;
export type Shift = Wire<ShiftView>;
export type Rota = Wire<RotaView>;
export type TicketSla = Wire<TicketSlaView>;
export type SlaClock = TicketSla['clocks'][number];

const slaPath = (slug: string) => `${wsPath(slug)}/sla`;

export const ticketSlaQueryOptions = (slug: string, key: string) =>
  queryOptions({
    queryKey: ['tickets', slug, 'sla', key.toUpperCase()],
    queryFn: ({ signal }) =>
      api<TicketSla>(`${wsPath(slug)}/tickets/${encodeURIComponent(key)}/sla`, { signal }),
    // Time left moves on its own.
    refetchInterval: 60_000,
  });

export function useTicketSla(slug: string, key: string) {
  return useQuery(ticketSlaQueryOptions(slug, key));
}

export function useCalendars(slug: string) {
  return useQuery({
    queryKey: ['sla', slug, 'calendars'],
    queryFn: ({ signal }) => api<Wire<CalendarList>>(`${slaPath(slug)}/calendars`, { signal }),
  });
}
export function usePolicies(slug: string) {
  return useQuery({
    queryKey: ['sla', slug, 'policies'],
    queryFn: ({ signal }) => api<Items<SlaPolicy>>(`${slaPath(slug)}/policies`, { signal }),
  });
}
export function useEscalationRules(slug: string) {
  return useQuery({
    queryKey: ['sla', slug, 'escalation-rules'],
    queryFn: ({ signal }) => api<Items<EscalationRule>>(`${slaPath(slug)}/escalation-rules`, { signal }),
  });
}
export function useCoverRules(slug: string) {
  return useQuery({
    queryKey: ['sla', slug, 'cover-rules'],
    queryFn: ({ signal }) => api<Items<CoverRule>>(`${slaPath(slug)}/cover-rules`, { signal }),
  });
}
export function useRota(slug: string, partyId: string | null, from: string, to: string) {
  return useQuery({
    queryKey: ['sla', slug, 'rota', partyId, from, to],
    enabled: partyId !== null,
    queryFn: ({ signal }) =>
      api<Rota>(
        `${slaPath(slug)}/rota?partyId=${encodeURIComponent(partyId ?? '')}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
        { signal },
      ),
  });
}

function useSlaMutation<T>(slug: string, fn: (body: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['sla', slug] }),
  });
}

export type CalendarBody = NewCalendarBody;
export const useCreateCalendar = (slug: string) =>
  useSlaMutation(slug, (body: CalendarBody) =>
    api<SlaCalendar>(`${slaPath(slug)}/calendars`, { method: 'POST', body }),
  );
export type PolicyBody = NewPolicyBody;
export const useCreatePolicy = (slug: string) =>
  useSlaMutation(slug, (body: PolicyBody) =>
    api<SlaPolicy>(`${slaPath(slug)}/policies`, { method: 'POST', body }),
  );
export const useDeletePolicy = (slug: string) =>
  useSlaMutation(slug, (id: string) =>
    api<void>(`${slaPath(slug)}/policies/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  );
export type ShiftBody = ShiftContractBody;
export const useCreateShift = (slug: string) =>
  useSlaMutation(slug, (body: ShiftBody) =>
    api<Shift>(`${slaPath(slug)}/rota/shifts`, { method: 'POST', body }),
  );

export type EscalationRuleBody = EscalationRuleContractBody;
export const useCreateEscalationRule = (slug: string) =>
  useSlaMutation(slug, (body: EscalationRuleBody) =>
    api<EscalationRule>(`${slaPath(slug)}/escalation-rules`, { method: 'POST', body }),
  );
export type CoverRuleBody = CoverRuleContractBody;
export const useCreateCoverRule = (slug: string) =>
  useSlaMutation(slug, (body: CoverRuleBody) =>
    api<CoverRule>(`${slaPath(slug)}/cover-rules`, { method: 'POST', body }),
  );
