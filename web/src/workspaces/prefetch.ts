import type { QueryClient } from '@tanstack/react-query';
import type { Me } from '../ui/api-types';

/**
 * Route loaders start a page's data as soon as the session is known, beside the page's code, instead
 * of each query waiting for the workspace and then the page to render (one round trip and one render
 * each). They never wait for the data (the page shows its own loading state) and they ignore failures:
 * the page's own query reports them.
 */
export interface PrefetchContext {
  queryClient: QueryClient;
  me: Me;
}

/** Whether the signed-in person works the desk in this workspace (staff of a party, not a requester). */
export function staffMembership(me: Me, slug: string) {
  const membership = me.memberships.find((m) => m.workspace.slug === slug);
  return membership?.party && membership.role !== 'requester' ? membership : undefined;
}
