import { Avatar, Button, Group, Stack, Text } from '@mantine/core';
import type { FormEvent } from 'react';
import { useApiForm } from '../ui/api-form';
import { FormAlert } from '../ui/error-display';
import { formatDateTime, formatRelative } from '../ui/format';
import { LimitedTextarea } from '../ui/limited-textarea';
import { TitledSection } from '../ui/titled-section';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { type DecisionComment, useAddComment } from './api';

interface DecisionDiscussionProps {
  slug: string;
  number: number;
  comments: DecisionComment[];
  mayComment: boolean;
  /** Discussion closes once the request is decided. */
  open: boolean;
}

const initials = (name: string | null) =>
  (name ?? '?')
    .split(/\s+/)
    .map((part) => part.charAt(0))
    .join('')
    .slice(0, 2)
    .toUpperCase();

/** The consulted parties' say before a decision: comments, oldest first, and a box to add one. */
export function DecisionDiscussion({ slug, number, comments, mayComment, open }: DecisionDiscussionProps) {
  return (
    <TitledSection title="Discussion" headingGap="sm">
      {comments.length === 0 ? (
        <Text size="sm" c="dimmed" mb="sm">
          {open
            ? 'No comments yet. Consulted parties give their view here before the decision.'
            : 'Nobody commented before the decision.'}
        </Text>
      ) : (
        <Stack
          gap="sm"
          component="ol"
          p={0}
          m={0}
          mb="md"
          style={{ listStyle: 'none' }}
          aria-label="Comments"
        >
          {comments.map((comment) => (
            <Group key={comment.id} component="li" gap="sm" align="flex-start" wrap="nowrap">
              <Avatar size="sm" radius="xl" color="indigo" aria-hidden>
                {initials(comment.author)}
              </Avatar>
              <div style={{ minWidth: 0 }}>
                <Text size="sm">
                  <Text span fw={600}>
                    {comment.author ?? 'A former member'}
                  </Text>{' '}
                  <Text span size="xs" c="dimmed" title={formatDateTime(comment.createdAt)}>
                    {formatRelative(comment.createdAt)}
                  </Text>
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {comment.body}
                </Text>
              </div>
            </Group>
          ))}
        </Stack>
      )}
      {mayComment && open && <CommentForm slug={slug} number={number} />}
      {!open && (
        <Text size="xs" c="dimmed">
          The discussion closed when the request was decided.
        </Text>
      )}
    </TitledSection>
  );
}

const COMMENT_FIELDS = ['body'] as const;

function CommentForm({ slug, number }: { slug: string; number: number }) {
  const add = useAddComment(slug, number);
  const keyFor = useIdempotencyKey();
  const { form, formError } = useApiForm({ body: '' }, add.error, COMMENT_FIELDS);
  const { body } = form.values;

  function submit(event: FormEvent) {
    event.preventDefault();
    const text = body.trim();
    add.mutate(
      { body: text, key: keyFor({ body: text }) },
      {
        onSuccess: () => {
          form.reset();
          add.reset();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        <LimitedTextarea
          label="Add a comment"
          autosize
          minRows={2}
          maxRows={8}
          limit={20000}
          {...form.getInputProps('body')}
        />
        <FormAlert message={formError} title="Comment not added" />
        <Group justify="flex-end">
          <Button type="submit" variant="light" loading={add.isPending} disabled={!body.trim()}>
            Comment
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
