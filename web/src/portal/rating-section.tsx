import { Button, Group, Rating, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useId } from 'react';
import { useRateTicket } from '../tickets/api';
import type { Ticket } from '../tickets/types';
import { useApiForm } from '../ui/api-form';
import { FormAlert } from '../ui/error-display';
import { LimitedTextarea } from '../ui/limited-textarea';
import { TitledSection } from '../ui/titled-section';

const WORDS = ['', 'Very poor', 'Poor', 'OK', 'Good', 'Very good'];
const FIELDS = ['rating', 'comment'] as const;

/** After resolution the requester rates the help once; afterwards the rating is shown, not asked again. */
export function RatingSection({ slug, ticket }: { slug: string; ticket: Ticket }) {
  if (ticket.rating !== null)
    return (
      <TitledSection title="Your rating">
        <Group gap="xs">
          <Rating value={ticket.rating} readOnly aria-hidden />
          <Text size="sm">
            {ticket.rating} out of 5 · {WORDS[ticket.rating]}
          </Text>
        </Group>
        {ticket.ratingComment && (
          <Text size="sm" mt="xs" style={{ whiteSpace: 'pre-wrap' }}>
            “{ticket.ratingComment}”
          </Text>
        )}
        <Text size="xs" c="dimmed" mt="xs">
          Thank you: IT reviews ratings to improve the service.
        </Text>
      </TitledSection>
    );
  if (!ticket.abilities.rate) return null;
  return <RatingForm slug={slug} ticket={ticket} />;
}

function RatingForm({ slug, ticket }: { slug: string; ticket: Ticket }) {
  const rate = useRateTicket(slug, ticket.key);
  const { form, formError } = useApiForm({ rating: 0, comment: '' }, rate.error, FIELDS);
  const { rating, comment } = form.values;
  const labelId = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (rating < 1) return;
    rate.mutate(
      { rating, comment: comment.trim() || undefined },
      { onSuccess: () => notifications.show({ color: 'teal', message: 'Thank you for your rating.' }) },
    );
  }

  return (
    <TitledSection title="How did IT do?" headingGap={4}>
      <Text size="sm" c="dimmed" mb="sm">
        Rate the help you got with this request. You can rate it once.
      </Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <div>
            <Text id={labelId} size="sm" fw={500} mb={4}>
              Your rating (1 to 5 stars)
            </Text>
            <Group gap="sm">
              {/* Arrow keys choose, as in any radio group (Mantine's stars only preview on arrows). */}
              <div
                role="radiogroup"
                aria-labelledby={labelId}
                onKeyUp={(event) => {
                  if (!event.key.startsWith('Arrow')) return;
                  const value = Number((event.target as HTMLInputElement).value);
                  if (value >= 1 && value <= 5) form.setFieldValue('rating', value);
                }}
              >
                <Rating
                  {...form.getInputProps('rating', { withError: false })}
                  size="lg"
                  name={`rating-${ticket.id}`}
                  getSymbolLabel={(value) =>
                    value === 0 ? 'No rating' : `${value} of 5 stars: ${WORDS[value]}`
                  }
                />
              </div>
              <Text size="sm" c="dimmed" aria-live="polite">
                {rating > 0 ? WORDS[rating] : 'Not rated yet'}
              </Text>
            </Group>
            {form.errors.rating && (
              <Text size="xs" c="red.8" mt={4}>
                {form.errors.rating}
              </Text>
            )}
          </div>
          <LimitedTextarea
            label="Comment"
            description="Optional: what went well, or what could be better."
            autosize
            minRows={2}
            maxRows={6}
            limit={2000}
            {...form.getInputProps('comment')}
          />
          <FormAlert message={formError} title="Rating not sent" />
          <Group justify="flex-end">
            <Button type="submit" loading={rate.isPending} disabled={rating < 1}>
              Send rating
            </Button>
          </Group>
        </Stack>
      </form>
    </TitledSection>
  );
}
