import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { AuditEvent as AuditEventContract } from '../../../src/audit/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import { api } from '../ui/api-client';
import type { Page } from '../ui/api-types';
import { filteredCursorPages } from '../ui/cursor-pages';
import { wsPath } from '../workspaces/api';
import { type AuditSearch, toApiQuery } from './audit-search';

/** One audit event as the API sends it (src/audit/contract.ts). */
export type AuditEvent = Wire<AuditEventContract>;

export const auditQueryOptions = (slug: string, search: AuditSearch) =>
  infiniteQueryOptions({
    queryKey: ['audit', slug, search],
    queryFn: ({ pageParam, signal }) =>
      api<Page<AuditEvent>>(`${wsPath(slug)}/audit`, {
        signal,
        query: { ...toApiQuery(search), limit: 50, cursor: pageParam },
      }),
    ...filteredCursorPages,
  });

export function useAuditEvents(slug: string, search: AuditSearch, enabled = true) {
  // Not asked, the list shows nothing rather than the previous filters' rows.
  return useInfiniteQuery({
    ...auditQueryOptions(slug, search),
    enabled,
    ...(!enabled && { placeholderData: undefined }),
  });
}
