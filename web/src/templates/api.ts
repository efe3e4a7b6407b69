import { useQuery } from '@tanstack/react-query';
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
