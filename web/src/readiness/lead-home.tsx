import { Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { lazy, type ReactNode, Suspense } from 'react';
import { ErrorState } from '../ui/error-display';
import { formatDate, formatDateTime, formatRelative } from '../ui/format';
import { ListSkeleton } from '../ui/loading';
import { AnchorLink } from '../ui/router-links';
import { type LeadHome, STATUS_COLOR, STATUS_LABEL, useLeadHome } from './api';
import { AppPathLink } from './app-path-link';

// The sparklines bring recharts: their own chunk, so the home page itself stays small.
const MeasureSparklinesCard = lazy(() =>
  import('./measure-sparklines').then((m) => ({ default: m.MeasureSparklinesCard })),
);

/** The internal and provider leads' home: the checklist, SLA at risk, risks and obligations due. */
export function LeadHomeSections({ slug }: { slug: string }) {
  const home = useLeadHome(slug);
  if (home.isPending) return <ListSkeleton rows={4} label="Loading your overview" />;
  if (home.isError) return <ErrorState error={home.error} onRetry={() => void home.refetch()} />;
  const data = home.data;
  return (
    <Stack gap="lg">
      <ChecklistCard slug={slug} readiness={data.readiness} />
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
        <SlaAtRiskCard data={data.slaAtRisk} />
        <RisksCard data={data.risks} />
        <ObligationsCard data={data.obligations} />
      </SimpleGrid>
      <Suspense fallback={<ListSkeleton rows={2} label="Loading the measures" />}>
        <MeasureSparklinesCard slug={slug} />
      </Suspense>
    </Stack>
  );
}

function HomeCard(props: { id: string; title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={props.id}>
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Title order={2} size="h4" id={props.id}>
          {props.title}
        </Title>
        {props.action}
      </Group>
      {props.children}
    </Card>
  );
}

function ChecklistCard({ slug, readiness }: { slug: string; readiness: LeadHome['readiness'] }) {
  const { summary, checks } = readiness;
  return (
    <HomeCard
      id="home-readiness"
      title="Readiness checklist"
      action={
        <AnchorLink to="/w/$ws/readiness" params={{ ws: slug }} size="sm">
          Open the checklist
        </AnchorLink>
      }
    >
      <Text size="sm" c="dimmed" mb="sm">
        {summary.met} of {checks.length} checks met, {summary.partly} partly, {summary.notMet} not met.
      </Text>
      <Table verticalSpacing={6} aria-label="Readiness checks">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Check</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th visibleFrom="sm">Next action</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {checks.map((c) => (
            <Table.Tr key={c.key}>
              <Table.Td>
                <Text size="sm">{c.title}</Text>
              </Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={STATUS_COLOR[c.status]}>
                  {STATUS_LABEL[c.status]}
                </Badge>
              </Table.Td>
              <Table.Td visibleFrom="sm">
                <Text size="sm" c="dimmed">
                  {c.nextAction ?? '—'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </HomeCard>
  );
}

const Empty = ({ children }: { children: ReactNode }) => (
  <Text size="sm" c="dimmed">
    {children}
  </Text>
);

function SlaAtRiskCard({ data }: { data: LeadHome['slaAtRisk'] }) {
  return (
    <HomeCard
      id="home-sla"
      title={`SLA at risk${data.total ? ` (${data.total}${data.capped ? '+' : ''})` : ''}`}
    >
      {data.items.length === 0 ? (
        <Empty>No ticket you can see is within an hour of its SLA target or past it.</Empty>
      ) : (
        <Stack gap={6}>
          {data.items.map((t) => (
            <div key={t.key}>
              <AppPathLink to={t.link} size="sm">
                {t.key} {t.subject}
              </AppPathLink>
              <Text size="xs" c={t.breached ? 'red.7' : 'orange.7'}>
                {t.priority} · {t.breached ? 'breached' : 'due'} {formatRelative(t.dueAt)}
              </Text>
            </div>
          ))}
          {data.total > data.items.length && (
            <Text size="xs" c="dimmed">
              and {data.capped ? 'many' : data.total - data.items.length} more in the queue (sorted by SLA
              due).
            </Text>
          )}
        </Stack>
      )}
    </HomeCard>
  );
}

const RISK_REASON = {
  acceptance_expiring: 'acceptance ends',
  acceptance_expired: 'acceptance lapsed',
  review_due: 'review due',
} as const;

function RisksCard({ data }: { data: LeadHome['risks'] }) {
  return (
    <HomeCard id="home-risks" title={`Risks and acceptances${data.total ? ` (${data.total})` : ''}`}>
      {data.items.length === 0 ? (
        <Empty>No acceptance ends in the next 30 days and no risk review is due this week.</Empty>
      ) : (
        <Stack gap={6}>
          {data.items.map((r) => (
            <div key={r.key}>
              <AppPathLink to={r.link} size="sm">
                {r.key} {r.title}
              </AppPathLink>
              <Text size="xs" c={r.reason === 'acceptance_expired' ? 'red.7' : 'dimmed'}>
                {RISK_REASON[r.reason]} {r.reason === 'review_due' ? formatDate(r.on) : formatDateTime(r.on)}
              </Text>
            </div>
          ))}
        </Stack>
      )}
    </HomeCard>
  );
}

function ObligationsCard({ data }: { data: LeadHome['obligations'] }) {
  return (
    <HomeCard id="home-obligations" title="Obligations due and overdue">
      <Text size="sm" c="dimmed" mb="xs">
        {data.overdue} overdue, {data.dueSoon} due this week.
      </Text>
      {data.items.length === 0 ? (
        <Empty>No evidence is overdue or due in the next seven days.</Empty>
      ) : (
        <Stack gap={6}>
          {data.items.map((o) => (
            <div key={o.link}>
              <AppPathLink to={o.link} size="sm">
                {o.key} {o.title}
              </AppPathLink>
              <Text size="xs" c={o.overdue ? 'red.7' : 'dimmed'}>
                {o.overdue ? 'overdue since' : 'due'} {formatDateTime(o.dueAt)}
              </Text>
            </div>
          ))}
        </Stack>
      )}
    </HomeCard>
  );
}
