import { Button, Group, SegmentedControl, Stack } from '@mantine/core';
import { IconListDetails } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTickets } from '../tickets/api';
import { StatusBadge } from '../tickets/badges';
import { TicketCard } from '../tickets/ticket-card';
import type { TicketSummary } from '../tickets/types';
import { CardList } from '../ui/card-list';
import { EmptyState } from '../ui/empty-state';
import { ErrorState } from '../ui/error-display';
import { formatDate, formatDateTime, formatRelative } from '../ui/format';
import { LoadMore } from '../ui/load-more';
import { ListSkeleton } from '../ui/loading';
import { Page } from '../ui/page-layout';
import { ButtonLink } from '../ui/router-links';
import { PortalTabs } from './portal-tabs';

const route = getRouteApi('/_app/w/$ws/portal/requests');

/** Everything the person asked IT for, newest activity first. */
export function MyRequestsPage() {
  const { ws: slug } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const query = useMemo(
    () => ({ queue: 'requested' as const, open: search.open ? ('true' as const) : undefined }),
    [search.open],
  );
  const tickets = useTickets(slug, query);
  const items = useMemo(() => tickets.data?.pages.flatMap((page) => page.items) ?? [], [tickets.data]);

  return (
    <Page title="My requests" description="What you asked IT for, and where each request stands.">
      <PortalTabs slug={slug} current="requests" />
      <SegmentedControl
        aria-label="Which requests"
        data={[
          { value: 'all', label: 'All requests' },
          { value: 'open', label: 'Still open' },
        ]}
        value={search.open ? 'open' : 'all'}
        onChange={(value) => void navigate({ search: value === 'open' ? { open: true } : {}, replace: true })}
        w={{ base: '100%', xs: 'auto' }}
        style={{ alignSelf: 'flex-start' }}
      />
      {tickets.isPending && <ListSkeleton rows={4} label="Loading your requests" />}
      {tickets.isError && !tickets.isFetchNextPageError && (
        <ErrorState error={tickets.error} onRetry={() => void tickets.refetch()} />
      )}
      {tickets.isSuccess && items.length === 0 && (
        <EmptyState
          icon={<IconListDetails aria-hidden />}
          title={search.open ? 'No open requests' : 'You have not asked IT for anything yet'}
          description={
            search.open
              ? 'Everything you asked for is resolved. Show all requests to see past ones, or ask for something new.'
              : 'Pick what you need from the catalogue and IT will pick it up. Your requests and their replies show here.'
          }
          action={
            <Group gap="xs" justify="center">
              <ButtonLink to="/w/$ws/portal" params={{ ws: slug }} search={{}}>
                Request help
              </ButtonLink>
              {search.open && (
                <Button variant="light" onClick={() => void navigate({ search: {}, replace: true })}>
                  Show all requests
                </Button>
              )}
            </Group>
          }
        />
      )}
      {items.length > 0 && (
        <Stack gap="sm">
          <RequestList slug={slug} tickets={items} />
          {tickets.isFetchNextPageError && (
            <ErrorState error={tickets.error} onRetry={() => void tickets.fetchNextPage()} />
          )}
          <LoadMore
            query={tickets}
            end={items.length === 1 ? 'That is your only request here.' : `All ${items.length} shown.`}
          />
        </Stack>
      )}
    </Page>
  );
}

function RequestList({ slug, tickets }: { slug: string; tickets: TicketSummary[] }) {
  return (
    <CardList label="My requests">
      {tickets.map((ticket) => (
        <TicketCard
          key={ticket.id}
          ticket={ticket}
          ws={slug}
          to="/w/$ws/portal/requests/$key"
          heading={`${ticket.key} · asked ${formatDate(ticket.createdAt)}`}
          details={
            <>
              {ticket.service.name ?? 'IT'} · last update{' '}
              <span title={formatDateTime(ticket.updatedAt)}>{formatRelative(ticket.updatedAt)}</span>
            </>
          }
          aside={<StatusBadge status={ticket.status} forRequester />}
        />
      ))}
    </CardList>
  );
}
