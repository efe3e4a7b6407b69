import { Button, Group, Stack, Tabs, Text } from '@mantine/core';
import { useDebouncedCallback, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconInbox, IconPlus, IconSearch, IconStack2 } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useMe } from '../auth/api';
import { useAssignableStaff } from '../members/api';
import { ClearFiltersButton } from '../ui/clear-filters-button';
import { EmptyState } from '../ui/empty-state';
import { ErrorState } from '../ui/error-display';
import { LimitedTextInput } from '../ui/limited-input';
import { LoadMore } from '../ui/load-more';
import { ListSkeleton } from '../ui/loading';
import { Page } from '../ui/page-layout';
import { ButtonLink } from '../ui/router-links';
import { useParties, useWorkspace } from '../workspaces/api';
import { isInternalStaff, isStaff } from '../workspaces/membership';
import { useServices, useTickets } from './api';
import { BulkBar } from './bulk-bar';
import { useBulkUpdate } from './desk-api';
import { ShortcutsDialog, useQueueKeys } from './queue-keys';
import { QueueTable } from './queue-table';
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
  const serverOffsetMs = tickets.data?.pages[0]?.serverOffsetMs ?? 0;
  // The dense table on desk-sized screens; cards on narrow ones.
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const [active, setActive] = useState(0);
  const [help, setHelp] = useState(false);
  const searchInput = useRef<HTMLInputElement>(null);
  const assign = useBulkUpdate(slug);
  const rowsKey = items.map((t) => t.key).join(',');
  // A new list (other queue, filter or sort) starts at its first row.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the queue, filters or sort change
  useEffect(() => setActive(0), [query]);
  // Only a move by keyboard scrolls: on arrival the first row is in view, and asking would force a
  // layout of the whole page before its first paint.
  const movedByKey = useRef(false);
  useEffect(() => {
    if (!rowsKey || !movedByKey.current) return;
    document
      .querySelector(`[data-ticket-key="${items[active]?.key ?? ''}"]`)
      ?.scrollIntoView({ block: 'nearest' });
  }, [active, rowsKey, items]);
  useQueueKeys(
    {
      move: (by) => {
        movedByKey.current = true;
        setActive((i) => Math.max(0, Math.min(items.length - 1, i + by)));
      },
      open: () => {
        const ticket = items[active];
        if (ticket) void navigate({ to: '/w/$ws/tickets/$key', params: { ws: slug, key: ticket.key } });
      },
      assignToMe: () => {
        const ticket = items[active];
        if (!ticket || !membership?.id) return;
        if (ticket.assignee?.membershipId === membership.id) {
          notifications.show({ message: `${ticket.key} is already yours.` });
          return;
        }
        assign.mutate(
          { keys: [ticket.key], assigneeMembershipId: membership.id },
          {
            onSuccess: () => notifications.show({ color: 'teal', message: `${ticket.key} assigned to you.` }),
            onError: (error) =>
              notifications.show({
                color: 'red',
                message: `${ticket.key} was not assigned: ${error.message}`,
              }),
          },
        );
      },
      focusSearch: () => searchInput.current?.focus(),
      showHelp: () => setHelp(true),
    },
    !help,
  );
  const setSearch = (next: TicketsSearch) => void navigate({ search: next, replace: true });
  // Picked for a bulk change; only the tickets still on the page count.
  const [picked, setPicked] = useState<Set<string>>(() => new Set());
  const selected = useMemo(
    () => new Set(items.filter((t) => picked.has(t.key)).map((t) => t.key)),
    [items, picked],
  );
  // Stable across renders, so the memoised queue rows do not all re-render on every change.
  const toggle = useCallback(
    (key: string, on: boolean) =>
      setPicked((prev) => {
        const next = new Set(prev);
        if (on) next.add(key);
        else next.delete(key);
        return next;
      }),
    [],
  );

  // Remounts the search box (and so empties it) when the search is cleared from elsewhere.
  const [searchKey, setSearchKey] = useState(0);
  const clearSearch = () => {
    setSearchKey((k) => k + 1);
    setSearch({ ...search, q: undefined });
  };
  const clearFilters = () => setSearch({ queue: search.queue, sort: search.sort, hide: search.hide });
  const filtered = isFiltered(search);
  const hiddenColumns = useMemo(() => new Set(search.hide ?? []), [search.hide]);
  // Staff who serve several workspaces get a link to one queue across all of them.
  const staffMemberships = useMe().data?.memberships.filter((m) => m.party && m.role !== 'requester') ?? [];
  // One name for both parties, so a guide or a colleague on the other side means the same tab.
  const laneLabel = 'My party’s lane';

  const searchBox = (
    <SearchBox
      key={searchKey}
      inputRef={searchInput}
      initial={search.q ?? ''}
      onSearch={(q) => setSearch({ ...search, q })}
      compact={wide}
    />
  );

  return (
    <Page
      wide
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
      <ShortcutsDialog opened={help} onClose={() => setHelp(false)} />
      {(!wide || search.q) && searchBox}
      {search.q ? (
        <SearchResults slug={slug} q={search.q} onClear={clearSearch} />
      ) : (
        <>
          <Group justify="space-between" align="flex-end" gap="sm" wrap="nowrap">
            <Tabs
              flex={1}
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
            {wide && searchBox}
          </Group>
          <Group justify="space-between" align="flex-start" gap="xs" wrap={wide ? 'nowrap' : 'wrap'}>
            <TicketFilters
              search={{ ...search, queue }}
              services={services.data ?? []}
              staff={staff.data ?? []}
              myMembershipId={membership?.id}
              onChange={setSearch}
              onClear={clearFilters}
            />
            <SavedViews slug={slug} search={search} onApply={(next) => void navigate({ search: next })} />
          </Group>
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
                  <ClearFiltersButton onClick={clearFilters} />
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
              {wide ? (
                <QueueTable
                  slug={slug}
                  tickets={items}
                  serverOffsetMs={serverOffsetMs}
                  activeIndex={active}
                  selected={selected}
                  onToggle={toggle}
                  partyName={(id) => parties.data?.items.find((p) => p.id === id)?.name}
                  hidden={hiddenColumns}
                />
              ) : (
                <TicketList
                  slug={slug}
                  tickets={items}
                  parties={parties.data?.items ?? []}
                  selected={selected}
                  onToggle={toggle}
                />
              )}
              <Text size="xs" c="dimmed" visibleFrom="md">
                Keys: j / k move, Enter opens, a assigns to me, / searches, ? lists them.
              </Text>
              {tickets.isFetchNextPageError && (
                <ErrorState error={tickets.error} onRetry={() => void tickets.fetchNextPage()} />
              )}
              <LoadMore
                query={tickets}
                end={items.length === 1 ? 'That is the only ticket here.' : `All ${items.length} shown.`}
              />
            </Stack>
          )}
        </>
      )}
    </Page>
  );
}

function SearchBox({
  initial,
  onSearch,
  inputRef,
  compact,
}: {
  /** On the desk-sized layout the box sits beside the queue tabs, small and with a hidden label. */
  compact: boolean;
  initial: string;
  onSearch: (q: string | undefined) => void;
  inputRef: React.Ref<HTMLInputElement>;
}) {
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
        <LimitedTextInput
          ref={inputRef}
          label="Search tickets"
          size={compact ? 'xs' : undefined}
          labelProps={compact ? { className: 'visually-hidden' } : undefined}
          placeholder="Words from the subject, description or comments"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={q}
          limit={200}
          onChange={(event) => {
            setQ(event.currentTarget.value);
            push(event.currentTarget.value);
          }}
          w={compact ? 320 : { base: '100%', sm: 420 }}
        />
      </form>
    </search>
  );
}
