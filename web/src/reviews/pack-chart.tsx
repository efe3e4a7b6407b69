import { BarChart, LineChart } from '@mantine/charts';
import { Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import type { PackChart } from './api';

const COLORS = ['blue.6', 'orange.6', 'green.7', 'grape.6', 'yellow.7', 'cyan.7', 'pink.6', 'lime.7'];
const unitSuffix = { count: '', percent: '%', hours: ' h' } as const;

/**
 * A pack chart drawn with @mantine/charts; the same figures follow as a table that only screen
 * readers meet (the drawing itself is hidden from them).
 */
export function PackChartView({ chart }: { chart: PackChart }) {
  const data = chart.points.map((p) => ({ x: p.x, ...p.values }));
  const series = chart.series.map((s, i) => ({
    name: s.key,
    label: s.label,
    color: COLORS[i % COLORS.length]!,
  }));
  const format = (v: number) => `${v}${unitSuffix[chart.unit]}`;
  const hasData = chart.points.some((p) => Object.values(p.values).some((v) => v !== null));
  return (
    <Stack gap={4} component="figure" m={0} data-chart={chart.id}>
      <Text fw={600} size="sm" component="figcaption">
        {chart.title}
      </Text>
      {!hasData && (
        <Text size="sm" c="dimmed">
          No figures for these periods yet.
        </Text>
      )}
      {hasData && (
        <div aria-hidden>
          {chart.kind === 'line' ? (
            <LineChart
              h={200}
              data={data}
              dataKey="x"
              series={series}
              valueFormatter={format}
              connectNulls={false}
              withLegend
            />
          ) : (
            <BarChart h={200} data={data} dataKey="x" series={series} valueFormatter={format} />
          )}
        </div>
      )}
      <VisuallyHidden>
        <Table>
          <Table.Caption>{chart.title}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{chart.kind === 'line' ? 'Period' : 'Category'}</Table.Th>
              {chart.series.map((s) => (
                <Table.Th key={s.key}>{s.label}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {chart.points.map((p) => (
              <Table.Tr key={p.x}>
                <Table.Td>{p.x}</Table.Td>
                {chart.series.map((s) => (
                  <Table.Td key={s.key}>
                    {p.values[s.key] === null || p.values[s.key] === undefined
                      ? 'no figure'
                      : format(p.values[s.key]!)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </VisuallyHidden>
    </Stack>
  );
}
