import { Anchor, Badge, Button, Card, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconBellOff, IconChecks } from '@tabler/icons-react';
import { Link, useParams, useRouter } from '@tanstack/react-router';
import { useState } from 'react';
import { EmptyState } from '../ui/empty-state';
import { ErrorState } from '../ui/error-display';
import { formatDateTime, formatRelative } from '../ui/format';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { type AppNotification, useMarkAllRead, useMarkRead, useNotifications } from './api';

export function NotificationsPage() {
  const { ws: slug } = useParams({ from: '/_app/w/$ws/notifications' });
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const list = useNotifications(slug, filter === 'unread');
  const markAll = useMarkAllRead(slug);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = list.data?.pages[0]?.unread ?? 0;

  return (
    <Page
      title="Notifications"
      description={
        <>
          What happened on tickets and incidents you follow.{' '}
          <Anchor component={Link} to="/account" size="sm">
            Choose what you receive
          </Anchor>
          .
        </>
      }
      actions={
        <Button
          variant="light"
          leftSection={<IconChecks size={16} aria-hidden />}
          disabled={unread === 0}
          loading={markAll.isPending}
          onClick={() => markAll.mutate()}
        >
          Mark all read
        </Button>
      }
    >
      <SegmentedControl
        aria-label="Show"
        value={filter}
        onChange={(v) => setFilter(v as 'all' | 'unread')}
        data={[
          { value: 'all', label: 'All' },
          { value: 'unread', label: `Unread (${unread})` },
        ]}
        w="fit-content"
      />
      {markAll.isError && <ErrorState error={markAll.error} />}
      <QueryStatus query={list} rows={5} label="Loading notifications" />
      {list.isSuccess && items.length === 0 && (
        <EmptyState
          icon={<IconBellOff aria-hidden />}
          title={filter === 'unread' ? 'Nothing unread' : 'No notifications yet'}
          description={
            filter === 'unread'
              ? 'You are up to date. Switch to “All” to see earlier notifications.'
              : 'When a ticket in your lane is raised, assigned to you, handed off or answered, it shows up here.'
          }
        />
      )}
      {items.length > 0 && (
        <Stack
          gap="xs"
          component="ul"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
          aria-label="Notifications"
        >
          {items.map((n) => (
            <NotificationRow key={n.id} slug={slug} notification={n} />
          ))}
        </Stack>
      )}
      {list.hasNextPage && (
        <Button variant="subtle" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          Show older
        </Button>
      )}
    </Page>
  );
}

function NotificationRow({ slug, notification: n }: { slug: string; notification: AppNotification }) {
  const markRead = useMarkRead(slug);
  const router = useRouter();
  return (
    <Card
      component="li"
      withBorder
      radius="md"
      padding="sm"
      bg={n.read ? undefined : 'var(--mantine-color-blue-light)'}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs">
            {!n.read && (
              <Badge size="xs" color="blue">
                New
              </Badge>
            )}
            {n.link ? (
              <Anchor
                href={n.link}
                fw={n.read ? 400 : 600}
                onClick={(event) => {
                  event.preventDefault();
                  if (!n.read) markRead.mutate(n.id);
                  if (n.link) router.history.push(n.link);
                }}
              >
                {n.subject}
              </Anchor>
            ) : (
              <Text fw={n.read ? 400 : 600}>{n.subject}</Text>
            )}
          </Group>
          {n.body && (
            <Text size="sm" c="dimmed" lineClamp={2}>
              {n.body}
            </Text>
          )}
          <Text size="xs" c="dimmed" title={formatDateTime(n.createdAt)}>
            {formatRelative(n.createdAt)}
          </Text>
        </Stack>
        {!n.read && (
          <Button
            size="xs"
            variant="subtle"
            loading={markRead.isPending}
            onClick={() => markRead.mutate(n.id)}
            aria-label={`Mark “${n.subject}” read`}
          >
            Mark read
          </Button>
        )}
      </Group>
    </Card>
  );
}
