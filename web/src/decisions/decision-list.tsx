import { Group, Paper, Stack, Text } from '@mantine/core';
import { formatDate } from '../ui/format';
import { AnchorLink } from '../ui/router-links';
import type { DecisionListItem } from './api';
import { DecisionStatusBadge } from './decision-status';

/** The log's rows: key, title, type, who asked and when, and the outcome. */
export function DecisionList({ slug, decisions }: { slug: string; decisions: DecisionListItem[] }) {
  return (
    <Stack gap="xs" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Decisions">
      {decisions.map((decision) => (
        <Paper key={decision.id} component="li" withBorder radius="md" p="sm">
          <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
            <div style={{ minWidth: 0 }}>
              <Text size="xs" c="dimmed" fw={600}>
                {decision.key} · {decision.type.name}
              </Text>
              <AnchorLink
                to="/w/$ws/decisions/$number"
                params={{ ws: slug, number: String(decision.number) }}
                fw={600}
              >
                {decision.title}
              </AnchorLink>
              <Text size="xs" c="dimmed" mt={2}>
                Asked by {decision.proposedBy ?? 'a former member'} on {formatDate(decision.createdAt)}
                {decision.decidedAt && ` · ${decision.status} ${formatDate(decision.decidedAt)}`}
              </Text>
              {decision.abilities.decide && (
                <Text size="xs" c="blue.8" fw={600} mt={2}>
                  You hold the right to decide this.
                </Text>
              )}
            </div>
            <DecisionStatusBadge status={decision.status} />
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
