import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type * as C from '../../../src/macros/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import { api } from '../ui/api-client';
import { type LibraryList, useDeleteLibraryItem, useSaveLibraryItem } from '../ui/library-api';
import { wsPath } from '../workspaces/api';

export type Macro = Wire<C.MacroView>;
export type MacroList = LibraryList<Macro>;
export type MacroApplied = C.MacroApplied;

const base = (slug: string) => `${wsPath(slug)}/macros`;

export function useMacros(slug: string, enabled = true) {
  return useQuery({
    queryKey: ['macros', slug],
    queryFn: ({ signal }) => api<MacroList>(base(slug), { signal }),
    enabled,
    staleTime: 60_000,
  });
}

/** Applies one macro to a ticket; the ticket (and the queue) reload afterwards. */
export function useApplyMacro(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ticket, version }: { id: string; ticket: string; version: number }) =>
      api<MacroApplied>(`${base(slug)}/${id}/apply`, { method: 'POST', body: { ticket, version } }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['tickets', slug] });
      void queryClient.invalidateQueries({ queryKey: ['macros', slug] });
      void queryClient.invalidateQueries({ queryKey: ['canned-responses', slug] });
    },
  });
}

export type MacroInput = {
  title: string;
  status: Macro['status'];
  assign: Macro['assign'];
  handoff: Macro['handoff'];
  handoffPartyId: string | null;
  handoffReason: string | null;
  cannedResponseId: string | null;
};

export const useSaveMacro = (slug: string) =>
  useSaveLibraryItem<MacroInput, { macro: Macro }>(['macros', slug], base(slug));

export const useDeleteMacro = (slug: string) => useDeleteLibraryItem(['macros', slug], base(slug));
