import { Group, Stack, Text } from '@mantine/core';
import { AuthorAvatar } from '../ui/author-avatar';
import { CommentBox } from '../ui/comment-box';
import { formatDateTime, formatRelative } from '../ui/format';
import { TitledSection } from '../ui/titled-section';
import { type DecisionComment, useAddComment } from './api';

interface DecisionDiscussionProps {
  slug: string;
  number: number;
  comments: DecisionComment[];
  mayComment: boolean;
  /** Discussion closes once the request is decided. */
  open: boolean;
}

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
              <AuthorAvatar name={comment.author} color="indigo" />
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

function CommentForm({ slug, number }: { slug: string; number: number }) {
  const add = useAddComment(slug, number);
  return (
    <CommentBox
      add={add}
      toInput={(body, keyFor) => ({ body, key: keyFor({ body }) })}
      label="Add a comment"
      minRows={2}
      maxRows={8}
      limit={20000}
      failureTitle="Comment not added"
      submitLabel="Comment"
      submitVariant="light"
    />
  );
}
