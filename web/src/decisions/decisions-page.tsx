import { Button, Stack, Tabs } from '@mantine/core';
import { IconDownload, IconGavel, IconPlus } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useMemo } from 'react';
import { ClearFiltersButton } from '../ui/clear-filters-button';
import { EmptyState } from '../ui/empty-state';
import { ErrorState } from '../ui/error-display';
import { LoadMore } from '../ui/load-more';
import { ListSkeleton } from '../ui/loading';
import { Page } from '../ui/page-layout';
import { can, useWorkspace } from '../workspaces/api';
import { exportCsvUrl, useDecisions, useDecisionTypes } from './api';
import { DecisionFilters } from './decision-filters';
import { DecisionList } from './decision-list';
import { type DecisionsSearch, toFilters } from './decisions-search';
import { DecisionsTabs } from './decisions-tabs';
import { NewDecisionDialog, proposableTypes } from './new-decision-dialog';
import { DecisionsStaffOnly } from './staff-only';

const route = getRouteApi('/_app/w/$ws/decisions');

export function DecisionsPage() {
  const { ws: slug } = route.useParams();
  const detail = useWorkspace(slug).data;
  if (!can(detail?.abilities, 'readDecisions')) return <DecisionsStaffOnly />;
  return <DecisionLog slug={slug} />;
}

function DecisionLog({ slug }: { slug: string }) {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const membership = useWorkspace(slug).data?.membership;
  const types = useDecisionTypes(slug);
  const { new: creating, ...rest } = search;
  const filters = toFilters(rest);
  const decisions = useDecisions(slug, filters);
  const items = useMemo(() => decisions.data?.pages.flatMap((page) => page.items) ?? [], [decisions.data]);
  const mayPropose = proposableTypes(types.data?.items ?? [], membership).length > 0;
  const setSearch = (next: DecisionsSearch) => void navigate({ search: next, replace: true });
  const isFiltered = Boolean(rest.status || rest.typeKey || rest.q);
  const clearFilters = () => setSearch(rest.awaitingMe ? { awaitingMe: true } : {});

  return (
    <Page
      title="Decisions"
      description="Every decision request and its outcome, newest first. Decided requests never change."
      actions={
        <>
          <Button
            component="a"
            href={exportCsvUrl(slug)}
            download
            variant="default"
            leftSection={<IconDownload size={16} aria-hidden />}
          >
            Export CSV
          </Button>
          {mayPropose && (
            <Button
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => void navigate({ search: { ...rest, new: true } })}
            >
              New decision request
            </Button>
          )}
        </>
      }
    >
      <DecisionsTabs slug={slug} current="log" />
      <Tabs
        value={rest.awaitingMe ? 'awaiting' : 'all'}
        onChange={(value) =>
          setSearch({ ...rest, awaitingMe: value === 'awaiting' ? true : undefined, status: undefined })
        }
        variant="pills"
      >
        <Tabs.List aria-label="Which decisions">
          <Tabs.Tab value="all">All decisions</Tabs.Tab>
          <Tabs.Tab value="awaiting">Awaiting me</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      <DecisionFilters search={rest} types={types.data?.items ?? []} onChange={setSearch} />
      {decisions.isPending && <ListSkeleton rows={5} label="Loading decisions" />}
      {decisions.isError && !decisions.isFetchNextPageError && (
        <ErrorState error={decisions.error} onRetry={() => void decisions.refetch()} />
      )}
      {decisions.isSuccess && items.length === 0 && (
        <EmptyState
          icon={<IconGavel aria-hidden />}
          title={
            isFiltered
              ? 'No decision matches these filters'
              : rest.awaitingMe
                ? 'Nothing awaits your decision'
                : 'No decisions yet'
          }
          description={
            isFiltered
              ? 'Clear a filter, or search for other words from the title, context or rationale.'
              : rest.awaitingMe
                ? 'Requests whose decision right you hold show here while they are open.'
                : mayPropose
                  ? 'Ask for a decision with “New decision request”: the holder of the right decides, and the log keeps it.'
                  : 'Decision requests from both parties, and their outcomes, will be listed here.'
          }
          action={isFiltered && <ClearFiltersButton onClick={clearFilters} />}
        />
      )}
      {items.length > 0 && (
        <Stack gap="sm">
          <DecisionList slug={slug} decisions={items} />
          {decisions.isFetchNextPageError && (
            <ErrorState error={decisions.error} onRetry={() => void decisions.fetchNextPage()} />
          )}
          <LoadMore
            query={decisions}
            end={<>That is the whole log{isFiltered || rest.awaitingMe ? ' for this view' : ''}.</>}
          />
        </Stack>
      )}
      {mayPropose && types.isSuccess && membership && (
        <NewDecisionDialog
          opened={Boolean(creating)}
          slug={slug}
          types={types.data.items}
          membership={membership}
          onClose={() => void navigate({ search: rest, replace: true })}
        />
      )}
    </Page>
  );
}
