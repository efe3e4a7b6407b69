import { Group, Paper, Stack, Text } from '@mantine/core';
import { IconInbox } from '@tabler/icons-react';
import { EmptyState } from '../ui/empty-state';
import { formatDateTime, formatRelative } from '../ui/format';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { AnchorLink } from '../ui/router-links';
import { BouncingBadge, LaneBadge, PriorityBadge, StatusBadge } from './badges';
import { useCrossQueue } from './desk-api';

/** One queue for staff who serve several workspaces: their lanes' and joint triage's open tickets, most urgent first. */
export function CrossQueuePage() {
  const queue = useCrossQueue();
  const items = queue.data?.items ?? [];
  return (
    <Page
      title="All my workspaces"
      description="Open tickets in your party’s lane and in joint triage in every workspace you serve, most urgent first."
    >
      <QueryStatus query={queue} rows={5} label="Loading tickets" />
      {queue.isSuccess && items.length === 0 && (
        <EmptyState
          icon={<IconInbox aria-hidden />}
          title="Your lanes are clear"
          description="No open tickets wait in your party’s lane or in joint triage in any workspace you serve."
        />
      )}
      {items.length > 0 && (
        <Stack gap="xs" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Tickets">
          {items.map((ticket) => (
            <Paper key={`${ticket.workspace.slug}:${ticket.id}`} component="li" withBorder radius="md" p="sm">
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
                <div style={{ minWidth: 0 }}>
                  <Text size="xs" c="dimmed" fw={600}>
                    {ticket.workspace.name} · {ticket.key} · {ticket.service.name ?? 'Service'}
                  </Text>
                  <AnchorLink
                    to="/w/$ws/tickets/$key"
                    params={{ ws: ticket.workspace.slug, key: ticket.key }}
                    fw={600}
                    style={{ overflowWrap: 'anywhere' }}
                  >
                    {ticket.subject}
                  </AnchorLink>
                  <Text size="xs" c="dimmed" mt={2}>
                    {ticket.assignee
                      ? `Assigned to ${ticket.assignee.name ?? 'a former member'}`
                      : 'Unassigned'}
                    {' · updated '}
                    <span title={formatDateTime(ticket.updatedAt)}>{formatRelative(ticket.updatedAt)}</span>
                  </Text>
                </div>
                <PriorityBadge priority={ticket.priority} />
              </Group>
              <Group gap={6} mt={6}>
                <StatusBadge status={ticket.status} size="sm" />
                <LaneBadge lane={ticket.lane} />
                {ticket.bouncing && <BouncingBadge handoffCount={ticket.handoffCount} />}
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      {queue.isSuccess && items.length > 0 && (
        <Text size="xs" c="dimmed" ta="center">
          {items.length === 1 ? 'That is the only open ticket.' : `${items.length} open tickets shown.`}
        </Text>
      )}
    </Page>
  );
}
