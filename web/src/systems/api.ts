import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ArticleSummary } from '../../../src/knowledge/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import type {
  KnowledgeHealth as KnowledgeHealthView,
  NewSystemBody,
  SystemDetail as SystemDetailView,
  SystemList,
  SystemView,
  TicketAssets,
} from '../../../src/systems/contract.ts';
import { api } from '../ui/api-client';
import type { Items } from '../ui/api-types';
import { wsPath } from '../workspaces/api';

export type SystemRecord = Wire<SystemView> & { dependsOn?: string[] };
export type Criticality = SystemRecord['criticality'];
export type SystemKind = SystemRecord['kind'];
export const CRITICALITIES: Criticality[] = ['critical', 'high', 'medium', 'low'];
export const SYSTEM_KINDS = [
  'application',
  'infrastructure',
  'network',
  'data',
  'saas',
  'endpoint',
  'security',
  'other',
] as const satisfies readonly SystemKind[];
export type SystemDetail = Wire<SystemDetailView>;
export type KnowledgeHealth = Wire<KnowledgeHealthView>;
export type ArticleOption = Pick<Wire<ArticleSummary>, 'id' | 'key' | 'title' | 'type'>;

const base = (slug: string) => `${wsPath(slug)}/systems`;

export function useSystems(slug: string) {
  return useQuery({
    queryKey: ['systems', slug, 'list'],
    queryFn: ({ signal }) => api<Wire<SystemList>>(base(slug), { signal }),
  });
}

export function useSystem(slug: string, id: string) {
  return useQuery({
    queryKey: ['systems', slug, 'detail', id],
    queryFn: ({ signal }) => api<SystemDetail>(`${base(slug)}/${id}`, { signal }),
  });
}

export function useKnowledgeHealth(slug: string) {
  return useQuery({
    queryKey: ['systems', slug, 'health'],
    queryFn: ({ signal }) => api<KnowledgeHealth>(`${wsPath(slug)}/knowledge-health`, { signal }),
  });
}

/** Articles to pick from (the knowledge base's list, filtered by type). */
export function useArticleOptions(slug: string, types?: string) {
  return useQuery({
    queryKey: ['articles', slug, 'options', types ?? 'all'],
    queryFn: ({ signal }) =>
      api<Items<ArticleOption>>(`${wsPath(slug)}/articles`, { signal, query: { type: types, limit: 100 } }),
  });
}

function useRefresh(slug: string) {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['systems', slug] }),
      client.invalidateQueries({ queryKey: ['ticket-assets', slug] }),
    ]);
}

export type SystemInput = NewSystemBody;

export function useCreateSystem(slug: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: (body: SystemInput) => api<{ system: SystemRecord }>(base(slug), { method: 'POST', body }),
    onSuccess: refresh,
  });
}

export function useUpdateSystem(slug: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: ({ system, change }: { system: SystemRecord; change: Partial<SystemInput> }) =>
      api<{ system: SystemRecord }>(`${base(slug)}/${system.id}`, {
        method: 'PATCH',
        body: { version: system.version, ...change },
      }),
    onSuccess: refresh,
  });
}

export function useAddDependency(slug: string, id: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: (dependsOnSystemId: string) =>
      api(`${base(slug)}/${id}/dependencies`, { method: 'POST', body: { dependsOnSystemId } }),
    onSuccess: refresh,
  });
}

export function useRemoveDependency(slug: string, id: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: (dependsOnId: string) =>
      api(`${base(slug)}/${id}/dependencies/${dependsOnId}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
}

export function useTicketAssets(slug: string, key: string) {
  return useQuery({
    queryKey: ['ticket-assets', slug, key],
    queryFn: ({ signal }) =>
      api<Wire<TicketAssets>>(`${wsPath(slug)}/tickets/${encodeURIComponent(key)}/assets`, { signal }),
  });
}

export function useLinkAsset(slug: string, key: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: (systemId: string) =>
      api(`${wsPath(slug)}/tickets/${encodeURIComponent(key)}/assets`, {
        method: 'POST',
        body: { systemId },
      }),
    onSuccess: refresh,
  });
}

export function useUnlinkAsset(slug: string, key: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: (systemId: string) =>
      api(`${wsPath(slug)}/tickets/${encodeURIComponent(key)}/assets/${systemId}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
}
