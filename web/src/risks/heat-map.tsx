import { Paper, SegmentedControl, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { type HeatCell, IMPACT_LABELS, LEVEL_LABELS, LIKELIHOOD_LABELS, type RiskList } from './api';

// Colour as well as numbers and words: each cell names its level, so colour is never the only cue.
const CELL_BG: Record<HeatCell['level'], string> = {
  low: 'var(--mantine-color-green-1)',
  medium: 'var(--mantine-color-yellow-2)',
  high: 'var(--mantine-color-orange-3)',
  critical: 'var(--mantine-color-red-4)',
};

/** The 5 × 5 heat map of open risks: a real table (impact rows, likelihood columns) with counts. */
export function HeatMap({ heatMap }: { heatMap: RiskList['heatMap'] }) {
  const [which, setWhich] = useState<'residual' | 'inherent'>('residual');
  const rows = heatMap[which];
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Title order={2} size="h4" id="heat-map-title">
          Heat map of open risks
        </Title>
        <SegmentedControl
          aria-label="Which rating"
          value={which}
          onChange={(v) => setWhich(v === 'inherent' ? 'inherent' : 'residual')}
          data={[
            { value: 'residual', label: 'Residual (after treatment)' },
            { value: 'inherent', label: 'Inherent (before treatment)' },
          ]}
          w="fit-content"
        />
        <Table withTableBorder withColumnBorders aria-labelledby="heat-map-title" layout="fixed" maw={640}>
          <Table.Caption>
            {which === 'residual' ? 'Residual' : 'Inherent'} risk: number of open risks per likelihood and
            impact.
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">
                <VisuallyHidden>Impact by likelihood</VisuallyHidden>
                <Text size="xs" c="dimmed" aria-hidden>
                  Impact ↓ / Likelihood →
                </Text>
              </Table.Th>
              {LIKELIHOOD_LABELS.map((label, i) => (
                <Table.Th scope="col" key={label} ta="center">
                  <Text size="xs">
                    {i + 1} {label}
                  </Text>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row[0]!.impact}>
                <Table.Th scope="row">
                  <Text size="xs">
                    {row[0]!.impact} {IMPACT_LABELS[row[0]!.impact - 1]}
                  </Text>
                </Table.Th>
                {row.map((cell) => (
                  <Table.Td
                    key={cell.likelihood}
                    ta="center"
                    style={{ background: CELL_BG[cell.level] }}
                    data-level={cell.level}
                    data-count={cell.count}
                  >
                    <Text fw={cell.count > 0 ? 700 : 400} size="lg" c="dark.9">
                      {cell.count}
                    </Text>
                    <Text size="xs" c="dark.7">
                      {LEVEL_LABELS[cell.level]}
                    </Text>
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Paper>
  );
}
