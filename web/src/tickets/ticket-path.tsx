import { Badge, Button, Group, Paper, Stack, Text, Timeline, Title } from '@mantine/core';
import { IconArrowsExchange, IconEye, IconRoute } from '@tabler/icons-react';
import { useState } from 'react';
import { partyColor } from '../members/api';
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
                key={`${h.createdAt}|${h.toPartyId}`}
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
                <Text size="xs" c="dimmed" title={formatDateTime(h.createdAt)}>
                  {formatRelative(h.createdAt)}
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

/** Parties watching the ticket: those marked Informed for its service, and those that handed it off. */
export function Watchers({ watcherPartyIds, parties }: { watcherPartyIds: string[]; parties: Party[] }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="watchers-title">
      <Title order={2} size="h4" id="watchers-title" mb="xs">
        <IconEye size={18} aria-hidden style={{ verticalAlign: '-3px', marginRight: 6 }} />
        Watching
      </Title>
      {watcherPartyIds.length === 0 ? (
        <Text size="sm" c="dimmed">
          No party watches it beyond the lane it is in.
        </Text>
      ) : (
        <Group gap={6}>
          {watcherPartyIds.map((id) => {
            const party = parties.find((p) => p.id === id);
            return (
              <Badge key={id} variant="light" tt="none" color={party ? partyColor(party.kind) : 'gray'}>
                {party?.name ?? 'A former party'}
              </Badge>
            );
          })}
        </Group>
      )}
      <Text size="xs" c="dimmed" mt="xs">
        Parties marked Informed for the service, and parties that handed the ticket off, keep seeing it.
      </Text>
    </Paper>
  );
}
