import { Badge, Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { IconUserCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useReviews } from '../access/api';
import { StartReviewDialog } from '../access/start-review-dialog';
import { formatDate } from '../ui/format';
import { AnchorLink } from '../ui/router-links';
import type { OccurrenceDetail } from './api';

/** Obligations whose evidence is an access review (the defaults' privileged-account and access reviews). */
const isAccessObligation = (title: string, requiredFiles: string[]) =>
  /access|privileg|account/i.test([title, ...requiredFiles].join(' '));

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The hand-off to the access area (issue #13): start an access review for this occurrence,
 * prefilled and linked; the reviews started from it, whose evidence pack is attached on completion.
 */
export function OccurrenceReviews({ slug, data }: { slug: string; data: OccurrenceDetail }) {
  const { occurrence: o, accessReviews } = data;
  const relevant =
    accessReviews.length > 0 || isAccessObligation(o.obligation.title, data.evidence.requiredFiles);
  const reviews = useReviews(slug);
  const [open, setOpen] = useState(false);
  if (!relevant) return null;
  const canStart = o.status === 'open' && reviews.data?.abilities.startReview === true;
  // A review is due by the occurrence's date, or in a week when that date has passed.
  const weekAhead = isoDate(new Date(Date.now() + 7 * 86_400_000));
  const due = o.dueOn > isoDate(new Date()) ? o.dueOn : weekAhead;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="occurrence-reviews-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="occurrence-reviews-title">
            Access reviews
          </Title>
          {canStart && reviews.data && (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconUserCheck size={14} aria-hidden />}
              onClick={() => setOpen(true)}
            >
              Start an access review
            </Button>
          )}
        </Group>
        {accessReviews.length === 0 ? (
          <Text size="sm" c="dimmed">
            No access review yet.{' '}
            {canStart
              ? 'Start one here: it is linked to this occurrence, and its evidence pack (CSV) is attached to it when every line is decided.'
              : 'An internal lead or agent can start one from this page.'}
          </Text>
        ) : (
          <List size="sm" aria-label="Linked access reviews">
            {accessReviews.map((r) => (
              <List.Item key={r.key}>
                <Group gap="xs">
                  <AnchorLink to="/w/$ws/access/reviews/$key" params={{ ws: slug, key: r.key }}>
                    {r.key}
                  </AnchorLink>
                  <Text size="sm">{r.title}</Text>
                  <Badge size="sm" variant="light" color={r.status === 'completed' ? 'green' : 'blue'}>
                    {r.status === 'completed' ? `Completed ${formatDate(r.completedAt)}` : 'Open'}
                  </Badge>
                </Group>
              </List.Item>
            ))}
          </List>
        )}
      </Stack>
      {reviews.data && (
        <StartReviewDialog
          slug={slug}
          opened={open}
          onClose={() => setOpen(false)}
          reviews={reviews.data}
          prefill={{
            title: `${o.obligation.title} (${o.obligation.key}, due ${o.dueOn})`,
            due,
            obligationOccurrenceId: o.id,
            from: `${o.obligation.key} ${o.obligation.title}, due ${o.dueOn}`,
          }}
        />
      )}
    </Paper>
  );
}
