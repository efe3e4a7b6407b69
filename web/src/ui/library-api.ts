import { type QueryClient, type UseMutationResult, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './api-client';

/**
 * A party's library (macros, ticket templates, canned responses): items of the reader's party and
 * of the whole workspace, kept by leads within the rights the server sends (src/domain/party-library.ts).
 */
export type LibraryScope = 'workspace' | 'party';
export interface LibraryItem {
  id: string;
  title: string;
  scope: LibraryScope;
  abilities: { update: boolean; delete: boolean };
}
export interface LibraryList<T> {
  items: T[];
  abilities: { createForParty: boolean; createForWorkspace: boolean };
}
/** Which scopes the reader may add an item to. */
export type LibraryScopes = { party: boolean; workspace: boolean };

export type LibrarySaveInput<Input> =
  | { kind: 'create'; body: Input & { scope: LibraryScope } }
  | { kind: 'update'; id: string; body: Input & { version: number } };
export type LibrarySave<Input> = UseMutationResult<unknown, Error, LibrarySaveInput<Input>>;

type Keys = readonly (readonly unknown[])[];
const reload = (queryClient: QueryClient, keys: Keys) =>
  Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));

/**
 * Create (with a scope), update (with the version read) and delete for a party's library (macros,
 * ticket templates, canned responses); each settles by reloading the list under `queryKey` and
 * `alsoStale`, other lists that show the item (a macro names its canned reply).
 */
export function useSaveLibraryItem<Input, Answer>(
  queryKey: readonly unknown[],
  base: string,
  alsoStale: Keys = [],
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LibrarySaveInput<Input>) =>
      input.kind === 'create'
        ? api<Answer>(base, { method: 'POST', body: input.body })
        : api<Answer>(`${base}/${input.id}`, { method: 'PATCH', body: input.body }),
    onSettled: () => reload(queryClient, [queryKey, ...alsoStale]),
  });
}

export function useDeleteLibraryItem(queryKey: readonly unknown[], base: string, alsoStale: Keys = []) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`${base}/${id}`, { method: 'DELETE' }),
    onSettled: () => reload(queryClient, [queryKey, ...alsoStale]),
  });
}
