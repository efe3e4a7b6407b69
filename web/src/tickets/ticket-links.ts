import { useRouter } from '@tanstack/react-router';
import { type FocusEvent, type MouseEvent, useMemo } from 'react';

/** The ticket page's path, for a plain link. */
export const ticketHref = (slug: string, key: string) =>
  `/w/${encodeURIComponent(slug)}/tickets/${encodeURIComponent(key)}`;

// As TanStack's Link with preload="intent": a pointer resting this long on a link loads its page.
const INTENT_DELAY_MS = 50;

const linkOf = (event: { target: EventTarget | null }) =>
  event.target instanceof Element ? event.target.closest<HTMLAnchorElement>('a[data-ticket-link]') : null;

/**
 * Handlers for an element full of plain ticket links (`<a href={ticketHref(…)} data-ticket-link={key}>`):
 * a plain click opens the ticket in the app, a modified or middle click is left to the browser (new
 * tab), and pointing at or focusing a link preloads its page. One set of handlers instead of one
 * router Link per row: each Link builds its location on every render.
 */
export function useTicketLinks(slug: string) {
  const router = useRouter();
  return useMemo(() => {
    let intent: number | undefined;
    const preload = (key: string) =>
      void router
        .preloadRoute({ to: '/w/$ws/tickets/$key', params: { ws: slug, key } })
        .catch(() => undefined);
    return {
      onClick(event: MouseEvent) {
        const link = linkOf(event);
        if (!link || event.defaultPrevented || event.button !== 0) return;
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        void router.navigate({
          to: '/w/$ws/tickets/$key',
          params: { ws: slug, key: link.dataset.ticketLink ?? '' },
        });
      },
      onMouseOver(event: MouseEvent) {
        const key = linkOf(event)?.dataset.ticketLink;
        window.clearTimeout(intent);
        if (key) intent = window.setTimeout(() => preload(key), INTENT_DELAY_MS);
      },
      onMouseOut() {
        window.clearTimeout(intent);
      },
      onFocus(event: FocusEvent) {
        const key = linkOf(event)?.dataset.ticketLink;
        if (key) preload(key);
      },
    };
  }, [router, slug]);
}
