import { Button, Group, Select, Stack, Text } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { usePartyMembers } from '../members/api';
import type { PartyRef } from '../ui/api-types';
import { errorMessage } from '../ui/error-display';
import type { RaciRole, Service } from './api';
import { RACI_NAMES, RACI_ROLES } from './raci';

interface NamedPersonFormProps {
  slug: string;
  services: Service[];
  parties: PartyRef[];
  onAdd: (change: {
    serviceId: string;
    partyId: string;
    membershipId: string;
    personName: string;
    role: RaciRole;
  }) => void;
}

/** Adds a role held by one named person (rather than their whole party) to the change set. */
export function NamedPersonForm({ slug, services, parties, onAdd }: NamedPersonFormProps) {
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [partyId, setPartyId] = useState<string | null>(null);
  const [membershipId, setMembershipId] = useState<string | null>(null);
  const [role, setRole] = useState<RaciRole>('R');
  const members = usePartyMembers(slug, partyId);
  // Requesters have no party, so the members of a party are its staff; viewers cannot carry work.
  const people = (members.data?.items ?? []).filter((m) => m.role !== 'viewer');

  function submit(event: FormEvent) {
    event.preventDefault();
    const person = people.find((m) => m.id === membershipId);
    if (!serviceId || !partyId || !person) return;
    onAdd({ serviceId, partyId, membershipId: person.id, personName: person.account.name, role });
    setMembershipId(null);
  }

  return (
    <form onSubmit={submit} aria-labelledby="named-person-title">
      <Stack gap="xs">
        <Text fw={600} size="sm" id="named-person-title">
          Name a person
        </Text>
        <Text size="xs" c="dimmed">
          For a role one person holds rather than their whole party, such as the engineer Responsible for
          backups.
        </Text>
        <Select
          label="Service"
          placeholder="Pick a service"
          data={services.filter((s) => s.status === 'active').map((s) => ({ value: s.id, label: s.name }))}
          value={serviceId}
          onChange={setServiceId}
          searchable
        />
        <Group grow gap="xs" align="flex-start">
          <Select
            label="Party"
            placeholder="Pick a party"
            data={parties.map((p) => ({ value: p.id, label: p.name }))}
            value={partyId}
            onChange={(value) => {
              setPartyId(value);
              setMembershipId(null);
            }}
          />
          <Select
            label="Role"
            data={RACI_ROLES.map((r) => ({ value: r, label: `${r}: ${RACI_NAMES[r]}` }))}
            value={role}
            onChange={(value) => value && setRole(value as RaciRole)}
            allowDeselect={false}
          />
        </Group>
        <Select
          label="Person"
          placeholder={partyId ? 'Pick a person' : 'Pick a party first'}
          data={people.map((m) => ({ value: m.id, label: m.account.name }))}
          value={membershipId}
          onChange={setMembershipId}
          disabled={!partyId}
          searchable
          nothingFoundMessage="Nobody active in this party"
          error={members.isError ? errorMessage(members.error) : undefined}
        />
        <Group justify="flex-end">
          <Button
            type="submit"
            variant="light"
            size="sm"
            leftSection={<IconUserPlus size={16} aria-hidden />}
            disabled={!serviceId || !partyId || !membershipId}
          >
            Add to changes
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
