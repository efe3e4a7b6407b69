import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { ErrorState } from '../ui/error-display';
import { formatDateTime, pluralise } from '../ui/format';
import { PagePending } from '../ui/loading';
import { Page } from '../ui/page-layout';
import { AnchorLink } from '../ui/router-links';
import {
  type CredentialAnswer,
  KIND_LABELS,
  useIntegration,
  useRotateCredential,
  useUpdateIntegration,
} from './api';
import { CredentialNotice } from './credential-notice';
import { RulesEditor } from './rules-editor';

const route = getRouteApi('/_app/w/$ws/integrations/$id');

const NOTIFICATION_COLORS = { queued: 'blue', processed: 'teal', failed: 'red' } as const;

export function IntegrationPage() {
  const { ws: slug, id } = route.useParams();
  const detail = useIntegration(slug, id);
  const rotate = useRotateCredential(slug, id);
  const update = useUpdateIntegration(slug, id);
  const [confirming, setConfirming] = useState(false);
  const [rotated, setRotated] = useState<CredentialAnswer | null>(null);

  if (!detail.isSuccess)
    return <PagePending query={detail} title="Integration" label="Loading the integration" />;
  const { integration, notifications, alerts } = detail.data;
  const isWebhook = integration.kind === 'signed_webhook';
  return (
    <Page
      title={integration.name}
      description={KIND_LABELS[integration.kind]}
      actions={
        integration.abilities.configure && (
          <Group gap="sm">
            <Button
              variant="default"
              loading={update.isPending}
              onClick={() =>
                update.mutate({
                  version: integration.version,
                  status: integration.status === 'active' ? 'disabled' : 'active',
                })
              }
            >
              {integration.status === 'active' ? 'Disable' : 'Enable'}
            </Button>
            <Button
              variant="default"
              leftSection={<IconRefresh size={16} aria-hidden />}
              onClick={() => setConfirming(true)}
            >
              {isWebhook ? 'Rotate secret' : 'Rotate token'}
            </Button>
          </Group>
        )
      }
    >
      {rotated && <CredentialNotice answer={rotated} origin={window.location.origin} />}
      <Paper withBorder p="md" radius="md">
        <Stack gap="xs">
          <Group gap="sm">
            <Badge color={integration.status === 'active' ? 'teal' : 'gray'} variant="light">
              {integration.status === 'active' ? 'Active' : 'Disabled'}
            </Badge>
            <Text size="sm">Last alert received: {formatDateTime(integration.lastEventAt, 'none yet')}</Text>
          </Group>
          <Text size="sm">
            Posts to <code>{integration.endpoint}</code>
          </Text>
          <Text size="sm">
            Unmatched alerts: joint triage, priority {integration.defaultPriority};{' '}
            {pluralise(integration.rules.length, 'label rule')};{' '}
            {integration.resolveTickets
              ? 'resolved alerts resolve their ticket'
              : 'resolved alerts are noted only'}
            .
          </Text>
          {integration.previousSecretValidUntil && (
            <Text size="sm" c="dimmed">
              The previous secret is still accepted until{' '}
              {formatDateTime(integration.previousSecretValidUntil)}.
            </Text>
          )}
          {integration.lastError && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title="Last error">
              {integration.lastError} ({formatDateTime(integration.lastErrorAt)})
            </Alert>
          )}
        </Stack>
      </Paper>
      {update.error && <ErrorState error={update.error} />}

      <RulesEditor slug={slug} integration={integration} />

      <Title order={2} size="h4">
        Alerts
      </Title>
      {alerts.length === 0 ? (
        <EmptyState
          title="No alert yet"
          description="Once the tool posts an alert it shows here with its ticket; send a test alert from the tool to check the connection."
        />
      ) : (
        <DataTable
          striped
          aria-label="Alerts"
          head={['Alert', 'Ticket', 'State', 'Occurrences', 'Last seen']}
        >
          {alerts.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>{a.name}</Table.Td>
              <Table.Td>
                <AnchorLink to="/w/$ws/tickets/$key" params={{ ws: slug, key: a.ticketKey }}>
                  {a.ticketKey}
                </AnchorLink>
              </Table.Td>
              <Table.Td>
                <Badge color={a.status === 'firing' ? 'red' : 'teal'} variant="light">
                  {a.status === 'firing' ? 'Firing' : `Resolved ${formatDateTime(a.resolvedAt)}`}
                </Badge>
              </Table.Td>
              <Table.Td>{a.occurrences}</Table.Td>
              <Table.Td>{formatDateTime(a.lastSeenAt)}</Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}

      <Title order={2} size="h4">
        Last notifications
      </Title>
      {notifications.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing received yet.
        </Text>
      ) : (
        <DataTable
          striped
          aria-label="Last notifications"
          head={['Received', 'Alerts', 'Status', 'New tickets', 'Error']}
        >
          {notifications.map((n) => (
            <Table.Tr key={n.id}>
              <Table.Td>{formatDateTime(n.receivedAt)}</Table.Td>
              <Table.Td>{n.alertCount}</Table.Td>
              <Table.Td>
                <Badge color={NOTIFICATION_COLORS[n.status]} variant="light">
                  {n.status}
                </Badge>
              </Table.Td>
              <Table.Td>{n.ticketsCreated}</Table.Td>
              <Table.Td>
                <Text size="sm" c={n.error ? 'red' : 'dimmed'}>
                  {n.error ?? '—'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
      <ConfirmDialog
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={isWebhook ? 'Rotate the signing secret?' : 'Rotate the bearer token?'}
        confirmLabel="Rotate"
        pending={rotate.isPending}
        error={rotate.error}
        onConfirm={() =>
          rotate.mutate(undefined, {
            onSuccess: (answer) => {
              setRotated(answer);
              setConfirming(false);
            },
          })
        }
      >
        {isWebhook
          ? 'A new secret is made; the current one keeps working for 24 hours so you can update the tool.'
          : 'A new token is made and the current one stops working at once: update Alertmanager straight away.'}
      </ConfirmDialog>
    </Page>
  );
}
