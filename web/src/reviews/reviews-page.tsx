import { Badge, Button, Stack, Table, Text } from '@mantine/core';
import { IconPresentationAnalytics } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { isApiError } from '../ui/api-client';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { errorMessage, FormAlert } from '../ui/error-display';
import { formatDate } from '../ui/format';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { AnchorLink } from '../ui/router-links';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { staffOnlyPage } from '../workspaces/staff-only-page';
import { reviewsQueryOptions, STATUS_LABELS, useCreateReview } from './api';
import { RecipientsCard } from './recipients-card';

export const ReviewsPage = staffOnlyPage(ReviewList, {
  title: 'Service reviews',
  notice: 'Service reviews are for the IT leads and staff',
  description: 'Ask your IT team for the latest review of the service.',
});

function ReviewList({ slug }: { slug: string }) {
  const reviews = useQuery(reviewsQueryOptions(slug));
  const create = useCreateReview(slug);
  const keyFor = useIdempotencyKey();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const data = reviews.data;
  const next = data?.nextPeriod;
  const prepare = () => {
    if (!next) return;
    const body = { periodStart: next.start, periodEnd: next.end };
    const open = (key: string) => void navigate({ to: '/w/$ws/reviews/$key', params: { ws: slug, key } });
    create.mutate(
      { ...body, idempotencyKey: keyFor(body) },
      {
        onSuccess: (r) => open(r.review.key),
        // The period-close job prepared it since the list was read: open that one instead.
        onError: async (error) => {
          if (!isApiError(error, 'REVIEW_EXISTS')) return;
          const fresh = await queryClient.fetchQuery({ ...reviewsQueryOptions(slug), staleTime: 0 });
          const made = fresh.items.find((r) => r.periodStart === next.start);
          if (made) open(made.key);
        },
      },
    );
  };
  const prepareButton = data?.abilities.create && next && !next.exists && (
    <Button
      leftSection={<IconPresentationAnalytics size={16} aria-hidden />}
      onClick={prepare}
      loading={create.isPending}
    >
      Prepare the review of {next.label}
    </Button>
  );
  return (
    <Page
      title="Service reviews"
      description={
        <>
          One review per period at the engagement's cadence{data ? ` (${data.cadence})` : ''}: trends, stuck
          work, incidents, feedback, security evidence, risks, decisions and the knowledge-transfer measures.
          Once held, its figures are frozen.
        </>
      }
      actions={prepareButton}
    >
      <FormAlert message={create.isError ? errorMessage(create.error) : null} />
      <QueryStatus query={reviews} label="Loading reviews" />
      {reviews.isSuccess && data && data.items.length === 0 && (
        <EmptyState
          icon={<IconPresentationAnalytics aria-hidden />}
          title="No service review yet"
          description={
            data.abilities.create
              ? `Prepare the review of ${data.nextPeriod.label}: Tandem builds the pack from the records, you and the provider lead add commentary and agree actions, then mark it held.`
              : 'The internal IT lead or the provider lead prepares each review after its period ends.'
          }
          action={prepareButton}
        />
      )}
      {reviews.isSuccess && data && data.items.length > 0 && (
        <Stack gap="lg">
          <DataTable
            striped
            highlightOnHover
            caption="Reviews, most recent period first"
            head={['Review', 'Period', 'Cadence', 'Status', 'Held on']}
          >
            {data.items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <AnchorLink to="/w/$ws/reviews/$key" params={{ ws: slug, key: r.key }}>
                    {r.key}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{r.periodLabel}</Table.Td>
                <Table.Td>{r.cadence}</Table.Td>
                <Table.Td>
                  <Badge color={r.status === 'held' ? 'green' : 'gray'} variant="light">
                    {STATUS_LABELS[r.status]}
                  </Badge>
                </Table.Td>
                <Table.Td>{r.heldOn ? formatDate(r.heldOn) : <Text c="dimmed">not yet</Text>}</Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </Stack>
      )}
      {data?.abilities.settings && <RecipientsCard slug={slug} />}
    </Page>
  );
}
