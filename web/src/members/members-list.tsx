import { Badge, Card, Group, Stack, Table, Text } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { ROLE_LABELS } from '../ui/api-types';
import { formatDate } from '../ui/format';
import { type Member, partyColor } from './api';
import { MemberActions } from './member-actions';

function PartyBadge({ member }: { member: Member }) {
  if (!member.party)
    return (
      <Text size="sm" c="dimmed">
        No party
      </Text>
    );
  return (
    <Badge variant="light" color={partyColor(member.party.kind)} tt="none">
      {member.party.name}
    </Badge>
  );
}

function StatusBadges({ member }: { member: Member }) {
  return (
    <Group gap={4} wrap="nowrap">
      {member.status === 'deactivated' ? (
        <Badge color="gray" variant="outline">
          Deactivated
        </Badge>
      ) : (
        <Badge color="teal" variant="dot">
          Active
        </Badge>
      )}
      {member.mfaEnrolled && (
        <Badge
          color="teal"
          variant="transparent"
          px={0}
          leftSection={<IconShieldCheck size={14} aria-hidden />}
          title="Two-factor authentication is on"
        >
          2FA
        </Badge>
      )}
    </Group>
  );
}

/** A table on wide screens, cards on a phone: the same members, the same actions. */
export function MembersList({ slug, members }: { slug: string; members: Member[] }) {
  return (
    <>
      <Table.ScrollContainer minWidth={720} visibleFrom="sm">
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Party</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Member since</Table.Th>
              <Table.Th w={48}>
                <span className="visually-hidden">Actions</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.map((member) => (
              <Table.Tr key={member.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {member.account.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {member.account.email}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <PartyBadge member={member} />
                </Table.Td>
                <Table.Td>{ROLE_LABELS[member.role] ?? member.role}</Table.Td>
                <Table.Td>
                  <StatusBadges member={member} />
                </Table.Td>
                <Table.Td>{formatDate(member.createdAt)}</Table.Td>
                <Table.Td>
                  <MemberActions slug={slug} member={member} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Stack gap="xs" hiddenFrom="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {members.map((member) => (
          <Card key={member.id} component="li" withBorder padding="sm" radius="md">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <div style={{ minWidth: 0 }}>
                <Text size="sm" fw={500} truncate>
                  {member.account.name}
                </Text>
                <Text size="xs" c="dimmed" truncate>
                  {member.account.email}
                </Text>
              </div>
              <MemberActions slug={slug} member={member} />
            </Group>
            <Group gap="xs" mt="xs">
              <PartyBadge member={member} />
              <Text size="sm">{ROLE_LABELS[member.role] ?? member.role}</Text>
              <StatusBadges member={member} />
            </Group>
          </Card>
        ))}
      </Stack>
    </>
  );
}
