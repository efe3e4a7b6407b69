import { Badge, Group } from '@mantine/core';
import { IconClockExclamation } from '@tabler/icons-react';
import { type ArticleStatus, type ArticleType, STATUS_COLOURS, STATUS_LABELS, TYPE_LABELS } from './types';

export function ArticleBadges(props: {
  type: ArticleType;
  status: ArticleStatus;
  stale?: boolean;
  visibility?: string;
}) {
  return (
    <Group gap={6}>
      <Badge variant="outline" color="indigo" tt="none">
        {TYPE_LABELS[props.type]}
      </Badge>
      <Badge variant="light" color={STATUS_COLOURS[props.status]} tt="none">
        {STATUS_LABELS[props.status]}
      </Badge>
      {props.visibility === 'public' && (
        <Badge variant="light" color="blue" tt="none">
          Public
        </Badge>
      )}
      {props.stale && (
        <Badge
          variant="light"
          color="red"
          tt="none"
          leftSection={<IconClockExclamation size={12} aria-hidden />}
        >
          Review overdue
        </Badge>
      )}
    </Group>
  );
}
