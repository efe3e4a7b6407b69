import { redirect } from '@tanstack/react-router';
import type { Me } from '../ui/api-types';

export interface PortalSearch {
  /** Words typed in the catalogue's search box. */
  q?: string;
}

export interface MyRequestsSearch {
  /** Only requests still being worked on; all of them by default, so resolved ones can be rated. */
  open?: true;
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

export function validatePortalSearch(search: Record<string, unknown>): PortalSearch {
  const q = text(search.q);
  return q ? { q: q.slice(0, 100) } : {};
}

export function validateMyRequestsSearch(search: Record<string, unknown>): MyRequestsSearch {
  return search.open === true || search.open === 'true' ? { open: true } : {};
}

/** A requester's home in a workspace is the portal: the workspace page has nothing else for them. */
export function redirectRequesterHome({ context, params }: { context: { me: Me }; params: { ws: string } }) {
  const membership = context.me.memberships.find((m) => m.workspace.slug === params.ws);
  if (membership?.role === 'requester') {
    throw redirect({ to: '/w/$ws/portal', params: { ws: params.ws }, search: {}, replace: true });
  }
}
