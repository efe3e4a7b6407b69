import { Group, Paper, Table, Text, Title } from '@mantine/core';
import { IconBug } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { formatDate } from '../ui/format';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { AnchorLink } from '../ui/router-links';
import { useMeasures, useProblems } from './api';
import { ContinuityTabs } from './continuity-tabs';
import { NewProblemButton } from './new-problem-dialog';
import { ProblemStatusBadge, WorkaroundBadge } from './problem-badges';
import { ProposalsCard } from './proposals-card';

const route = getRouteApi('/_app/w/$ws/problems');

export function ProblemsPage() {
  const { ws: slug } = route.useParams();
  const problems = useProblems(slug);
  const abilities = problems.data?.abilities ?? { manage: false, runDetection: false };
  return (
    <Page
      title="Problems"
      description="The causes behind recurring tickets: root cause, workaround and resolution, owned by a party."
      actions={abilities.manage && <NewProblemButton slug={slug} />}
    >
      <ContinuityTabs slug={slug} current="problems" />
      <ProposalsCard
        slug={slug}
        canManage={Boolean(abilities.manage)}
        canRun={Boolean(abilities.runDetection)}
      />
      <section aria-labelledby="problem-list-title">
        <Title order={2} size="h4" mb="sm" id="problem-list-title">
          Problem records
        </Title>
        {!problems.isSuccess ? (
          <QueryStatus query={problems} label="Loading problems" />
        ) : problems.data.items.length === 0 ? (
          <EmptyState
            icon={<IconBug aria-hidden />}
            title="No problems recorded"
            description="Accept a recurrence proposal above, or record a problem when several tickets share one cause."
          />
        ) : (
          <Paper withBorder radius="md">
            <DataTable
              minWidth={700}
              verticalSpacing="sm"
              highlightOnHover
              head={['Problem', 'Status', 'Service', 'Owner', 'Tickets']}
            >
              {problems.data.items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <AnchorLink to="/w/$ws/problems/$key" params={{ ws: slug, key: p.key }} fw={600}>
                      {p.key} {p.title}
                    </AnchorLink>
                    <Group gap={4} mt={4}>
                      <WorkaroundBadge kind={p.workaroundKind} expiresOn={p.workaroundExpiresOn} />
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <ProblemStatusBadge status={p.status} />
                  </Table.Td>
                  <Table.Td>{p.service?.name ?? '—'}</Table.Td>
                  <Table.Td>{p.ownerParty.name}</Table.Td>
                  <Table.Td>{p.ticketCount ?? 0}</Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          </Paper>
        )}
      </section>
      <MeasuresSection slug={slug} />
    </Page>
  );
}

function MeasuresSection({ slug }: { slug: string }) {
  const measures = useMeasures(slug);
  return (
    <section aria-labelledby="measures-title">
      <Title order={2} size="h4" mb={4} id="measures-title">
        Did fixing it help?
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Similar tickets of the service in the 30 days before and after each problem was resolved.
      </Text>
      {!measures.isSuccess ? (
        <QueryStatus query={measures} rows={2} label="Loading measures" />
      ) : measures.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No problem has been resolved yet.
        </Text>
      ) : (
        <Paper withBorder radius="md">
          <DataTable head={['Problem', 'Service', 'Resolved', 'Before', 'After']}>
            {measures.data.items.map((m) => (
              <Table.Tr key={m.problem.number}>
                <Table.Td>
                  PRB-{m.problem.number} {m.problem.title}
                </Table.Td>
                <Table.Td>{m.service?.name ?? '—'}</Table.Td>
                <Table.Td>{formatDate(m.problem.resolvedAt)}</Table.Td>
                <Table.Td>{m.before}</Table.Td>
                <Table.Td>
                  {m.after}
                  {m.daysObservedAfter < m.windowDays && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      (after {m.daysObservedAfter} days)
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </Paper>
      )}
    </section>
  );
}
