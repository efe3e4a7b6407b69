import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { IconLock, IconUsers, IconWorld } from '@tabler/icons-react';
import type { PartyKind } from '../ui/api-types';
import { AuthorAvatar } from '../ui/author-avatar';
import { formatDateTime, formatRelative } from '../ui/format';
import type { TicketComment } from './types';

interface CommentListProps {
  comments: TicketComment[];
  /** Staff see who each note is for; a requester only ever gets public replies. */
  audience: 'staff' | 'requester';
  partyName?: (id: string) => string | undefined;
  partyKind?: (id: string) => PartyKind | undefined;
}

const TINT = {
  public: undefined,
  staff: 'var(--mantine-color-yellow-light)',
  party: 'var(--mantine-color-grape-light)',
};
const EDGE = {
  public: 'var(--mantine-color-blue-5)',
  staff: 'var(--mantine-color-yellow-6)',
  party: 'var(--mantine-color-grape-6)',
};

function VisibilityMark({
  comment,
  partyName,
}: {
  comment: TicketComment;
  partyName: CommentListProps['partyName'];
}) {
  if (comment.visibility === 'public')
    return (
      <Badge
        size="sm"
        variant="light"
        color="blue"
        tt="none"
        leftSection={<IconWorld size={12} aria-hidden />}
      >
        Public reply · requester sees it
      </Badge>
    );
  if (comment.visibility === 'staff')
    return (
      <Badge
        size="sm"
        variant="light"
        color="yellow"
        tt="none"
        leftSection={<IconUsers size={12} aria-hidden />}
      >
        Staff note · both parties
      </Badge>
    );
  const party = (comment.partyId && partyName?.(comment.partyId)) || 'one party';
  return (
    <Badge size="sm" variant="light" color="grape" tt="none" leftSection={<IconLock size={12} aria-hidden />}>
      Only {party}
    </Badge>
  );
}

/** The conversation, oldest first, each comment marked with who can read it. */
export function CommentList({ comments, audience, partyName, partyKind }: CommentListProps) {
  return (
    <Stack gap="sm" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Conversation">
      {comments.map((comment) => {
        const authorParty = comment.author.partyId;
        const who =
          audience === 'requester'
            ? authorParty
              ? 'IT team'
              : null
            : authorParty
              ? (partyName?.(authorParty) ?? comment.author.partyName ?? 'Staff')
              : 'Requester';
        const kind = authorParty ? partyKind?.(authorParty) : undefined;
        return (
          <Paper
            key={comment.id}
            component="li"
            withBorder
            radius="md"
            p="sm"
            bg={audience === 'staff' ? TINT[comment.visibility] : undefined}
            style={{
              borderLeft: `4px solid ${audience === 'staff' ? EDGE[comment.visibility] : 'var(--mantine-color-gray-3)'}`,
            }}
          >
            <Group gap="sm" align="flex-start" wrap="nowrap">
              <AuthorAvatar
                name={comment.author.name}
                color={kind === 'internal' ? 'teal' : authorParty ? 'indigo' : 'gray'}
              />
              <div style={{ minWidth: 0, flex: 1 }}>
                <Group gap={6} wrap="wrap">
                  <Text size="sm" fw={600}>
                    {comment.author.name ?? 'A former member'}
                  </Text>
                  {who && (
                    <Text size="xs" c="dimmed">
                      {who}
                    </Text>
                  )}
                  <Text size="xs" c="dimmed" title={formatDateTime(comment.createdAt)}>
                    · {formatRelative(comment.createdAt)}
                  </Text>
                </Group>
                {audience === 'staff' && (
                  <Group mt={4}>
                    <VisibilityMark comment={comment} partyName={partyName} />
                  </Group>
                )}
                <Text size="sm" mt={6} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {comment.body}
                </Text>
              </div>
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}
