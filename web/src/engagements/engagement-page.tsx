import { Badge, Button, Group, Paper, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload, IconHeartHandshake, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { ErrorState } from '../ui/error-display';
import { formatDate, formatDateTime } from '../ui/format';
import { ListSkeleton, PagePending } from '../ui/loading';
import { Page } from '../ui/page-layout';
import {
  annexUrl,
  CADENCE_LABELS,
  type Engagement,
  engagementQueryOptions,
  engagementsQueryOptions,
  PURPOSE_LABELS,
} from './api';
import { AddClause, ClauseCard } from './clause-card';
import { NewEngagementDialog } from './new-engagement-dialog';
import { ProposalsCard } from './proposals-card';

const route = getRouteApi('/_app/w/$ws/engagement');

/** The engagement with each provider: purpose, owner, the clauses and where Tandem enforces them. */
export function EngagementPage() {
  const { ws: slug } = route.useParams();
  const list = useQuery(engagementsQueryOptions(slug));
  const [chosen, setChosen] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  if (!list.isSuccess) return <PagePending query={list} title="Engagement" label="Loading the engagement" />;
  const { engagements, abilities } = list.data;
  const record = abilities.create && (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
      Record an engagement
    </Button>
  );
  const dialog = (
    <NewEngagementDialog
      slug={slug}
      opened={creating}
      taken={engagements.map((e) => e.provider.partyId)}
      onClose={() => setCreating(false)}
    />
  );
  if (engagements.length === 0)
    return (
      <Page title="Engagement">
        <EmptyState
          icon={<IconHeartHandshake size={28} aria-hidden />}
          title="No engagement on record yet"
          description="The internal IT lead records the engagement with each provider: why the business works with them, who owns the relationship, the review cadence and the contract terms, each linked to where Tandem enforces it."
          action={record || undefined}
        />
        {dialog}
      </Page>
    );
  const id = chosen ?? engagements[0]!.id;
  return (
    <Page
      title="Engagement"
      description="Why the business works with each provider, who owns the relationship, and the contract terms with where Tandem enforces them."
      actions={record}
    >
      {dialog}
      {engagements.length > 1 && (
        <SegmentedControl
          aria-label="Provider"
          value={id}
          onChange={setChosen}
          data={engagements.map((e) => ({ value: e.id, label: e.provider.name }))}
        />
      )}
      <EngagementDetail slug={slug} id={id} />
    </Page>
  );
}

function EngagementDetail({ slug, id }: { slug: string; id: string }) {
  const found = useQuery(engagementQueryOptions(slug, id));
  if (found.isPending) return <ListSkeleton label="Loading the engagement" />;
  if (found.isError) return <ErrorState error={found.error} onRetry={() => void found.refetch()} />;
  const engagement = found.data.engagement;
  return (
    <Stack gap="md">
      <Facts slug={slug} engagement={engagement} />
      <ProposalsCard slug={slug} engagement={engagement} />
      <section aria-labelledby="clauses-heading">
        <Title order={2} size="h4" id="clauses-heading" mb="xs">
          Contract terms
        </Title>
        {engagement.terms.missingClauses.length > 0 && (
          <Group gap="xs" mb="xs" aria-label="Clauses not yet on record">
            <Text size="sm" c="orange.8">
              Not yet on record:
            </Text>
            {engagement.terms.missingClauses.map((kind) => (
              <AddClause key={kind} slug={slug} engagement={engagement} kind={kind} />
            ))}
          </Group>
        )}
        <Stack gap="sm">
          {engagement.terms.clauses.map((clause) => (
            <ClauseCard key={clause.kind} slug={slug} engagement={engagement} clause={clause} />
          ))}
        </Stack>
      </section>
      <Versions engagement={engagement} />
    </Stack>
  );
}

function Facts({ slug, engagement }: { slug: string; engagement: Engagement }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={2} size="h3">
            {engagement.provider.name}
          </Title>
          <Group gap={6} aria-label="Purpose">
            {engagement.purposes.map((p) => (
              <Badge key={p} variant="light">
                {PURPOSE_LABELS[p]}
              </Badge>
            ))}
          </Group>
          <Text>{engagement.intent}</Text>
          <Text size="sm" c="dimmed">
            Relationship owner: <strong>{engagement.owner.name ?? 'a named person'}</strong> · Since{' '}
            {formatDate(engagement.startsOn)} · Service review: {CADENCE_LABELS[engagement.reviewCadence]} ·
            Terms version {engagement.currentVersion}
          </Text>
        </Stack>
        <Group gap="xs" aria-label="Export the contract annex">
          {(['md', 'html', 'csv'] as const).map((format) => (
            <Button
              key={format}
              component="a"
              href={annexUrl(slug, engagement.id, format)}
              download
              variant="default"
              size="xs"
              leftSection={<IconDownload size={14} aria-hidden />}
            >
              Annex ({format === 'md' ? 'Markdown' : format.toUpperCase()})
            </Button>
          ))}
        </Group>
      </Group>
    </Paper>
  );
}

function Versions({ engagement }: { engagement: Engagement }) {
  return (
    <section aria-labelledby="versions-heading">
      <Title order={2} size="h4" id="versions-heading" mb="xs">
        Versions
      </Title>
      <DataTable striped withTableBorder scope="col" head={['Version', 'What changed', 'By', 'When']}>
        {engagement.versions.map((v) => (
          <Table.Tr key={v.number}>
            <Table.Td>v{v.number}</Table.Td>
            <Table.Td>
              {v.summary}
              {v.fromProposal && (
                <Badge ml={6} size="xs" variant="light" color="grape">
                  approved proposal
                </Badge>
              )}
            </Table.Td>
            <Table.Td>{v.createdBy?.name ?? '—'}</Table.Td>
            <Table.Td>{formatDateTime(v.createdAt)}</Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </section>
  );
}
