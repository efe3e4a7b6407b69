import { Badge, Button, Group, Paper, Progress, Table, Text } from '@mantine/core';
import { IconChecklist, IconPlus } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { formatDate } from '../ui/format';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { AnchorLink } from '../ui/router-links';
import { AccessTabs } from './access-tabs';
import { useReviews } from './api';
import { StartReviewDialog } from './start-review-dialog';

const route = getRouteApi('/_app/w/$ws/access/reviews');

export function ReviewsPage() {
  const { ws: slug } = route.useParams();
  const reviews = useReviews(slug);
  const [starting, setStarting] = useState(false);
  const items = reviews.data?.items ?? [];
  return (
    <Page
      title="Privileged access"
      description="Access reviews: each account's reviewer (the person accountable for its system) keeps, revokes or changes it; the campaign completes when every line is decided."
      actions={
        reviews.data?.abilities.startReview && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setStarting(true)}>
            Start a review
          </Button>
        )
      }
    >
      <AccessTabs slug={slug} current="reviews" />
      <QueryStatus query={reviews} rows={3} label="Loading access reviews" />
      {reviews.isSuccess && items.length === 0 && (
        <EmptyState
          icon={<IconChecklist aria-hidden />}
          title="No access reviews yet"
          description={
            reviews.data.abilities.startReview
              ? 'Start one for all systems or a few: every account in scope gets a reviewer and a due date.'
              : 'The internal IT lead starts access reviews; you will see the lines you must decide here.'
          }
        />
      )}
      {items.length > 0 && (
        <Paper withBorder radius="md">
          <DataTable
            minWidth={700}
            verticalSpacing="sm"
            highlightOnHover
            aria-label="Access reviews"
            head={['Review', 'Status', 'Progress', 'Revoked', 'Due']}
          >
            {items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <AnchorLink to="/w/$ws/access/reviews/$key" params={{ ws: slug, key: r.key }} fw={600}>
                    {r.key} {r.title}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>
                  <Badge
                    color={r.status === 'completed' ? 'green' : r.overdue > 0 ? 'red' : 'blue'}
                    variant="light"
                  >
                    {r.status === 'completed' ? 'Completed' : r.overdue > 0 ? 'Overdue' : 'Open'}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Progress
                      value={r.completionRate * 100}
                      w={120}
                      aria-label={`${r.decided} of ${r.total} decided`}
                    />
                    <Text size="sm">
                      {r.decided}/{r.total}
                    </Text>
                  </Group>
                </Table.Td>
                <Table.Td>{r.revoked}</Table.Td>
                <Table.Td>{formatDate(r.completedAt ?? r.dueAt)}</Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </Paper>
      )}
      {reviews.data && (
        <StartReviewDialog
          slug={slug}
          opened={starting}
          onClose={() => setStarting(false)}
          reviews={reviews.data}
        />
      )}
    </Page>
  );
}
