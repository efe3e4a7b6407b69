import { Button, Group, Paper, Stack, Text, Timeline, Title } from '@mantine/core';
import { IconArrowsExchange, IconRoute } from '@tabler/icons-react';
import { useState } from 'react';
import type { Party } from '../ui/api-types';
import { formatDateTime, formatRelative, pluralise } from '../ui/format';
import { BouncingBadge } from './badges';
import { HandoffDialog } from './handoff-dialog';
import type { Ticket, TicketHandoff } from './types';

interface TicketPathProps {
  slug: string;
  ticket: Ticket;
  handoffs: TicketHandoff[];
  parties: Party[];
  onReload: () => Promise<unknown>;
}

/** Why the ticket landed where it did, and every move between parties since, with its reason. */
export function TicketPath({ slug, ticket, handoffs, parties, onReload }: TicketPathProps) {
  const [opened, setOpened] = useState(false);
  const name = (id: string | null) =>
    id === null ? 'Joint triage' : (parties.find((p) => p.id === id)?.name ?? 'A former party');
  const mayHandOff = ticket.abilities.handOff === true && ticket.status !== 'closed';

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="path-title">
      <Group justify="space-between" mb="xs" gap="xs">
        <Title order={2} size="h4" id="path-title">
          The path
        </Title>
        <Text size="xs" c="dimmed">
          {pluralise(ticket.handoffCount, 'handoff')}
        </Text>
      </Group>
      <Stack gap="sm">
        {ticket.bouncing && (
          <Group>
            <BouncingBadge handoffCount={ticket.handoffCount} />
          </Group>
        )}
        <Group gap={6} wrap="nowrap" align="flex-start">
          <IconRoute size={18} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
          <Text size="sm">
            <Text span fw={600}>
              Routing:{' '}
            </Text>
            {ticket.routingReason ?? 'Routed by the responsibility map.'}
          </Text>
        </Group>
        {handoffs.length > 0 ? (
          <Timeline active={handoffs.length} bulletSize={20} lineWidth={2} aria-label="Handoffs">
            {handoffs.map((h) => (
              <Timeline.Item
                key={h.id}
                bullet={<IconArrowsExchange size={12} aria-hidden />}
                title={
                  <Text size="sm" fw={600}>
                    {name(h.fromPartyId)} → {name(h.toPartyId)}
                  </Text>
                }
              >
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {h.reason}
                </Text>
                <Text size="xs" c="dimmed">
                  By {h.by.name ?? 'a former member'}
                  {h.by.partyName ? ` (${h.by.partyName})` : ''} ·{' '}
                  <time dateTime={h.createdAt} title={formatDateTime(h.createdAt)}>
                    {formatRelative(h.createdAt)}
                  </time>
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        ) : (
          <Text size="sm" c="dimmed">
            Not handed off: it is still where routing put it.
          </Text>
        )}
        {mayHandOff && (
          <Group>
            <Button
              variant="light"
              size="sm"
              leftSection={<IconArrowsExchange size={16} aria-hidden />}
              onClick={() => setOpened(true)}
            >
              Hand off…
            </Button>
          </Group>
        )}
      </Stack>
      <HandoffDialog
        opened={opened}
        slug={slug}
        ticket={ticket}
        parties={parties}
        onClose={() => setOpened(false)}
        onReload={onReload}
      />
    </Paper>
  );
}
