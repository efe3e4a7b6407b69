import { Badge, Button, Group, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconEye, IconPlus } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { partyColor } from '../members/api';
import type { Party } from '../ui/api-types';
import { errorMessage, FormAlert } from '../ui/error-display';
import { RemoveItemButton } from '../ui/remove-item-button';
import { TitledSection } from '../ui/titled-section';
import { useAddWatcher, useRemoveWatcher } from './extras-api';
import type { Ticket, TicketWatcher } from './types';

interface WatchersCardProps {
  slug: string;
  ticket: Ticket;
  watchers: TicketWatcher[];
  parties: Party[];
  /** The reader's party: provider staff may only change their own party's watch (the server checks too). */
  myParty: { id: string; kind: 'internal' | 'provider' } | null;
}

/** Parties watching the ticket beyond its lane, and (for leads and agents) adding or removing one. */
export function WatchersCard({ slug, ticket, watchers, parties, myParty }: WatchersCardProps) {
  const add = useAddWatcher(slug, ticket.key);
  const remove = useRemoveWatcher(slug, ticket.key);
  const [partyId, setPartyId] = useState<string | null>(null);
  const mayWatch = ticket.abilities.watch === true && myParty !== null;
  const mayChange = (id: string) => mayWatch && (myParty?.kind === 'internal' || myParty?.id === id);
  const lanePartyId = ticket.lane.kind === 'party' ? ticket.lane.partyId : null;
  const choices = parties.filter(
    (p) => mayChange(p.id) && p.id !== lanePartyId && !watchers.some((w) => w.partyId === p.id),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!partyId) return;
    const name = parties.find((p) => p.id === partyId)?.name ?? 'The party';
    remove.reset();
    add.mutate(partyId, {
      onSuccess: () => {
        setPartyId(null);
        notifications.show({ color: 'teal', message: `${name} now watches ${ticket.key}.` });
      },
    });
  }

  function stop(watcher: TicketWatcher) {
    add.reset();
    remove.mutate(watcher.partyId, {
      onSuccess: () =>
        notifications.show({ color: 'teal', message: `${watcher.name} no longer watches ${ticket.key}.` }),
    });
  }

  const failure = add.error ?? remove.error;
  return (
    <TitledSection title="Watching" icon={IconEye}>
      {watchers.length === 0 ? (
        <Text size="sm" c="dimmed">
          No party watches it beyond the lane it is in.
        </Text>
      ) : (
        <Stack component="ul" gap={6} p={0} m={0} style={{ listStyle: 'none' }} aria-label="Watching parties">
          {watchers.map((w) => (
            <Group component="li" key={w.partyId} gap={6} wrap="nowrap">
              <Badge variant="light" tt="none" color={partyColor(w.kind)}>
                {w.name}
              </Badge>
              <Text size="xs" c="dimmed" style={{ flex: 1 }}>
                {w.automatic ? 'by routing or a handoff' : 'added by staff'}
              </Text>
              {mayChange(w.partyId) && (
                <RemoveItemButton
                  label={`Stop ${w.name} watching`}
                  loading={remove.isPending && remove.variables === w.partyId}
                  onClick={() => stop(w)}
                />
              )}
            </Group>
          ))}
        </Stack>
      )}
      <FormAlert message={failure ? errorMessage(failure) : null} title="Watchers not changed" />
      {mayWatch && choices.length > 0 && (
        <form onSubmit={submit} aria-label="Add a watching party">
          <Group gap="xs" mt="sm" align="flex-end" wrap="nowrap">
            <Select
              label="Add a watching party"
              placeholder="Pick a party"
              data={choices.map((p) => ({ value: p.id, label: p.name }))}
              value={partyId}
              onChange={setPartyId}
              size="sm"
              style={{ flex: 1 }}
              comboboxProps={{ withinPortal: true }}
            />
            <Button
              type="submit"
              variant="light"
              size="sm"
              disabled={!partyId}
              loading={add.isPending}
              leftSection={<IconPlus size={14} aria-hidden />}
            >
              Add
            </Button>
          </Group>
        </form>
      )}
      <Text size="xs" c="dimmed" mt="xs">
        A watching party sees the ticket even outside its lane: parties marked Informed for the service and
        parties that handed it off are added on their own.
      </Text>
    </TitledSection>
  );
}
