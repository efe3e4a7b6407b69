import { Group, Paper, Stack, Tabs, Text } from '@mantine/core';
import { IconGitPullRequest } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { EmptyState } from '../ui/empty-state';
import { formatDate, pluralise } from '../ui/format';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { AnchorLink, ButtonLink } from '../ui/router-links';
import { can, useWorkspace } from '../workspaces/api';
import { type ProposalStatus, type ProposalSummary, useProposals } from './api';
import { PROPOSAL_STATUS_LABELS, ProposalStatusBadge } from './proposal-status';
import type { ProposalsSearch } from './responsibility-search';
import { ResponsibilityTabs } from './responsibility-tabs';
import { ResponsibilityStaffOnly } from './staff-only';

const route = getRouteApi('/_app/w/$ws/responsibility/proposals');

type Tab = ProposalStatus | 'all';
const TABS: Tab[] = ['proposed', 'approved', 'rejected', 'withdrawn', 'all'];
const TAB_LABELS: Record<Tab, string> = { ...PROPOSAL_STATUS_LABELS, all: 'All' };

const EMPTY: Record<Tab, string> = {
  proposed:
    'Nothing is waiting for a decision. Anyone on staff can propose a change from the matrix with “Propose changes”.',
  approved: 'No proposal has been approved yet. Approved proposals become new versions of the map.',
  rejected: 'No proposal has been rejected.',
  withdrawn: 'No proposal has been withdrawn.',
  all: 'No proposals yet. Propose a change from the matrix with “Propose changes”.',
};

export function ProposalsPage() {
  const { ws: slug } = route.useParams();
  const detail = useWorkspace(slug).data;
  if (!can(detail?.abilities, 'readResponsibility')) return <ResponsibilityStaffOnly />;
  return <Proposals slug={slug} />;
}

function Proposals({ slug }: { slug: string }) {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const tab: Tab = search.status ?? 'proposed';
  const proposals = useProposals(slug, tab === 'all' ? undefined : tab);
  const items = proposals.data?.items ?? [];
  const setTab = (next: Tab) =>
    void navigate({
      search: (next === 'proposed' ? {} : { status: next }) as ProposalsSearch,
      replace: true,
    });

  return (
    <Page
      title="Responsibility map"
      description="Changes to the map are proposed by staff and approved by the internal IT lead."
      actions={
        <ButtonLink to="/w/$ws/responsibility" params={{ ws: slug }} search={{}} variant="default">
          Open the matrix
        </ButtonLink>
      }
    >
      <ResponsibilityTabs slug={slug} current="proposals" />
      <Tabs value={tab} onChange={(value) => value && setTab(value as Tab)} variant="pills">
        <Tabs.List aria-label="Proposals by status">
          {TABS.map((t) => (
            <Tabs.Tab key={t} value={t}>
              {TAB_LABELS[t]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <QueryStatus query={proposals} rows={4} label="Loading proposals" />
      {proposals.isSuccess && items.length === 0 && (
        <EmptyState
          icon={<IconGitPullRequest aria-hidden />}
          title={
            tab === 'proposed'
              ? 'No proposal awaits a decision'
              : `No ${TAB_LABELS[tab].toLowerCase()} proposals`
          }
          description={EMPTY[tab]}
        />
      )}
      {items.length > 0 && (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Proposals">
          {items.map((proposal) => (
            <ProposalRow key={proposal.id} slug={slug} proposal={proposal} />
          ))}
        </Stack>
      )}
    </Page>
  );
}

function ProposalRow({ slug, proposal }: { slug: string; proposal: ProposalSummary }) {
  return (
    <Paper component="li" withBorder radius="md" p="sm">
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
        <div style={{ minWidth: 0 }}>
          <AnchorLink
            to="/w/$ws/responsibility/proposals/$number"
            params={{ ws: slug, number: String(proposal.number) }}
            fw={600}
          >
            #{proposal.number} {proposal.title}
          </AnchorLink>
          <Text size="xs" c="dimmed" mt={2}>
            {pluralise(proposal.changeCount, 'change')} · proposed by{' '}
            {proposal.proposedBy ?? 'a former member'} on {formatDate(proposal.createdAt)}
            {proposal.decidedAt && ` · decided ${formatDate(proposal.decidedAt)}`}
          </Text>
          {proposal.rationale && (
            <Text size="sm" mt={4} lineClamp={2}>
              {proposal.rationale}
            </Text>
          )}
        </div>
        <ProposalStatusBadge status={proposal.status} />
      </Group>
    </Paper>
  );
}
