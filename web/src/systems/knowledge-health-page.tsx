import { Badge, Grid, List, Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { ContinuityTabs } from '../problems/continuity-tabs';
import { DataTable } from '../ui/data-table';
import { pluralise } from '../ui/format';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { AnchorLink } from '../ui/router-links';
import { type KnowledgeHealth, useKnowledgeHealth } from './api';

const route = getRouteApi('/_app/w/$ws/knowledge-health');

export function KnowledgeHealthPage() {
  const { ws: slug } = route.useParams();
  const health = useKnowledgeHealth(slug);
  return (
    <Page
      title="Knowledge health"
      description="Where knowledge sits with one person, and what is not written down."
    >
      <ContinuityTabs slug={slug} current="health" />
      {!health.isSuccess ? (
        <QueryStatus query={health} label="Loading knowledge health" />
      ) : (
        <HealthReport slug={slug} data={health.data} />
      )}
    </Page>
  );
}

/** One kind of gap: its count, then each case, or the all-clear when there is none. */
function GapCard<T>({
  title,
  items,
  itemKey,
  empty,
  children,
}: {
  title: string;
  items: T[];
  itemKey: (item: T) => string;
  empty: string;
  children: (item: T) => ReactNode;
}) {
  const id = `gap-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={id}>
      <Title order={3} size="h5" id={id} mb="xs">
        {title}{' '}
        <Badge color={items.length > 0 ? 'red' : 'teal'} variant="light">
          {items.length}
        </Badge>
      </Title>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <List size="sm">
          {items.map((item) => (
            <List.Item key={itemKey(item)}>{children(item)}</List.Item>
          ))}
        </List>
      )}
    </Paper>
  );
}

function HealthReport({ slug, data }: { slug: string; data: KnowledgeHealth }) {
  const flaggedServices = data.singlePerson.services.filter((s) => s.flagged);
  const flaggedSystems = data.singlePerson.criticalSystems.filter((s) => s.flagged);
  const active = data.singlePerson.services.filter((s) => s.people > 0);
  const { gaps } = data;
  return (
    <>
      <section aria-labelledby="single-person-title">
        <Title order={2} size="h4" id="single-person-title" mb={4}>
          Single-person dependencies
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          People who resolved tickets or wrote or edited articles in the last {data.windowDays} days. One
          person alone is a risk: if they leave, the knowledge leaves with them.
        </Text>
        <Grid>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Paper withBorder radius="md">
              <DataTable head={['Service', 'People', 'Flag']}>
                {active.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={3}>
                      <Text size="sm" c="dimmed">
                        No service had activity in the window.
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
                {active.map((s) => (
                  <Table.Tr key={s.service.id} aria-label={`Service ${s.service.name}`}>
                    <Table.Td>{s.service.name}</Table.Td>
                    <Table.Td>{s.people}</Table.Td>
                    <Table.Td>
                      {s.flagged ? (
                        <Badge color="red" variant="light">
                          Only {s.onlyPerson?.name}
                        </Badge>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </DataTable>
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <GapCard
              title="Single-person services"
              items={flaggedServices}
              itemKey={(s) => s.service.id}
              empty="Every active service has more than one person."
            >
              {(s) => (
                <>
                  {s.service.name}: only {s.onlyPerson?.name}
                </>
              )}
            </GapCard>
            <Paper mt="md" p={0}>
              <GapCard
                title="Single-person critical systems"
                items={flaggedSystems}
                itemKey={(s) => s.system.id}
                empty="No critical system depends on one person's work."
              >
                {(s) => (
                  <>
                    {s.system.name}: only {s.onlyPerson?.name}
                  </>
                )}
              </GapCard>
            </Paper>
          </Grid.Col>
        </Grid>
      </section>
      <section aria-labelledby="gaps-title">
        <Title order={2} size="h4" id="gaps-title" mb="sm">
          Documentation gaps
        </Title>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <GapCard
            title="Critical systems without recovery steps"
            items={gaps.criticalSystemsWithoutRecovery}
            itemKey={(s) => s.id}
            empty="Every critical system has a recovery procedure."
          >
            {(s) => (
              <AnchorLink to="/w/$ws/systems/$id" params={{ ws: slug, id: s.id }} size="sm">
                {s.name}
              </AnchorLink>
            )}
          </GapCard>
          <GapCard
            title="Services with resolved tickets but no articles"
            items={gaps.servicesWithoutArticles}
            itemKey={(s) => s.id}
            empty="Every service with resolved tickets has an article."
          >
            {(s) => (
              <>
                {s.name} ({s.resolved} resolved)
              </>
            )}
          </GapCard>
          <GapCard
            title="Recurring tickets with no article"
            items={gaps.recurringWithoutArticle}
            itemKey={(r) => r.key}
            empty="Every problem and recurring group has an article."
          >
            {(r) => (
              <>
                {r.kind === 'problem' ? (
                  <AnchorLink to="/w/$ws/problems/$key" params={{ ws: slug, key: r.key }} size="sm">
                    {r.key} {r.title}
                  </AnchorLink>
                ) : (
                  `${r.title} (proposal)`
                )}{' '}
                · {pluralise(r.tickets, 'ticket')}
              </>
            )}
          </GapCard>
          <GapCard
            title="Articles past review"
            items={gaps.articlesPastReview}
            itemKey={(a) => a.id}
            empty="No article is past its review date."
          >
            {(a) => (
              <>
                {a.key} {a.title} (due {a.reviewDueOn})
              </>
            )}
          </GapCard>
        </SimpleGrid>
      </section>
    </>
  );
}
