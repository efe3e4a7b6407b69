import { Text } from '@mantine/core';
import { IconInbox } from '@tabler/icons-react';
import { CardList } from '../ui/card-list';
import { EmptyState } from '../ui/empty-state';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { useCrossQueue } from './desk-api';
import { StaffTicketCard } from './ticket-list';

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
        <CardList label="Tickets">
          {items.map((ticket) => (
            <StaffTicketCard
              key={`${ticket.workspace.slug}:${ticket.id}`}
              ticket={ticket}
              ws={ticket.workspace.slug}
              heading={`${ticket.workspace.name} · ${ticket.key} · ${ticket.service.name ?? 'Service'}`}
            />
          ))}
        </CardList>
      )}
      {queue.isSuccess && items.length > 0 && (
        <Text size="xs" c="dimmed" ta="center">
          {items.length === 1 ? 'That is the only open ticket.' : `${items.length} open tickets shown.`}
        </Text>
      )}
    </Page>
  );
}
