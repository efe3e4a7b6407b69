import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { NewArticleBody, UpdateArticleBody } from '../../../src/knowledge/contract.ts';
import { api, uploadFile } from '../ui/api-client';
import type { Items, Page } from '../ui/api-types';
import { filteredCursorPages } from '../ui/cursor-pages';
import { wsPath } from '../workspaces/api';
import type {
  Article,
  ArticleDiff,
  ArticleFilters,
  ArticleHit,
  ArticleSummary,
  ArticleType,
  ArticleVersionSummary,
  Suggestion,
} from './types';

const base = (slug: string) => `${wsPath(slug)}/articles`;
const articlePath = (slug: string, key: string) => `${base(slug)}/${encodeURIComponent(key)}`;
const filterQuery = (f: ArticleFilters) => ({
  type: f.type?.join(',') || undefined,
  status: f.status?.join(',') || undefined,
  serviceId: f.serviceId,
  ownerPartyId: f.ownerPartyId,
  stale: f.stale === undefined ? undefined : String(f.stale),
});

export function useArticles(slug: string, filters: ArticleFilters) {
  return useInfiniteQuery({
    queryKey: ['articles', slug, 'list', filters],
    queryFn: ({ pageParam, signal }) =>
      api<Page<ArticleSummary>>(base(slug), {
        signal,
        query: { ...filterQuery(filters), limit: 25, cursor: pageParam },
      }),
    ...filteredCursorPages,
  });
}

export function useArticleSearch(slug: string, q: string, filters: ArticleFilters) {
  return useQuery({
    queryKey: ['articles', slug, 'search', q, filters],
    queryFn: ({ signal }) =>
      api<Items<ArticleHit>>(`${base(slug)}/search`, {
        signal,
        query: { q, ...filterQuery(filters), limit: 30 },
      }),
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
  });
}

export function useArticle(slug: string, key: string) {
  return useQuery({
    queryKey: ['articles', slug, 'detail', key.toUpperCase()],
    queryFn: ({ signal }) => api<{ article: Article }>(articlePath(slug, key), { signal }),
  });
}

export function useArticleVersions(slug: string, key: string, enabled: boolean) {
  return useQuery({
    queryKey: ['articles', slug, 'versions', key.toUpperCase()],
    queryFn: ({ signal }) =>
      api<Items<ArticleVersionSummary>>(`${articlePath(slug, key)}/versions`, { signal }),
    enabled,
  });
}

export function useArticleDiff(slug: string, key: string, from: number | null, to: number | null) {
  return useQuery({
    queryKey: ['articles', slug, 'diff', key.toUpperCase(), from, to],
    queryFn: ({ signal }) =>
      api<ArticleDiff>(`${articlePath(slug, key)}/diff`, { signal, query: { from: from!, to: to! } }),
    enabled: from !== null && to !== null && from !== to,
  });
}

export function useSuggestions(slug: string, ticketKey: string) {
  return useQuery({
    queryKey: ['articles', slug, 'suggestions', ticketKey.toUpperCase()],
    queryFn: ({ signal }) =>
      api<Items<Suggestion>>(`${base(slug)}/suggestions`, { signal, query: { ticket: ticketKey, limit: 5 } }),
  });
}

function useRefresh(slug: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['articles', slug] });
}

export type NewArticle = NewArticleBody;

export function useCreateArticle(slug: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: ({ idempotencyKey, ...body }: NewArticle & { idempotencyKey: string }) =>
      api<{ article: Article }>(base(slug), { method: 'POST', body, idempotencyKey }),
    onSuccess: refresh,
  });
}

export function useWriteUp(slug: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: ({
      ticket,
      type,
      idempotencyKey,
    }: {
      ticket: string;
      type: ArticleType;
      idempotencyKey: string;
    }) =>
      api<{ article: Article }>(`${base(slug)}/from-ticket`, {
        method: 'POST',
        body: { ticket, type },
        idempotencyKey,
      }),
    onSuccess: refresh,
  });
}

export type ArticleChange = UpdateArticleBody;

export function useUpdateArticle(slug: string, key: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: (change: ArticleChange) =>
      api<{ article: Article }>(articlePath(slug, key), { method: 'PATCH', body: change }),
    onSuccess: refresh,
  });
}

export function usePreview(slug: string) {
  return useMutation({
    mutationFn: (body: string) =>
      api<{ html: string }>(`${base(slug)}/preview`, { method: 'POST', body: { body } }),
  });
}

export function useLinkArticle(slug: string, key: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: (body: { kind: 'service'; targetId: string } | { kind: 'ticket'; ticket: string }) =>
      api<{ link: { kind: string; targetId: string } }>(`${articlePath(slug, key)}/links`, {
        method: 'POST',
        body,
      }),
    onSuccess: refresh,
  });
}

export function useUnlinkArticle(slug: string, key: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: (link: { kind: string; targetId: string }) =>
      api<void>(`${articlePath(slug, key)}/links/${link.kind}/${link.targetId}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
}

export function useUploadArticleFile(slug: string, key: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: (file: File) =>
      uploadFile<{ attachment: { id: string } }>(`${articlePath(slug, key)}/attachments`, file, {
        filename: file.name,
      }),
    onSuccess: refresh,
  });
}
