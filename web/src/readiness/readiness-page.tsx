import { Badge, Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconChecklist } from '@tabler/icons-react';
import { formatDateTime } from '../ui/format';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { useWorkspaceSlug } from '../workspaces/use-workspace-slug';
import { type ReadinessCheck, STATUS_COLOR, STATUS_LABEL, useReadiness } from './api';
import { AppPathLink } from './app-path-link';

/** The leaders' ten checks, each with its status, the evidence behind it and the next action. */
export function ReadinessPage() {
  const slug = useWorkspaceSlug();
  const query = useReadiness(slug);
  return (
    <Page
      title="Readiness checklist"
      description="The leaders' ten checks of a co-managed service, computed from the records. Each links to the pages behind it."
    >
      <QueryStatus query={query} rows={6} label="Loading the readiness checklist" />
      {query.isSuccess && (
        <Stack gap="md">
          <Group gap="sm" aria-label="Summary">
            <Badge color="teal" variant="light" size="lg">
              {query.data.summary.met} met
            </Badge>
            <Badge color="yellow" variant="light" size="lg">
              {query.data.summary.partly} partly met
            </Badge>
            <Badge color="red" variant="light" size="lg">
              {query.data.summary.notMet} not met
            </Badge>
            <Text size="xs" c="dimmed">
              Computed {formatDateTime(query.data.computedAt)}
            </Text>
          </Group>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            {query.data.checks.map((check) => (
              <CheckCard key={check.key} check={check} />
            ))}
          </SimpleGrid>
        </Stack>
      )}
    </Page>
  );
}

function CheckCard({ check }: { check: ReadinessCheck }) {
  const titleId = `check-${check.key}`;
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby={titleId}
      data-check={check.key}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb={4}>
        <Title order={2} size="h4" id={titleId}>
          {check.title}
        </Title>
        <Badge color={STATUS_COLOR[check.status]} variant="light" data-status={check.status}>
          {STATUS_LABEL[check.status]}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed" mb="xs">
        {check.question}
      </Text>
      <Text size="sm" mb="sm">
        {check.summary}
      </Text>
      <Text size="xs" fw={600} tt="uppercase" c="dimmed" mb={4}>
        Evidence
      </Text>
      <List size="sm" spacing={4} mb="sm">
        {check.evidence.map((e) => (
          <List.Item key={e.label}>
            {e.link ? (
              <AppPathLink to={e.link} size="sm">
                {e.label}
              </AppPathLink>
            ) : (
              <Text span size="sm">
                {e.label}
              </Text>
            )}
            <Text span size="sm" c="dimmed">
              {' '}
              — {e.figure}
            </Text>
          </List.Item>
        ))}
      </List>
      {check.nextAction ? (
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <IconChecklist size={18} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
          <Text size="sm">
            <Text span fw={600}>
              Next:{' '}
            </Text>
            {check.nextAction}
          </Text>
        </Group>
      ) : (
        <Text size="sm" c="teal.8">
          Nothing to do here now.
        </Text>
      )}
    </Card>
  );
}
