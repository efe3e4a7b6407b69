import { Sparkline } from '@mantine/charts';
import { Card, Group, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../ui/api-client';
import { formatDate } from '../ui/format';
import { QueryStatus } from '../ui/query-status';
import { wsPath } from '../workspaces/api';
import type { HeadlineMeasures, HeadlineSeries } from './api';

/** The headline measures of the last six months for the leads' sparklines (one request). */
function useHeadlineMeasures(slug: string) {
  return useQuery({
    queryKey: ['measures', slug, 'headline'],
    queryFn: ({ signal }) => api<HeadlineMeasures>(`${wsPath(slug)}/measures/headline`, { signal }),
    staleTime: 5 * 60_000,
    refetchInterval: 60_000,
  });
}

const SUFFIX = { count: '', percent: '%', hours: ' h' } as const;

/**
 * "Open work: 12 on 4 Sep, 7 on 1 Dec; falling, better." The sentence a screen reader hears, with the
 * highest figure between when it stands above both ends.
 */
export function describeTrend(s: HeadlineSeries): string {
  const first = s.points[0];
  const last = s.points.at(-1);
  if (!first || !last) return `${s.label}: no daily figures yet.`;
  const fmt = (v: number) => `${v}${SUFFIX[s.unit]}`;
  if (first === last) return `${s.label}: ${fmt(last.value)} on ${formatDate(last.day)}, one day so far.`;
  const delta = last.value - first.value;
  const trend =
    delta === 0
      ? 'unchanged'
      : `${delta > 0 ? 'rising' : 'falling'}, ${delta < 0 === s.goodWhenLower ? 'better' : 'worse'}`;
  // A rise and fall between the ends (a fault that recurred, then was fixed) is said too.
  const top = s.points.reduce((a, b) => (b.value > a.value ? b : a));
  const peak =
    top.value > Math.max(first.value, last.value)
      ? ` Highest ${fmt(top.value)} on ${formatDate(top.day)}, down to ${fmt(last.value)} since.`
      : '';
  return `${s.label}: ${fmt(first.value)} on ${formatDate(first.day)}, ${fmt(last.value)} on ${formatDate(last.day)}; ${trend}.${peak}`;
}

/** The figures behind a sparkline for screen readers: the first day of each month shown, and the last day. */
export function sparklineRows(s: HeadlineSeries): HeadlineSeries['points'] {
  const rows = s.points.filter((p, i) => i === 0 || p.day.slice(0, 7) !== s.points[i - 1]!.day.slice(0, 7));
  const last = s.points.at(-1);
  if (last && rows.at(-1) !== last) rows.push(last);
  return rows;
}

function SparklineTable({ s }: { s: HeadlineSeries }) {
  return (
    <VisuallyHidden>
      <Table>
        <Table.Caption>{`${s.label}, last six months`}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Day</Table.Th>
            <Table.Th>{s.label}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sparklineRows(s).map((p) => (
            <Table.Tr key={p.day}>
              <Table.Td>{formatDate(p.day)}</Table.Td>
              <Table.Td>{`${p.value}${SUFFIX[s.unit]}`}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </VisuallyHidden>
  );
}

function SparklineFigure({ s }: { s: HeadlineSeries }) {
  const last = s.points.at(-1);
  const description = describeTrend(s);
  return (
    <Stack gap={2} component="figure" m={0} data-measure={s.measure}>
      <Group justify="space-between" gap="xs" wrap="nowrap" component="figcaption">
        <Text size="sm" fw={500}>
          {s.label}
        </Text>
        <Text size="sm" fw={700} aria-hidden>
          {last ? `${last.value}${SUFFIX[s.unit]}` : '—'}
        </Text>
      </Group>
      {s.points.length > 1 && <SparklineTable s={s} />}
      {s.points.length > 1 ? (
        <Sparkline
          role="img"
          aria-label={description}
          h={44}
          data={s.points.map((p) => p.value)}
          curveType="monotone"
          fillOpacity={0.3}
          strokeWidth={1.5}
          trendColors={
            s.goodWhenLower
              ? { positive: 'red.6', negative: 'teal.6', neutral: 'gray.5' }
              : { positive: 'teal.6', negative: 'red.6', neutral: 'gray.5' }
          }
        />
      ) : (
        <Text size="xs" c="dimmed" role="img" aria-label={description}>
          {s.points.length === 1 ? 'One day so far.' : 'No daily figures yet.'}
        </Text>
      )}
    </Stack>
  );
}

/** The headline measures of the last six months as sparklines (the daily snapshots). Loaded lazily: recharts. */
export function MeasureSparklinesCard({ slug }: { slug: string }) {
  const measures = useHeadlineMeasures(slug);
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="home-measures">
      <Title order={2} size="h4" id="home-measures" mb={4}>
        Measures, last six months
      </Title>
      <QueryStatus query={measures} rows={2} label="Loading the measures" />
      {measures.isSuccess && (
        <>
          <Text size="sm" c="dimmed" mb="sm">
            {measures.data.firstSnapshot
              ? 'Daily figures from the measure snapshots; the service review shows them by period.'
              : 'No daily snapshot yet: the first one is taken within the hour and backfills the history.'}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
            {measures.data.series.map((s) => (
              <SparklineFigure key={s.measure} s={s} />
            ))}
          </SimpleGrid>
        </>
      )}
    </Card>
  );
}
