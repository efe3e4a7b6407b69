import { Breadcrumbs, Skeleton, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { isApiError } from '../ui/api-client';
import { ErrorState } from '../ui/error-display';
import { Page } from '../ui/page-layout';
import { AnchorLink } from '../ui/router-links';
import { useTicket } from './api';
import { TicketNotFound } from './ticket-not-found';

/**
 * A ticket page's load, shared by the staff ticket page and the requester's view of a request (`staff`
 * picks the way back and the placeholders): the query, the crumbs, and what to show until the ticket is
 * there (`if (!query.isSuccess) return pending;`).
 */
export function useTicketPage(slug: string, ticketKey: string, staff: boolean) {
  const query = useTicket(slug, ticketKey);
  const crumbs = (
    <TicketCrumbs slug={slug} ticketKey={query.data?.ticket.key ?? ticketKey.toUpperCase()} staff={staff} />
  );
  const pending = query.isSuccess ? null : (
    <TicketPending query={query} slug={slug} ticketKey={ticketKey} staff={staff} crumbs={crumbs} />
  );
  return { query, crumbs, pending };
}

/** The way back from a ticket (to the service desk, or to a requester's requests), then its key. */
function TicketCrumbs({ slug, ticketKey, staff }: { slug: string; ticketKey: string; staff: boolean }) {
  return (
    <Breadcrumbs>
      {staff ? (
        <AnchorLink to="/w/$ws/tickets" params={{ ws: slug }} search={{}} size="sm">
          Service desk
        </AnchorLink>
      ) : (
        <AnchorLink to="/w/$ws/portal/requests" params={{ ws: slug }} search={{}} size="sm">
          My requests
        </AnchorLink>
      )}
      <Text size="sm">{ticketKey}</Text>
    </Breadcrumbs>
  );
}

/** A ticket page until its ticket is there: not found, placeholder blocks while it loads, or the error with a retry. */
function TicketPending({
  query,
  slug,
  ticketKey,
  staff,
  crumbs,
}: {
  query: { isPending: boolean; error: unknown; refetch: () => unknown };
  slug: string;
  ticketKey: string;
  staff: boolean;
  crumbs: ReactNode;
}) {
  if (isApiError(query.error, 'NOT_FOUND')) return <TicketNotFound slug={slug} staff={staff} />;
  return (
    <Page title={ticketKey.toUpperCase()}>
      {crumbs}
      {query.isPending ? (
        <Stack aria-busy="true" aria-label={staff ? 'Loading the ticket' : 'Loading your request'}>
          <Skeleton h={staff ? 90 : 80} radius="md" />
          <Skeleton h={staff ? 260 : 220} radius="md" />
        </Stack>
      ) : (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      )}
    </Page>
  );
}
