import { Alert, Badge, Code, Group, Stack, Table, Text } from '@mantine/core';
import { IconKey, IconLogin2 } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { EmptyState } from '../ui/empty-state';
import { ErrorState } from '../ui/error-display';
import { formatDateTime } from '../ui/format';
import { ListSkeleton } from '../ui/loading';
import { LockedPage } from '../ui/locked-page';
import { Page } from '../ui/page-layout';
import { SectionCard } from '../ui/section-card';
import { type SsoEvent, type SsoProvider, useSsoOverview } from './api';

const route = getRouteApi('/_app/w/$ws/single-sign-on');

const STATUS: Record<SsoProvider['status'], { label: string; color: string }> = {
  answered: { label: 'Answered', color: 'green' },
  unreachable: { label: 'Not answering', color: 'red' },
  not_used: { label: 'Not used yet', color: 'gray' },
};
const OUTCOME: Record<SsoEvent['outcome'], { label: string; color: string }> = {
  signed_in: { label: 'Signed in', color: 'green' },
  linked: { label: 'Linked', color: 'green' },
  joined: { label: 'Joined', color: 'blue' },
  refused: { label: 'Refused', color: 'red' },
};

/**
 * Single sign-on as an integration: each identity provider configured for this installation, whether
 * it answered at its last use, how its client secret is rotated, and the last sign-ins and refusals.
 */
export function SsoPage() {
  const { ws: slug } = route.useParams();
  const overview = useSsoOverview(slug);

  if (overview.error && 'code' in overview.error && overview.error.code === 'SSO_RIGHT_REQUIRED')
    return (
      <LockedPage
        title="Single sign-on"
        notice="Single sign-on is the internal IT lead's"
        description="The internal IT lead (or an administrator of this installation) sees the identity providers and their sign-in events."
      />
    );
  return (
    <Page
      title="Single sign-on"
      description="The identity providers people sign in with, configured for this whole installation, and the last sign-ins and refusals."
    >
      {overview.isPending ? (
        <ListSkeleton label="Loading single sign-on" />
      ) : overview.error ? (
        <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />
      ) : overview.data.providers.length === 0 ? (
        <EmptyState
          icon={<IconLogin2 aria-hidden />}
          title="No identity provider is configured"
          description="People sign in with a password. To add single sign-on, the operator of this installation sets TANDEM_OIDC_PROVIDERS (or TANDEM_OIDC_PROVIDERS_FILE) to the provider's issuer, client id and client secret, and restarts Tandem (see the README)."
        />
      ) : (
        <>
          {overview.data.providers.map((p) => (
            <ProviderCard key={p.id} provider={p} />
          ))}
          <SectionCard title="Last sign-ins and refusals">
            <Stack gap="sm">
              <Text size="sm" c="dimmed">
                {overview.data.instanceWide
                  ? 'As an administrator of this installation you also see attempts no workspace is known for (strangers, expired or forged sign-ins, providers not answering).'
                  : "This workspace's members only: attempts no workspace is known for are shown to the installation's administrators."}{' '}
                Linked: a member's first sign-in, which links their identity; joined: joined as a requester by
                a sign-in domain. Each provider keeps its newest {overview.data.eventsKept} events.
              </Text>
              <EventsTable events={overview.data.events} />
            </Stack>
          </SectionCard>
        </>
      )}
    </Page>
  );
}

function ProviderCard({ provider: p }: { provider: SsoProvider }) {
  const status = STATUS[p.status];
  return (
    <SectionCard title={p.name}>
      <Stack gap="sm" aria-label={`Identity provider ${p.name}`} role="group">
        <Group gap="sm">
          <Badge color={status.color} variant="light" aria-label={`Status: ${status.label}`}>
            {status.label}
          </Badge>
          <Text size="sm">
            {p.lastUsedAt ? `Last used ${formatDateTime(p.lastUsedAt)}` : 'No sign-in attempt kept'}
          </Text>
        </Group>
        {p.lastError && (
          <Alert color="red" title="The provider did not answer at its last use">
            {p.lastError}
          </Alert>
        )}
        <Table variant="vertical" aria-label={`${p.name} settings`}>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={160}>Id</Table.Th>
              <Table.Td>
                <Code>{p.id}</Code>
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Issuer</Table.Th>
              <Table.Td>
                <Code>{p.issuer}</Code>
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Client id</Table.Th>
              <Table.Td>
                <Code>{p.clientId}</Code>
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Client secret</Table.Th>
              <Table.Td>
                {p.clientSecret.configured ? 'Set' : 'None (public client)'} in{' '}
                <Code>{p.clientSecret.variable}</Code>
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Sign-out</Table.Th>
              <Table.Td>
                {p.signOutAtProvider
                  ? `Signing out of Tandem signs out of ${p.name} too`
                  : `Signing out of Tandem leaves the ${p.name} session open (signOutAtProvider is off)`}
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        <Alert icon={<IconKey size={16} aria-hidden />} title="Rotating the client secret" color="gray">
          {p.clientSecret.rotation}
        </Alert>
      </Stack>
    </SectionCard>
  );
}

function EventsTable({ events }: { events: SsoEvent[] }) {
  if (events.length === 0)
    return (
      <EmptyState
        icon={<IconLogin2 aria-hidden />}
        title="No sign-in yet"
        description="When someone signs in with single sign-on, or is refused, it shows here with the reason."
      />
    );
  return (
    <Table striped aria-label="Single sign-on events">
      <Table.Thead>
        <Table.Tr>
          <Table.Th miw={120}>When</Table.Th>
          <Table.Th>Provider</Table.Th>
          <Table.Th>E-mail</Table.Th>
          {/* The outcome's badge is never cut: its column is as wide as its longest word. */}
          <Table.Th style={{ whiteSpace: 'nowrap' }}>Outcome</Table.Th>
          <Table.Th>Reason</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {events.map((e) => (
          <Table.Tr key={e.id}>
            <Table.Td>{formatDateTime(e.at)}</Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{e.provider}</Table.Td>
            <Table.Td style={{ overflowWrap: 'anywhere', minWidth: 160 }}>{e.email ?? '—'}</Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              <Badge color={OUTCOME[e.outcome].color} variant="light" miw="max-content">
                {OUTCOME[e.outcome].label}
              </Badge>
            </Table.Td>
            <Table.Td>
              {e.code ? (
                <Stack gap={2}>
                  <Code>{e.code}</Code>
                  <Text size="sm">{e.reason}</Text>
                </Stack>
              ) : (
                '—'
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
