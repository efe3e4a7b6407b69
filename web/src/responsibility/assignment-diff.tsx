import { Badge, Card, Group, Stack, Table, Text } from '@mantine/core';
import type { PartyRef } from '../ui/api-types';
import { DataTable } from '../ui/data-table';
import type { Assignment, ChangeOp, Service } from './api';
import { RACI_NAMES } from './raci';

export interface DiffRow extends Assignment {
  op: ChangeOp;
}

interface AssignmentDiffProps {
  rows: DiffRow[];
  services: Service[];
  parties: PartyRef[];
  /** Names the list for assistive technology ("Changes in proposal #3"). */
  label: string;
}

const serviceName = (services: Service[], id: string) =>
  services.find((s) => s.id === id)?.name ?? 'A service no longer listed';
const partyName = (parties: PartyRef[], id: string) =>
  parties.find((p) => p.id === id)?.name ?? 'A party no longer listed';

function OpBadge({ op }: { op: ChangeOp }) {
  return (
    <Badge color={op === 'add' ? 'teal' : 'red'} variant="light">
      {op === 'add' ? 'Added' : 'Removed'}
    </Badge>
  );
}

/** A readable diff: service, party or person, role, and whether it is added or removed. Sorted by service. */
export function AssignmentDiff({ rows, services, parties, label }: AssignmentDiffProps) {
  const sorted = [...rows].sort(
    (a, b) =>
      serviceName(services, a.serviceId).localeCompare(serviceName(services, b.serviceId)) ||
      (a.op === b.op ? 0 : a.op === 'remove' ? -1 : 1),
  );
  return (
    <>
      <Table.ScrollContainer minWidth={560} visibleFrom="sm">
        <DataTable
          verticalSpacing="xs"
          aria-label={label}
          head={['Service', 'Party / person', 'Role', 'Change']}
        >
          {sorted.map((row) => (
            <Table.Tr key={`${row.op}|${row.serviceId}|${row.partyId}|${row.membershipId}|${row.role}`}>
              <Table.Td>{serviceName(services, row.serviceId)}</Table.Td>
              <Table.Td>
                {partyName(parties, row.partyId)}
                {row.membershipId && (
                  <Text size="xs" c="dimmed">
                    Named: {row.personName ?? 'a former member'}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {row.role} · {RACI_NAMES[row.role]}
              </Table.Td>
              <Table.Td>
                <OpBadge op={row.op} />
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      </Table.ScrollContainer>
      <Stack
        gap="xs"
        hiddenFrom="sm"
        component="ul"
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
        aria-label={label}
      >
        {sorted.map((row) => (
          <Card
            key={`${row.op}|${row.serviceId}|${row.partyId}|${row.membershipId}|${row.role}`}
            component="li"
            withBorder
            padding="sm"
          >
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Text size="sm" fw={600}>
                {serviceName(services, row.serviceId)}
              </Text>
              <OpBadge op={row.op} />
            </Group>
            <Text size="sm">
              {RACI_NAMES[row.role]}: {partyName(parties, row.partyId)}
              {row.membershipId ? ` (${row.personName ?? 'a former member'})` : ''}
            </Text>
          </Card>
        ))}
      </Stack>
    </>
  );
}
