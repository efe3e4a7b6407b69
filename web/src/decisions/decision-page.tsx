import { Alert, Anchor, Breadcrumbs, Grid, List, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck, IconCircleX, IconExternalLink, IconGavel, IconScale } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { isApiError } from '../ui/api-client';
import { ErrorState } from '../ui/error-display';
import { formatDateTime } from '../ui/format';
import { NoticePage } from '../ui/notice-page';
import { Page } from '../ui/page-layout';
import { AnchorLink, ButtonLink } from '../ui/router-links';
import { TitledSection } from '../ui/titled-section';
import { can, useWorkspace } from '../workspaces/api';
import { type Decision, type DecisionDetail, isWebUrl, useDecision } from './api';
import { DecisionActions } from './decision-actions';
import { DecisionDiscussion } from './decision-discussion';
import { DecisionStatusBadge } from './decision-status';
import { DecisionsStaffOnly } from './staff-only';

const route = getRouteApi('/_app/w/$ws/decisions/$number');

const parseNumber = (raw: string) => (/^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : null);

export function DecisionPage() {
  const { ws: slug, number: raw } = route.useParams();
  const detail = useWorkspace(slug).data;
  const number = parseNumber(raw);
  if (!can(detail?.abilities, 'readDecisions')) return <DecisionsStaffOnly />;
  if (number === null) return <DecisionNotFound slug={slug} />;
  return <DecisionView slug={slug} number={number} />;
}

function DecisionNotFound({ slug }: { slug: string }) {
  return (
    <NoticePage
      title="Decision not found"
      icon={<IconGavel aria-hidden />}
      notice="There is no such decision"
      description="The number may be mistyped. The decision log lists every request of this workspace."
      action={
        <ButtonLink to="/w/$ws/decisions" params={{ ws: slug }} search={{}}>
          Go to the decision log
        </ButtonLink>
      }
    />
  );
}

function DecisionView({ slug, number }: { slug: string; number: number }) {
  const query = useDecision(slug, number);
  const crumbs = (
    <Breadcrumbs>
      <AnchorLink to="/w/$ws/decisions" params={{ ws: slug }} search={{}} size="sm">
        Decisions
      </AnchorLink>
      <Text size="sm">DEC-{number}</Text>
    </Breadcrumbs>
  );
  if (query.isError && isApiError(query.error, 'NOT_FOUND')) return <DecisionNotFound slug={slug} />;
  if (query.isPending || query.isError) {
    return (
      <Page title={`DEC-${number}`}>
        {crumbs}
        {query.isPending ? (
          <Stack aria-busy="true" aria-label="Loading the decision">
            <Skeleton h={90} radius="md" />
            <Skeleton h={240} radius="md" />
          </Stack>
        ) : (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        )}
      </Page>
    );
  }

  const { decision, decisionType, comments, abilities } = query.data;
  return (
    <Page
      title={decision.title}
      description={`${decision.key} · ${decision.type.name} · asked by ${decision.proposedBy ?? 'a former member'} on ${formatDateTime(decision.createdAt)}`}
      actions={<DecisionStatusBadge status={decision.status} />}
    >
      {crumbs}
      <Outcome decision={decision} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }} order={{ base: 2, md: 1 }}>
          <Stack gap="lg">
            <TitledSection title="Context">
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} c={decision.context ? undefined : 'dimmed'}>
                {decision.context || 'No context was given.'}
              </Text>
            </TitledSection>
            {decision.options.length > 0 && (
              <TitledSection title="Options">
                <List type="ordered" spacing="xs" size="sm">
                  {decision.options.map((option, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a decided request's options never change
                    <List.Item key={index}>
                      <Text size="sm" fw={600}>
                        {option.label}
                      </Text>
                      {option.description && <Text size="sm">{option.description}</Text>}
                    </List.Item>
                  ))}
                </List>
              </TitledSection>
            )}
            {decision.recommendation && (
              <TitledSection title="Recommendation">
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {decision.recommendation}
                </Text>
              </TitledSection>
            )}
            {decision.links.length > 0 && <Links links={decision.links} />}
            <DecisionDiscussion
              slug={slug}
              number={number}
              comments={comments}
              mayComment={abilities.comment === true}
              open={decision.status === 'proposed'}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }} order={{ base: 1, md: 2 }}>
          <Stack gap="lg">
            <WhoDecides data={query.data} />
            <DecisionActions
              slug={slug}
              decision={decision}
              abilities={abilities}
              deciderDescription={decisionType.deciderDescription}
            />
          </Stack>
        </Grid.Col>
      </Grid>
    </Page>
  );
}

function Links({ links }: { links: Decision['links'] }) {
  return (
    <TitledSection title="Links">
      <List spacing={4} size="sm">
        {links.map((link) => (
          <List.Item key={`${link.label}|${link.url}`}>
            {isWebUrl(link.url) ? (
              <Anchor href={link.url} target="_blank" rel="noopener noreferrer" size="sm">
                {link.label} <IconExternalLink size={12} aria-hidden />
                <span className="visually-hidden"> (opens in a new tab)</span>
              </Anchor>
            ) : (
              <Text size="sm" span>
                {link.label}{' '}
                <Text span c="dimmed" size="xs">
                  (not a web address, so not linked)
                </Text>
              </Text>
            )}
          </List.Item>
        ))}
      </List>
    </TitledSection>
  );
}

function WhoDecides({ data }: { data: DecisionDetail }) {
  const { decisionType: type, decision, abilities } = data;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="who-decides">
      <Title order={2} size="h4" id="who-decides" mb="xs">
        <IconScale size={18} aria-hidden style={{ verticalAlign: '-3px', marginRight: 6 }} />
        Who decides
      </Title>
      <Text size="sm" fw={600}>
        {type.deciderDescription.charAt(0).toUpperCase() + type.deciderDescription.slice(1)}
      </Text>
      <Text size="sm" mt={4}>
        {type.name}: {type.description}
      </Text>
      {type.whyInternalDecides && (
        <Text size="xs" c="dimmed" mt="xs">
          Why: {type.whyInternalDecides}
        </Text>
      )}
      {decision.status === 'proposed' && (
        <Text size="sm" mt="sm" fw={500} c={abilities.decide ? 'teal.8' : undefined}>
          {abilities.decide
            ? 'You hold this right.'
            : `You do not hold this right; ${type.deciderDescription} decides.`}
        </Text>
      )}
    </Paper>
  );
}

function Outcome({ decision }: { decision: Decision }) {
  if (decision.status === 'proposed') return null;
  const verb = { approved: 'Approved', rejected: 'Rejected', withdrawn: 'Withdrawn' }[decision.status];
  return (
    <Alert
      color={decision.status === 'approved' ? 'teal' : decision.status === 'rejected' ? 'red' : 'gray'}
      variant="light"
      icon={decision.status === 'approved' ? <IconCircleCheck aria-hidden /> : <IconCircleX aria-hidden />}
      title={`${verb} by ${decision.decidedBy ?? 'a former member'} on ${formatDateTime(decision.decidedAt)}`}
    >
      <Text size="sm" fw={600}>
        Rationale
      </Text>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {decision.rationale || 'No rationale was recorded.'}
      </Text>
      <Text size="xs" c="dimmed" mt="xs">
        This decision is final and kept in the log; it can no longer change.
      </Text>
    </Alert>
  );
}
