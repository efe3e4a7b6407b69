import { Alert, Badge, Breadcrumbs, Group, List, Skeleton, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconCircleX, IconGitPullRequest } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { isApiError } from '../ui/api-client';
import { ErrorState } from '../ui/error-display';
import { formatDateTime, pluralise } from '../ui/format';
import { NoticePage } from '../ui/notice-page';
import { Page } from '../ui/page-layout';
import { AnchorLink, ButtonLink } from '../ui/router-links';
import { TitledSection } from '../ui/titled-section';
import { can, useWorkspace } from '../workspaces/api';
import {
  PRIORITY_LABELS,
  type ProposalDetail,
  useMapVersions,
  useProposal,
  useResponsibilityMap,
} from './api';
import { AssignmentDiff } from './assignment-diff';
import { ProposalActions } from './proposal-actions';
import { ProposalStatusBadge } from './proposal-status';
import { parseNumber } from './responsibility-search';
import { ResponsibilityStaffOnly } from './staff-only';

const route = getRouteApi('/_app/w/$ws/responsibility/proposals/$number');

export function ProposalPage() {
  const { ws: slug, number: raw } = route.useParams();
  const detail = useWorkspace(slug).data;
  const number = parseNumber(raw);
  if (!can(detail?.abilities, 'readResponsibility')) return <ResponsibilityStaffOnly />;
  if (number === null) return <ProposalNotFound slug={slug} />;
  return <Proposal slug={slug} number={number} />;
}

function ProposalNotFound({ slug }: { slug: string }) {
  return (
    <NoticePage
      title="Proposal not found"
      icon={<IconGitPullRequest aria-hidden />}
      notice="There is no such proposal"
      description="The number may be mistyped. The proposals inbox lists every proposal of this workspace."
      action={
        <ButtonLink to="/w/$ws/responsibility/proposals" params={{ ws: slug }} search={{}}>
          Go to the proposals
        </ButtonLink>
      }
    />
  );
}

function Proposal({ slug, number }: { slug: string; number: number }) {
  const proposal = useProposal(slug, number);
  // Names of services and parties come from the current map.
  const map = useResponsibilityMap(slug);

  if (proposal.isError && isApiError(proposal.error, 'NOT_FOUND')) return <ProposalNotFound slug={slug} />;
  const crumbs = (
    <Breadcrumbs>
      <AnchorLink to="/w/$ws/responsibility" params={{ ws: slug }} search={{}} size="sm">
        Responsibility map
      </AnchorLink>
      <AnchorLink to="/w/$ws/responsibility/proposals" params={{ ws: slug }} search={{}} size="sm">
        Proposals
      </AnchorLink>
      <Text size="sm">#{number}</Text>
    </Breadcrumbs>
  );
  if (proposal.isPending) {
    return (
      <Page title={`Proposal #${number}`}>
        {crumbs}
        <Stack aria-busy="true" aria-label="Loading the proposal">
          <Skeleton h={80} radius="md" />
          <Skeleton h={240} radius="md" />
        </Stack>
      </Page>
    );
  }
  if (proposal.isError) {
    return (
      <Page title={`Proposal #${number}`}>
        {crumbs}
        <ErrorState error={proposal.error} onRetry={() => void proposal.refetch()} />
      </Page>
    );
  }

  const { proposal: p, changes, abilities } = proposal.data;
  return (
    <Page
      title={`#${p.number} ${p.title}`}
      description={`Proposed by ${p.proposedBy ?? 'a former member'} on ${formatDateTime(p.createdAt)}`}
      actions={
        <Group gap={6}>
          <ProposalStatusBadge status={p.status} />
          {proposal.data.superseded && (
            <Badge color="orange" variant="light">
              Superseded
            </Badge>
          )}
        </Group>
      }
    >
      {crumbs}
      <Outcome slug={slug} data={proposal.data} />
      <TitledSection title="Rationale">
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} c={p.rationale ? undefined : 'dimmed'}>
          {p.rationale || 'No rationale was given.'}
        </Text>
      </TitledSection>
      <TitledSection title={pluralise(changes.length, 'change')}>
        {map.isError && <ErrorState error={map.error} onRetry={() => void map.refetch()} />}
        {map.isPending ? (
          <Skeleton h={120} aria-label="Loading service names" />
        ) : (
          <AssignmentDiff
            rows={changes}
            services={map.data?.services ?? []}
            parties={map.data?.parties ?? []}
            label={`Changes in proposal #${p.number}`}
          />
        )}
      </TitledSection>
      {proposal.data.superseded && (
        <Alert color="orange" variant="light" title="Superseded by the current map">
          {proposal.data.superseded.reason} It can no longer be approved: reject or withdraw it, and propose
          again from the current map if something is still missing.
        </Alert>
      )}
      {p.priorityChanges.length > 0 && (
        <TitledSection title="Service priorities">
          <List size="sm" aria-label={`Priority changes in proposal #${p.number}`}>
            {p.priorityChanges.map((c) => {
              const service = map.data?.services.find((s) => s.id === c.serviceId);
              const from = service?.businessPriority ?? null;
              const label = (n: number | null) => (n === null ? 'not set' : `${n} ${PRIORITY_LABELS[n]}`);
              return (
                <List.Item key={c.serviceId}>
                  {service?.name ?? 'A service'}: {p.status === 'proposed' ? `${label(from)} → ` : ''}
                  {label(c.businessPriority)}
                </List.Item>
              );
            })}
          </List>
        </TitledSection>
      )}
      <ProposalActions slug={slug} number={p.number} abilities={abilities} />
      {p.status === 'proposed' && !abilities.approve && !proposal.data.superseded && (
        <Text size="sm" c="dimmed">
          The internal IT lead approves or rejects this proposal. Until then the map stays as it is.
        </Text>
      )}
    </Page>
  );
}

function Outcome({ slug, data }: { slug: string; data: ProposalDetail }) {
  const versions = useMapVersions(slug);
  const p = data.proposal;
  if (p.status === 'proposed') return null;
  const version = versions.data?.items.find((v) => v.proposalId === p.id);
  const verb = { approved: 'Approved', rejected: 'Rejected', withdrawn: 'Withdrawn' }[p.status];
  return (
    <Alert
      color={p.status === 'approved' ? 'teal' : p.status === 'rejected' ? 'red' : 'gray'}
      variant="light"
      icon={p.status === 'approved' ? <IconCircleCheck aria-hidden /> : <IconCircleX aria-hidden />}
      title={`${verb} by ${p.decidedBy ?? 'a former member'} on ${formatDateTime(p.decidedAt)}`}
    >
      <Stack gap={6}>
        {p.decisionNote && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {p.decisionNote}
          </Text>
        )}
        {version && (
          <Group gap="md">
            <AnchorLink
              to="/w/$ws/responsibility"
              params={{ ws: slug }}
              search={{ version: version.number }}
              size="sm"
            >
              See version {version.number} of the map
            </AnchorLink>
            {version.number > 1 && (
              <AnchorLink
                to="/w/$ws/responsibility/versions"
                params={{ ws: slug }}
                search={{ from: version.number - 1, to: version.number }}
                size="sm"
              >
                What changed from version {version.number - 1}
              </AnchorLink>
            )}
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
