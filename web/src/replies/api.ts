import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type * as C from '../../../src/replies/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import { api } from '../ui/api-client';
import { type LibraryList, useDeleteLibraryItem, useSaveLibraryItem } from '../ui/library-api';
import { wsPath } from '../workspaces/api';

export type CannedResponse = Wire<C.CannedResponseView>;
/** With the placeholder names the server fills (src/domain/placeholders.ts). */
export type CannedResponseList = LibraryList<CannedResponse> & { placeholders: string[] };
export type FilledReply = C.FilledReply;
export type CannedResponseInput = { title: string; body: string; visibility: CannedResponse['visibility'] };

const base = (slug: string) => `${wsPath(slug)}/canned-responses`;

export function useCannedResponses(slug: string, enabled = true) {
  return useQuery({
    queryKey: ['canned-responses', slug],
    queryFn: ({ signal }) => api<CannedResponseList>(base(slug), { signal }),
    enabled,
    staleTime: 60_000,
  });
}

/** Fills a response for one ticket on the server (placeholders, usage count). */
export function useFillCannedResponse(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ticket }: { id: string; ticket: string }) =>
      api<FilledReply>(`${base(slug)}/${id}/use`, { method: 'POST', body: { ticket } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['canned-responses', slug] }),
  });
}

// Macros name the reply they add: their summaries change with it.
export const useSaveCannedResponse = (slug: string) =>
  useSaveLibraryItem<CannedResponseInput, { cannedResponse: CannedResponse }>(
    ['canned-responses', slug],
    base(slug),
    [['macros', slug]],
  );

export const useDeleteCannedResponse = (slug: string) =>
  useDeleteLibraryItem(['canned-responses', slug], base(slug), [['macros', slug]]);
