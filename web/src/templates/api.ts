import { useQuery } from '@tanstack/react-query';
import type { Wire } from '../../../src/server/http.ts';
import type * as C from '../../../src/templates/contract.ts';
import { api } from '../ui/api-client';
import { type LibraryList, useDeleteLibraryItem, useSaveLibraryItem } from '../ui/library-api';
import { wsPath } from '../workspaces/api';

export type TicketTemplate = Wire<C.TicketTemplateView>;
export type TemplateList = LibraryList<TicketTemplate>;

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

export const useSaveTemplate = (slug: string) =>
  useSaveLibraryItem<TemplateInput, { template: TicketTemplate }>(['ticket-templates', slug], base(slug));

export const useDeleteTemplate = (slug: string) =>
  useDeleteLibraryItem(['ticket-templates', slug], base(slug));
