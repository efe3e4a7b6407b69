import { Alert, Anchor, Badge, Group, List, Paper, Spoiler, Text, Title } from '@mantine/core';
import { IconAlertOctagon, IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { memo } from 'react';
import { pluralise } from '../ui/format';
import type { Gap } from './api';
import { GAP_RULE_LABELS } from './raci';

/** Every problem of the map shown, with its service and the rule it breaks; gaps before warnings. */
export const GapReport = memo(function GapReport({ gaps }: { gaps: Gap[] }) {
  const problems = gaps.filter((g) => g.severity === 'gap');
  const warnings = gaps.filter((g) => g.severity === 'warning');

  if (gaps.length === 0) {
    return (
      <Alert color="teal" variant="light" icon={<IconCircleCheck aria-hidden />} title="No gaps">
        Every active service has exactly one Accountable and at least one Responsible, and no provider is
        Accountable for a business decision.
      </Alert>
    );
  }

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="gap-report-title">
      <Group justify="space-between" mb="xs" gap="xs">
        <Title order={2} size="h4" id="gap-report-title">
          Gap report
        </Title>
        <Group gap={6}>
          <Badge color="red" variant="light">
            {pluralise(problems.length, 'gap')}
          </Badge>
          <Badge color="orange" variant="light">
            {pluralise(warnings.length, 'warning')}
          </Badge>
        </Group>
      </Group>
      <Spoiler maxHeight={220} showLabel="Show every problem" hideLabel="Show fewer">
        <List spacing={6} size="sm" listStyleType="none" p={0}>
          {[...problems, ...warnings].map((gap) => (
            <List.Item
              key={`${gap.serviceId}:${gap.rule}`}
              icon={
                gap.severity === 'gap' ? (
                  <IconAlertOctagon size={16} color="var(--mantine-color-red-7)" aria-hidden />
                ) : (
                  <IconAlertTriangle size={16} color="var(--mantine-color-orange-7)" aria-hidden />
                )
              }
            >
              <Text span size="sm" fw={600}>
                {gap.severity === 'gap' ? 'Gap' : 'Warning'}:{' '}
              </Text>
              <Anchor href={`#service-${gap.serviceId}`} size="sm">
                {gap.serviceName}
              </Anchor>
              <Text span size="sm">
                {' '}
                — {gap.message}{' '}
              </Text>
              <Text span size="xs" c="dimmed">
                Rule: {GAP_RULE_LABELS[gap.rule] ?? gap.rule}.
              </Text>
            </List.Item>
          ))}
        </List>
      </Spoiler>
    </Paper>
  );
});
