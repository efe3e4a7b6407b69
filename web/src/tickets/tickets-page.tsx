import { Button, Center, Group, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconInbox, IconPlus, IconSearch, IconStack2 } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useMe } from '../auth/api';
import { EmptyState } from '../ui/empty-state';
import { ErrorState } from '../ui/error-display';
import { ListSkeleton } from '../ui/loading';
import { Page } from '../ui/page-layout';
import { ButtonLink } from '../ui/router-links';
import { useParties, useWorkspace } from '../workspaces/api';
import { isInternalStaff, isStaff, useAssignableStaff, useServices, useTickets } from './api';
import { BulkBar } from './bulk-bar';
import { SavedViews } from './saved-views';
import { SearchResults } from './search-results';
import { DeskStaffOnly } from './staff-only';
import { TicketFilters } from './ticket-filters';
import { TicketList } from './ticket-list';
import { isFiltered, type StaffQueue, type TicketsSearch, toListQuery } from './tickets-search';

const route = getRouteApi('/_app/w/$ws/tickets');

export function TicketsPage() {
  const { ws: slug } = route.useParams();
  const membership = useWorkspace(slug).data?.membership;
  if (!isStaff(membership)) return <DeskStaffOnly slug={slug} />;
  return <Desk slug={slug} />;
}

const EMPTY: Record<StaffQueue, { title: string; description: string }> = {
  mine: {
    title: 'Nothing is assigned to you',
    description: 'Pick up a ticket from your party’s lane or from joint triage, and assign it to yourself.',
  },
  lane: {
    title: 'Your party’s lane is clear',
    description:
      'New tickets land here when the responsibility map makes your party Responsible for their service.',
  },
  joint: {
    title: 'Nothing waits in joint triage',
    description:
      'Tickets come here when no single party is Responsible for a service; either party can take them on.',
  },
  all: {
    title: 'No tickets yet',
    description: 'Tickets raised by requesters or staff show here. Raise one with “New ticket”.',
  },
};

