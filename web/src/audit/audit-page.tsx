import { Stack } from '@mantine/core';
import { IconClipboardList } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { isApiError } from '../ui/api-client';
import { ClearFiltersButton } from '../ui/clear-filters-button';
import { isInvertedRange } from '../ui/date-range-inputs';
import { EmptyState } from '../ui/empty-state';
import { ErrorState } from '../ui/error-display';
import { LoadMore } from '../ui/load-more';
import { ListSkeleton } from '../ui/loading';
import { LockedPage } from '../ui/locked-page';
import { Page } from '../ui/page-layout';
import { can, useWorkspace } from '../workspaces/api';
import { useAuditEvents } from './api';
import { AuditEventRow } from './audit-event-row';
import { AuditFilters } from './audit-filters';
import type { AuditSearch } from './audit-search';

const route = getRouteApi('/_app/w/$ws/audit');

export function AuditPage() {
  const { ws: slug } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const detail = useWorkspace(slug).data;
  const allowed = can(detail?.abilities, 'readAudit');

  if (!allowed) {
    return (
      <LockedPage
        title="Audit log"
        notice="The audit log is for the internal IT lead"
        description="It records every change made in this workspace. Ask your internal lead if you need something from it."
      />
    );
  }
  return (
    <AuditLog
      slug={slug}
      search={search}
      onSearch={(next) => void navigate({ search: next, replace: true })}
    />
  );
}

function AuditLog({
  slug,
  search,
  onSearch,
}: {
  slug: string;
  search: AuditSearch;
  onSearch: (s: AuditSearch) => void;
}) {
  // An inverted date range is shown on its inputs; the API is not asked.
  const inverted = isInvertedRange(search.from, search.to);
  const events = useAuditEvents(slug, search, !inverted);
  const [filtersKey, setFiltersKey] = useState(0);
  const items = useMemo(() => events.data?.pages.flatMap((page) => page.items) ?? [], [events.data]);
  const knownActions = useMemo(() => [...new Set(items.map((e) => e.action))].sort(), [items]);
  const knownEntityTypes = useMemo(() => [...new Set(items.map((e) => e.entityType))].sort(), [items]);
  const actorName = items.find((e) => e.actor?.accountId === search.actorAccountId)?.actor?.name ?? undefined;
  const isFiltered = Object.values(search).some(Boolean);

  // Filters set from a row replace the text inputs' values, so remount them to show the new ones.
  const applyFromRow = (patch: AuditSearch) => {
    setFiltersKey((key) => key + 1);
    onSearch({ ...search, ...patch });
  };
  const clearFilters = () => {
    setFiltersKey((key) => key + 1);
    onSearch({});
  };

  return (
    <Page
      title="Audit log"
      description="Every change anyone made in this workspace, newest first. Entries are chained by hash and never edited."
    >
      <AuditFilters
        key={filtersKey}
        search={search}
        knownActions={knownActions}
        knownEntityTypes={knownEntityTypes}
        actorName={actorName}
        onChange={onSearch}
      />
      {events.isPending && !inverted && <ListSkeleton rows={6} label="Loading audit events" />}
      {events.isError && !events.isFetchNextPageError && (
        <ErrorState
          error={events.error}
          onRetry={isApiError(events.error, 'VALIDATION_FAILED') ? undefined : () => void events.refetch()}
        />
      )}
      {events.isSuccess && items.length === 0 && (
        <EmptyState
          icon={<IconClipboardList aria-hidden />}
          title={isFiltered ? 'No events match these filters' : 'No events yet'}
          description={
            isFiltered
              ? 'Widen the date range or clear a filter.'
              : 'Changes made in this workspace, such as invitations and role changes, will be listed here.'
          }
          action={isFiltered && <ClearFiltersButton onClick={clearFilters} />}
        />
      )}
      {items.length > 0 && (
        <Stack gap="xs" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Audit events">
          {items.map((event) => (
            <AuditEventRow key={event.id} event={event} onFilter={applyFromRow} />
          ))}
        </Stack>
      )}
      {events.isFetchNextPageError && (
        <ErrorState error={events.error} onRetry={() => void events.fetchNextPage()} />
      )}
      {items.length > 0 && (
        <LoadMore
          query={events}
          end={<>That is the beginning of the log{isFiltered ? ' for these filters' : ''}.</>}
        />
      )}
    </Page>
  );
}
