import { Button, Stack } from '@mantine/core';
import { IconUserPlus, IconUsers } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { ClearFiltersButton } from '../ui/clear-filters-button';
import { EmptyState } from '../ui/empty-state';
import { ErrorState } from '../ui/error-display';
import { LoadMore } from '../ui/load-more';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { can, useParties, useWorkspace } from '../workspaces/api';
import { useMembers } from './api';
import { InvitationsList } from './invitations-list';
import { InviteDialog } from './invite-dialog';
import { MemberFilters } from './member-filters';
import { MembersList } from './members-list';
import type { MembersSearch } from './members-search';
import { PeopleTabs } from './people-tabs';
import { StaffOnly } from './staff-only';

const route = getRouteApi('/_app/w/$ws/members');

export function MembersPage() {
  const { ws: slug } = route.useParams();
  const detail = useWorkspace(slug).data;
  if (!can(detail?.abilities, 'readMembers')) return <StaffOnly />;
  return <MembersContent />;
}

function MembersContent() {
  const { ws: slug } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const detail = useWorkspace(slug).data;
  const parties = useParties(slug);
  const { invite, ...filters } = search;
  const members = useMembers(slug, filters);
  const mayInvite = can(detail?.abilities, 'inviteMembers');

  // Remounts the filters (and so empties the search box) when "Clear filters" is used.
  const [filtersKey, setFiltersKey] = useState(0);
  const setSearch = (next: MembersSearch) => void navigate({ search: next, replace: true });
  const clearFilters = () => {
    setFiltersKey((key) => key + 1);
    setSearch({});
  };
  const openInvite = () => void navigate({ search: { ...filters, invite: true } });
  const closeInvite = () => void navigate({ search: filters, replace: true });
  const isFiltered = Boolean(filters.q || filters.partyId || filters.role || filters.status);
  const items = members.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Page
      title="Members & parties"
      description="Everyone with access to this workspace, and the side they work for."
      actions={
        mayInvite && (
          <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={openInvite}>
            Invite someone
          </Button>
        )
      }
    >
      <PeopleTabs slug={slug} current="members" />
      <MemberFilters
        key={filtersKey}
        filters={filters}
        parties={parties.data?.items ?? []}
        onChange={setSearch}
      />
      <QueryStatus query={members} rows={5} label="Loading members" />
      {members.isSuccess && items.length === 0 && (
        <EmptyState
          icon={<IconUsers aria-hidden />}
          title={isFiltered ? 'No member matches these filters' : 'No members yet'}
          description={
            isFiltered
              ? 'Clear a filter or search for part of a name or email.'
              : mayInvite
                ? 'Invite the first people with “Invite someone”.'
                : 'The leads of this workspace invite its members.'
          }
          action={isFiltered ? <ClearFiltersButton onClick={clearFilters} /> : undefined}
        />
      )}
      {items.length > 0 && (
        <Stack gap="sm">
          <MembersList slug={slug} members={items} />
          <LoadMore
            query={members}
            end={items.length === 1 ? 'That is everyone.' : `All ${items.length} shown.`}
          />
          {members.isFetchNextPageError && (
            <ErrorState error={members.error} onRetry={() => void members.fetchNextPage()} />
          )}
        </Stack>
      )}
      {mayInvite && detail && (
        <InvitationsList slug={slug} membership={detail.membership} parties={parties.data?.items ?? []} />
      )}
      {mayInvite && detail && parties.isSuccess && (
        <InviteDialog
          opened={Boolean(invite)}
          slug={slug}
          parties={parties.data.items}
          membership={detail.membership}
          onClose={closeInvite}
        />
      )}
    </Page>
  );
}
