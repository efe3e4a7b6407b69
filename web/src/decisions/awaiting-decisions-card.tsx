import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconChecklist } from '@tabler/icons-react';
import { formatDate } from '../ui/format';
import { QueryStatus } from '../ui/query-status';
import { AnchorLink } from '../ui/router-links';
import { useDecisions } from './api';

const SHOWN = 5;

/** For the workspace home: open decision requests whose right the viewer holds. */
export function AwaitingDecisionsCard({ slug }: { slug: string }) {
  const decisions = useDecisions(slug, { awaitingMe: true }, SHOWN);
  const items = decisions.data?.pages[0]?.items ?? [];
  const more = Boolean(decisions.data?.pages[0]?.nextCursor);

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="awaiting-title">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="awaiting-title">
          Decisions awaiting you
        </Title>
        <AnchorLink to="/w/$ws/decisions" params={{ ws: slug }} search={{ awaitingMe: true }} size="sm">
          See all
        </AnchorLink>
      </Group>
      <QueryStatus query={decisions} rows={2} label="Loading decisions awaiting you" />
      {decisions.isSuccess && items.length === 0 && (
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <IconChecklist size={22} color="var(--mantine-color-teal-7)" aria-hidden />
          <Text size="sm">
            Nothing waits for your decision. Requests whose decision right you hold will show here.
          </Text>
        </Group>
      )}
      {items.length > 0 && (
        <Stack
          gap="xs"
          component="ul"
          p={0}
          m={0}
          style={{ listStyle: 'none' }}
          aria-label="Decisions awaiting you"
        >
          {items.map((decision) => (
            <li key={decision.id}>
              <AnchorLink
                to="/w/$ws/decisions/$number"
                params={{ ws: slug, number: String(decision.number) }}
                size="sm"
                fw={600}
              >
                {decision.key}: {decision.title}
              </AnchorLink>
              <Text size="xs" c="dimmed">
                {decision.type.name} · asked by {decision.proposedBy ?? 'a former member'} on{' '}
                {formatDate(decision.createdAt)}
              </Text>
            </li>
          ))}
          {more && (
            <Text component="li" size="xs" c="dimmed">
              More are waiting: see all of them in the decision log.
            </Text>
          )}
        </Stack>
      )}
    </Card>
  );
}
