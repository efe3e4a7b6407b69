import { Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconBuildingFactory2, IconShieldCheck, IconShieldOff } from '@tabler/icons-react';
import { useMe } from '../auth/api';
import { AwaitingDecisionsCard } from '../decisions/awaiting-decisions-card';
import { LeadHomeSections } from '../readiness/lead-home';
import { MapHealthCard } from '../responsibility/map-health-card';
import { HistoryBuildCard } from '../simulation/history-build-card';
import { type Party, type PartyRef, ROLE_DESCRIPTIONS, ROLE_LABELS, type Role } from '../ui/api-types';
import { EmptyState } from '../ui/empty-state';
import { pluralise } from '../ui/format';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { AnchorLink, ButtonLink } from '../ui/router-links';
import { can, useParties, useWorkspace } from '../workspaces/api';
import { useWorkspaceSlug } from '../workspaces/use-workspace-slug';

export function WorkspaceHomePage() {
  const slug = useWorkspaceSlug();
  // The layout above only renders this page once the workspace has loaded.
  const detail = useWorkspace(slug).data;
  const mine = useMe().data?.memberships.find((m) => m.workspace.slug === slug);
  if (!detail) return null;
  const { workspace, membership, abilities } = detail;
  // /w/:ws names only the party's id and kind; /me has its name.
  const party: PartyRef | null = membership.partyId
    ? (mine?.party ?? {
        id: membership.partyId,
        name: 'Your party',
        kind: membership.partyKind ?? 'internal',
      })
    : null;

  // The internal and the provider lead see the service at a glance first; agents keep this work-first home.
  const isLeadOfParty = membership.role === 'lead' && membership.partyId !== null;

  return (
    <Page
      title={workspace.name}
      description={
        isLeadOfParty
          ? 'How ready the co-managed service is, and what needs you soon.'
          : 'Your co-managed IT workspace: who is in it and how it is set up.'
      }
      actions={
        can(abilities, 'inviteMembers') && (
          <ButtonLink to="/w/$ws/members" params={{ ws: slug }} search={{ invite: true }}>
            Invite someone
          </ButtonLink>
        )
      }
    >
      {isLeadOfParty && <HistoryBuildCard slug={slug} />}
      {isLeadOfParty && <LeadHomeSections slug={slug} />}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <MembershipCard role={membership.role} party={party} />
        <SecurityCard requireMfa={workspace.requireMfa} />
      </SimpleGrid>
      {can(abilities, 'readDecisions') && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <AwaitingDecisionsCard slug={slug} />
          <MapHealthCard slug={slug} />
        </SimpleGrid>
      )}
      {can(abilities, 'readMembers') && (
        <PartiesCard
          slug={slug}
          canManage={can(abilities, 'manageParties')}
          ownPartyId={membership.partyId ?? undefined}
        />
      )}
    </Page>
  );
}

function MembershipCard({ role, party }: { role: Role; party: PartyRef | null }) {
  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={2} size="h4" mb="sm">
        Your place here
      </Title>
      <Group gap="xs" mb="xs">
        <Badge variant="light">{ROLE_LABELS[role] ?? role}</Badge>
        {party ? (
          <Badge variant="outline" tt="none" color={party.kind === 'internal' ? 'teal' : 'indigo'}>
            {party.name}
          </Badge>
        ) : (
          <Badge variant="outline" color="gray">
            No party
          </Badge>
        )}
      </Group>
      <Text size="sm">{ROLE_DESCRIPTIONS[role]}.</Text>
      <Text size="sm" c="dimmed" mt="xs">
        {party
          ? party.kind === 'internal'
            ? 'You are on the internal IT team, which keeps the decision rights in this workspace.'
            : 'You work for an IT provider of this organisation.'
          : 'Requesters ask for help and follow their requests; they do not belong to a party.'}
      </Text>
    </Card>
  );
}

function SecurityCard({ requireMfa }: { requireMfa: boolean }) {
  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={2} size="h4" mb="sm">
        Sign-in security
      </Title>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        {requireMfa ? (
          <IconShieldCheck size={22} color="var(--mantine-color-teal-7)" aria-hidden />
        ) : (
          <IconShieldOff size={22} color="var(--mantine-color-gray-6)" aria-hidden />
        )}
        <Text size="sm">
          {requireMfa
            ? 'Everyone in this workspace must use two-factor authentication.'
            : 'Two-factor authentication is required for leads and provider staff; others may turn it on themselves.'}
        </Text>
      </Group>
      <AnchorLink to="/account" size="sm" mt="sm" display="inline-block">
        Check my sign-in security
      </AnchorLink>
    </Card>
  );
}

function PartiesCard({
  slug,
  canManage,
  ownPartyId,
}: {
  slug: string;
  canManage: boolean;
  ownPartyId?: string;
}) {
  const parties = useParties(slug);
  const items = parties.data?.items ?? [];
  const providers = items.filter((p) => p.kind === 'provider');
  const total = items.reduce((sum, p) => sum + p.memberCount, 0);

  return (
    <Card withBorder radius="md" padding="lg">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Parties
        </Title>
        <AnchorLink to="/w/$ws/parties" params={{ ws: slug }} size="sm">
          {canManage ? 'Manage parties' : 'View parties'}
        </AnchorLink>
      </Group>
      <QueryStatus query={parties} rows={2} label="Loading parties" />
      {parties.isSuccess && (
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {pluralise(items.length, 'party', 'parties')}, {pluralise(total, 'member')} with a party.
          </Text>
          <PartiesTable parties={items} ownPartyId={ownPartyId} />
          {providers.length === 0 && (
            <EmptyState
              icon={<IconBuildingFactory2 aria-hidden />}
              title="No IT provider here yet"
              description={
                canManage
                  ? 'Add your IT provider as a party, then invite its lead. They can invite the rest of their team.'
                  : 'The internal IT lead adds the provider as a party and invites its people.'
              }
              action={
                canManage && (
                  <ButtonLink to="/w/$ws/parties" params={{ ws: slug }} variant="light">
                    Add a provider party
                  </ButtonLink>
                )
              }
            />
          )}
        </Stack>
      )}
    </Card>
  );
}

function PartiesTable({ parties, ownPartyId }: { parties: Party[]; ownPartyId?: string }) {
  return (
    <Table verticalSpacing="xs">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Party</Table.Th>
          <Table.Th ta="right">Members</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {parties.map((party) => (
          <Table.Tr key={party.id}>
            <Table.Td>
              <Group gap={8} wrap="wrap">
                <Text size="sm">{party.name}</Text>
                <Badge size="sm" variant="light" color={party.kind === 'internal' ? 'teal' : 'indigo'}>
                  {party.kind === 'internal' ? 'Internal' : 'Provider'}
                </Badge>
                {party.id === ownPartyId && (
                  <Text span size="xs" c="dimmed">
                    yours
                  </Text>
                )}
              </Group>
            </Table.Td>
            <Table.Td ta="right">{party.memberCount}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