function Desk({ slug }: { slug: string }) {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const membership = useWorkspace(slug).data?.membership;
  const internal = isInternalStaff(membership);
  const queue: StaffQueue = search.queue === 'all' && !internal ? 'mine' : (search.queue ?? 'mine');
  const query = useMemo(() => toListQuery({ ...search, queue }), [search, queue]);
  const tickets = useTickets(slug, query);
  const parties = useParties(slug);
  const services = useServices(slug);
  const staff = useAssignableStaff(slug);
  const items = useMemo(() => tickets.data?.pages.flatMap((page) => page.items) ?? [], [tickets.data]);
  const setSearch = (next: TicketsSearch) => void navigate({ search: next, replace: true });
  // Picked for a bulk change; only the tickets still on the page count.
  const [picked, setPicked] = useState<Set<string>>(() => new Set());
  const selected = useMemo(
    () => new Set(items.filter((t) => picked.has(t.key)).map((t) => t.key)),
    [items, picked],
  );
  const toggle = (key: string, on: boolean) =>
    setPicked((prev) => {
      const next = new Set(prev);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  // Remounts the search box (and so empties it) when the search is cleared from elsewhere.
  const [searchKey, setSearchKey] = useState(0);
  const clearSearch = () => {
    setSearchKey((k) => k + 1);
    setSearch({ ...search, q: undefined });
  };
  const clearFilters = () => setSearch({ queue: search.queue, sort: search.sort });
  const filtered = isFiltered(search);
  // Staff who serve several workspaces get a link to one queue across all of them.
  const staffMemberships = useMe().data?.memberships.filter((m) => m.party && m.role !== 'requester') ?? [];
  // One name for both parties, so a guide or a colleague on the other side means the same tab.
  const laneLabel = 'My party’s lane';

  return (
    <Page
      title="Service desk"
      description="Tickets for your party, joint triage, and the work assigned to you."
      actions={
        <Group gap="xs">
          {staffMemberships.length > 1 && (
            <ButtonLink to="/queue" variant="default" leftSection={<IconStack2 size={16} aria-hidden />}>
              All my workspaces
            </ButtonLink>
          )}
          <ButtonLink
            to="/w/$ws/tickets/new"
            params={{ ws: slug }}
            leftSection={<IconPlus size={16} aria-hidden />}
          >
            New ticket
          </ButtonLink>
        </Group>
      }
    >
      <SearchBox key={searchKey} initial={search.q ?? ''} onSearch={(q) => setSearch({ ...search, q })} />
      {search.q ? (
        <SearchResults slug={slug} q={search.q} onClear={clearSearch} />
      ) : (
        <>
          <Tabs
            value={queue}
            onChange={(value) =>
              setSearch({
                ...search,
                queue: value === 'mine' ? undefined : (value as StaffQueue),
                // My work is assigned to me by definition: an assignee filter has no place there.
                assignee: value === 'mine' ? undefined : search.assignee,
              })
            }
          >
            <Tabs.List aria-label="Queues">
              <Tabs.Tab value="mine">My work</Tabs.Tab>
              <Tabs.Tab value="lane">{laneLabel}</Tabs.Tab>
              <Tabs.Tab value="joint">Joint triage</Tabs.Tab>
              {internal && <Tabs.Tab value="all">Everything</Tabs.Tab>}
            </Tabs.List>
          </Tabs>
          <TicketFilters
            search={{ ...search, queue }}
            services={services.data ?? []}
            staff={staff.data ?? []}
            myMembershipId={membership?.id}
            onChange={setSearch}
            onClear={clearFilters}
          />
          <SavedViews slug={slug} search={search} onApply={(next) => void navigate({ search: next })} />
          {tickets.isPending && <ListSkeleton rows={5} label="Loading tickets" />}
          {tickets.isError && !tickets.isFetchNextPageError && (
            <ErrorState error={tickets.error} onRetry={() => void tickets.refetch()} />
          )}
          {tickets.isSuccess && items.length === 0 && (
            <EmptyState
              icon={<IconInbox aria-hidden />}
              title={filtered ? 'No ticket matches these filters' : EMPTY[queue].title}
              description={
                filtered
                  ? 'Clear a filter, or turn off “Open only” to include resolved and closed tickets.'
                  : EMPTY[queue].description
              }
              action={
                filtered ? (
                  <Button variant="light" onClick={clearFilters}>
                    Clear filters
                  </Button>
                ) : queue === 'mine' ? (
                  <Button variant="light" onClick={() => setSearch({ ...search, queue: 'lane' })}>
                    Open {laneLabel.toLowerCase()}
                  </Button>
                ) : undefined
              }
            />
          )}
          {items.length > 0 && (
            <Stack gap="sm">
              <BulkBar
                slug={slug}
                tickets={items}
                selected={selected}
                onSelect={setPicked}
                myMembershipId={membership?.id}
              />
              <TicketList
                slug={slug}
                tickets={items}
                parties={parties.data?.items ?? []}
                selected={selected}
                onToggle={toggle}
              />
              {tickets.isFetchNextPageError && (
                <ErrorState error={tickets.error} onRetry={() => void tickets.fetchNextPage()} />
              )}
              <Center>
                {tickets.hasNextPage ? (
                  <Button
                    variant="default"
                    onClick={() => void tickets.fetchNextPage()}
                    loading={tickets.isFetchingNextPage}
                  >
                    Load more
                  </Button>
                ) : (
                  <Text size="xs" c="dimmed">
                    {items.length === 1 ? 'That is the only ticket here.' : `All ${items.length} shown.`}
                  </Text>
                )}
              </Center>
            </Stack>
          )}
        </>
      )}
    </Page>
  );
}

function SearchBox({ initial, onSearch }: { initial: string; onSearch: (q: string | undefined) => void }) {
  const [q, setQ] = useState(initial);
  const push = useDebouncedCallback((value: string) => onSearch(value.trim() || undefined), 350);
  return (
    <search aria-label="Search tickets">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onSearch(q.trim() || undefined);
        }}
      >
        <TextInput
          label="Search tickets"
          placeholder="Words from the subject, description or comments"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={q}
          maxLength={200}
          onChange={(event) => {
            setQ(event.currentTarget.value);
            push(event.currentTarget.value);
          }}
          w={{ base: '100%', sm: 420 }}
        />
      </form>
    </search>
  );
}
