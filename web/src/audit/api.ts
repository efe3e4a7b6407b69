import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../ui/api-client';
import type { Page } from '../ui/api-types';
import { wsPath } from '../workspaces/api';
import { type AuditSearch, toApiQuery } from './audit-search';

export interface AuditEvent {
  id: string;
  /** Position in the workspace's chain, when the server sends it. */
  seq?: number;
  at: string;
  action: string;
  entityType: string;
  entityId: string | null;
  actor: { accountId: string; name: string; email: string } | null;
  membershipId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  hash: string;
  prevHash: string | null;
}

export const auditQueryOptions = (slug: string, search: AuditSearch) =>
  infiniteQueryOptions({
    queryKey: ['audit', slug, search],
    queryFn: ({ pageParam, signal }) =>
      api<Page<AuditEvent>>(`${wsPath(slug)}/audit`, {
        signal,
        query: { ...toApiQuery(search), limit: 50, cursor: pageParam },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Keep showing the last list while a changed filter loads, instead of flashing placeholders.
    placeholderData: keepPreviousData,
  });

export function useAuditEvents(slug: string, search: AuditSearch) {
  return useInfiniteQuery(auditQueryOptions(slug, search));
}
