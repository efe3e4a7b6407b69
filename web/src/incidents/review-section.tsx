import { Badge, Button, Divider, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { FormEvent } from 'react';
import type { BacklogItem } from '../backlog/api';
import { PRIORITY_LABELS, STATUS_LABELS } from '../backlog/api';
import { emptyItemFields, ITEM_FIELDS, ItemFields } from '../backlog/new-item-dialog';
import { useApiForm } from '../ui/api-form';
import { FormAlert, formErrors } from '../ui/error-display';
import { formatDateTime } from '../ui/format';
import { LimitedTextarea } from '../ui/limited-textarea';
import { AnchorLink } from '../ui/router-links';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { type IncidentDetail, useIncidentChange } from './api';

const REVIEW_FIELDS = [
  ['whatHappened', 'What happened'],
  ['impact', 'Impact'],
  ['timeline', 'Timeline'],
  ['causes', 'Causes'],
  ['wentWell', 'What went well'],
] as const;
const REVIEW_FIELD_NAMES = REVIEW_FIELDS.map(([field]) => field);

/** The post-incident review: written by both parties; each action goes straight onto the backlog. */
export function ReviewSection({
  slug,
  incident,
  actions,
}: {
  slug: string;
  incident: IncidentDetail;
  actions: BacklogItem[];
}) {
  const review = incident.review;
  const completed = review?.status === 'completed';
  const editable = incident.abilities.writeReview && !completed;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="review-title">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="review-title">
          Post-incident review
        </Title>
        <Badge color={completed ? 'teal' : 'gray'} variant="light">
          {completed ? 'Completed' : review ? 'Draft' : 'Not started'}
        </Badge>
      </Group>
      {completed && review && (
        <Text size="xs" c="dimmed" mb="sm">
          Completed by {review.completedBy?.name ?? 'someone'} on {formatDateTime(review.completedAt)}.
        </Text>
      )}
      {editable ? (
        <ReviewForm slug={slug} incident={incident} />
      ) : review ? (
        <Stack gap="sm">
          {REVIEW_FIELDS.map(([field, label]) => (
            <div key={field}>
              <Text size="sm" fw={600}>
                {label}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {review[field] || '—'}
              </Text>
            </div>
          ))}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          Nobody has started the review yet.
        </Text>
      )}
      <Divider my="md" />
      <Title order={3} size="h5" mb="xs">
        Actions (on the improvement backlog)
      </Title>
      {actions.length === 0 ? (
        <Text size="sm" c="dimmed">
          No actions yet.
        </Text>
      ) : (
        <Stack gap={4} component="ul" style={{ paddingLeft: 18, margin: 0 }} aria-label="Review actions">
          {actions.map((a) => (
            <li key={a.id}>
              <Text size="sm">
                <AnchorLink to="/w/$ws/backlog" params={{ ws: slug }}>
                  {a.key}
                </AnchorLink>{' '}
                {a.title} — {a.owner.name}, {PRIORITY_LABELS[a.priority].toLowerCase()} priority
                {a.targetQuarter ? `, ${a.targetQuarter}` : ''} · {STATUS_LABELS[a.status]}
              </Text>
            </li>
          ))}
        </Stack>
      )}
      {editable && <ActionForm slug={slug} incident={incident} />}
      {incident.abilities.completeReview && !completed && review && (
        <CompleteButton slug={slug} incident={incident} />
      )}
    </Paper>
  );
}

function ReviewForm({ slug, incident }: { slug: string; incident: IncidentDetail }) {
  const review = incident.review;
  const change = useIncidentChange(slug, incident.key);
  const { form, formError } = useApiForm(
    {
      whatHappened: review?.whatHappened ?? '',
      impact: review?.impact ?? incident.impact,
      // A first draft of the timeline comes from the recorded events.
      timeline:
        review?.timeline ?? incident.timeline.map((e) => `${formatDateTime(e.at)} ${e.text}`).join('\n'),
      causes: review?.causes ?? '',
      wentWell: review?.wentWell ?? '',
    },
    change.error,
    REVIEW_FIELD_NAMES,
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    change.mutate(
      {
        path: '/review',
        method: 'PUT',
        body: { ...(review && { version: review.version }), ...form.values },
      },
      { onSuccess: () => notifications.show({ color: 'teal', message: 'The review is saved.' }) },
    );
  }

  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <FormAlert message={formError} />
        {REVIEW_FIELDS.map(([field, label]) => (
          <LimitedTextarea
            key={field}
            label={label}
            autosize
            minRows={field === 'timeline' ? 4 : 2}
            limit={50_000}
            {...form.getInputProps(field)}
          />
        ))}
        <Group justify="flex-end">
          <Button type="submit" variant="light" loading={change.isPending}>
            Save review
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ActionForm({ slug, incident }: { slug: string; incident: IncidentDetail }) {
  const change = useIncidentChange(slug, incident.key);
  const keyFor = useIdempotencyKey();
  const { form, formError } = useApiForm(emptyItemFields(), change.error, ITEM_FIELDS);
  const fields = form.values;
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const body = { ...fields, title: fields.title.trim(), why: fields.why.trim() };
        change.mutate(
          { path: '/review/actions', body, idempotencyKey: keyFor(body) },
          { onSuccess: () => form.reset() },
        );
      }}
    >
      <Stack gap="xs" mt="md">
        <Text size="sm" fw={600}>
          Add an action
        </Text>
        <FormAlert message={formError} />
        <ItemFields slug={slug} inputProps={form.getInputProps} />
        <Group justify="flex-end">
          <Button
            type="submit"
            variant="light"
            loading={change.isPending}
            disabled={!fields.title.trim() || !fields.ownerPartyId}
          >
            Add action to the backlog
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function CompleteButton({ slug, incident }: { slug: string; incident: IncidentDetail }) {
  const change = useIncidentChange(slug, incident.key);
  return (
    <Stack gap="xs" mt="md">
      <FormAlert message={change.error ? formErrors(change.error, []).form : null} />
      <Group justify="flex-end">
        <Button
          color="teal"
          loading={change.isPending}
          onClick={() =>
            change.mutate({ path: '/review/complete', body: { version: incident.review?.version ?? 1 } })
          }
        >
          Complete the review
        </Button>
      </Group>
    </Stack>
  );
}
