import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Wire } from '../../../src/server/http.ts';
import type * as C from '../../../src/templates/contract.ts';
import { api } from '../ui/api-client';
import { wsPath } from '../workspaces/api';

export type TicketTemplate = Wire<C.TicketTemplateView>;
export type TemplateList = {
  items: TicketTemplate[];
  abilities: { createForParty: boolean; createForWorkspace: boolean };
};

export function useTicketTemplates(slug: string, enabled = true) {
  return useQuery({
    queryKey: ['ticket-templates', slug],
    queryFn: ({ signal }) => api<TemplateList>(`${wsPath(slug)}/ticket-templates`, { signal }),
    enabled,
    staleTime: 60_000,
  });
}

export type TemplateInput = {
  title: string;
  subject: string;
  description: string;
  serviceId: string | null;
  impact: TicketTemplate['impact'];
  urgency: TicketTemplate['urgency'];
  category: string | null;
};

const base = (slug: string) => `${wsPath(slug)}/ticket-templates`;

/** Create (with a scope), update (with the version read) and delete, within the party-library rules. */
export function useSaveTemplate(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (
      input:
        | { kind: 'create'; body: TemplateInput & { scope: 'workspace' | 'party' } }
        | { kind: 'update'; id: string; body: TemplateInput & { version: number } },
    ) =>
      input.kind === 'create'
        ? api<{ template: TicketTemplate }>(base(slug), { method: 'POST', body: input.body })
        : api<{ template: TicketTemplate }>(`${base(slug)}/${input.id}`, {
            method: 'PATCH',
            body: input.body,
          }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['ticket-templates', slug] }),
  });
}

export function useDeleteTemplate(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`${base(slug)}/${id}`, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['ticket-templates', slug] }),
  });
}
