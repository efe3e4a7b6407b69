import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type {
  ReviewDetail,
  ReviewListResponse,
  ReviewResponse,
  ReviewSettingsResponse,
  ReviewSummary,
} from '../../../src/reviews/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import { api } from '../ui/api-client';
import { wsPath } from '../workspaces/api';

export type ReviewList = Wire<ReviewListResponse>;
export type Review = Wire<ReviewSummary>;
export type ReviewFull = Wire<ReviewDetail>;
export type PackSection = ReviewFull['pack']['sections'][number];
export type PackChart = PackSection['charts'][number];
export type PackFigure = PackSection['figures'][number];
export type SectionId = PackSection['id'];

export const reviewsQueryOptions = (slug: string) =>
  queryOptions({
    queryKey: ['reviews', slug],
    queryFn: ({ signal }) => api<ReviewList>(`${wsPath(slug)}/reviews`, { signal }),
  });

export const reviewQueryOptions = (slug: string, key: string) =>
  queryOptions({
    queryKey: ['reviews', slug, key],
    queryFn: ({ signal }) =>
      api<Wire<ReviewResponse>>(`${wsPath(slug)}/reviews/${encodeURIComponent(key)}`, { signal }),
    // While the period's history is still being built its figures move: follow them (hidden tabs pause).
    refetchInterval: (query) => (query.state.data?.review.pack.stillBuilding ? 10_000 : false),
  });

/** Where the pack downloads from (the browser follows the link; the cookie authenticates it). */
export const packUrl = (slug: string, key: string, format: 'pdf' | 'md' | 'html') =>
  `${wsPath(slug)}/reviews/${encodeURIComponent(key)}/pack.${format}`;

function useRefresh(slug: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['reviews', slug] });
}

export function useCreateReview(slug: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: (input: { periodStart: string; periodEnd: string; idempotencyKey: string }) =>
      api<Wire<ReviewResponse>>(`${wsPath(slug)}/reviews`, {
        method: 'POST',
        body: { periodStart: input.periodStart, periodEnd: input.periodEnd },
        idempotencyKey: input.idempotencyKey,
      }),
    onSuccess: refresh,
  });
}

export function useWriteCommentary(slug: string, key: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: (input: { section: SectionId; body: string }) =>
      api<Wire<ReviewResponse>>(
        `${wsPath(slug)}/reviews/${encodeURIComponent(key)}/commentary/${input.section}`,
        { method: 'PUT', body: { body: input.body } },
      ),
    onSuccess: refresh,
  });
}

export type NewAction = {
  section: SectionId;
  title: string;
  why: string;
  ownerPartyId: string;
  priority: 'high' | 'medium' | 'low';
  idempotencyKey: string;
};

export function useAgreeAction(slug: string, key: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: ({ idempotencyKey, ...body }: NewAction) =>
      api<Wire<ReviewResponse>>(`${wsPath(slug)}/reviews/${encodeURIComponent(key)}/actions`, {
        method: 'POST',
        body,
        idempotencyKey,
      }),
    onSuccess: refresh,
  });
}

export function useHoldReview(slug: string, key: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: (body: { version: number; heldOn: string; attendees: string[] }) =>
      api<Wire<ReviewResponse>>(`${wsPath(slug)}/reviews/${encodeURIComponent(key)}/hold`, {
        method: 'POST',
        body,
      }),
    onSuccess: refresh,
  });
}

export const STATUS_LABELS: Record<Review['status'], string> = { draft: 'Draft', held: 'Held' };

export type ReviewSettings = Wire<ReviewSettingsResponse>;

export const reviewSettingsQueryOptions = (slug: string) =>
  queryOptions({
    queryKey: ['reviews', slug, 'settings'],
    queryFn: ({ signal }) => api<ReviewSettings>(`${wsPath(slug)}/reviews/settings`, { signal }),
  });

export function useSaveReviewSettings(slug: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: (body: { version: number; recipientMembershipIds: string[] }) =>
      api<ReviewSettings>(`${wsPath(slug)}/reviews/settings`, { method: 'PUT', body }),
    onSuccess: refresh,
  });
}
