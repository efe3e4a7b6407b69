import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconClockShield, IconInfoCircle, IconPlus, IconShieldOff } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { ACTIONS_HEADING, DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { errorMessage, FormAlert } from '../ui/error-display';
import { formatDateTime, formatRelative } from '../ui/format';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { AccessTabs } from './access-tabs';
import {
  formatDuration,
  type Grant,
  type RevocationTask,
  TIER_LABELS,
  useDecideGrant,
  useGrants,
  useRevocations,
  useWithdrawGrant,
} from './api';
import { ConfirmRevocationDialog } from './confirm-revocation-dialog';
import { RequestGrantDialog } from './request-grant-dialog';

const route = getRouteApi('/_app/w/$ws/access/grants');

const STATUS_COLOURS: Record<Grant['status'], string> = {
  requested: 'yellow',
  active: 'green',
  rejected: 'gray',
  withdrawn: 'gray',
  expired: 'orange',
};

export function GrantsPage() {
  const { ws: slug } = route.useParams();
  const grants = useGrants(slug);
  const revocations = useRevocations(slug);
  const [requesting, setRequesting] = useState(false);
  const [confirming, setConfirming] = useState<RevocationTask | null>(null);
  const items = grants.data?.items ?? [];
  const tasks = revocations.data?.items ?? [];
  const open = tasks.filter((t) => t.status === 'open');
  const done = tasks.filter((t) => t.status === 'done');

  return (
    <Page
      title="Privileged access"
      description="Time-bound grants approved through the decision log; when one expires, a revocation task asks for evidence that the access is gone."
      actions={
        grants.data?.abilities.requestGrant && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setRequesting(true)}>
            Request access
          </Button>
        )
      }
    >
      <AccessTabs slug={slug} current="grants" />
      {grants.isSuccess && (
        <Alert variant="light" color="blue" icon={<IconInfoCircle aria-hidden />}>
          Grants last at most {formatDuration(grants.data.maxGrantMinutes)}. Approval is the decision right
          held by {grants.data.approver}; nobody approves their own request.
        </Alert>
      )}
      <section aria-labelledby="grants-heading">
        <Title order={2} size="h4" id="grants-heading" mb="xs">
          Grants
        </Title>
        <QueryStatus query={grants} rows={3} label="Loading grants" />
        {grants.isSuccess && items.length === 0 && (
          <EmptyState
            icon={<IconClockShield aria-hidden />}
            title="No access grants yet"
            description="When someone needs admin rights for a job, they request them here for a limited time."
          />
        )}
        {items.length > 0 && <GrantsTable slug={slug} items={items} />}
      </section>
      <section aria-labelledby="revocations-heading">
        <Title order={2} size="h4" id="revocations-heading" mb="xs">
          Revocation tasks
        </Title>
        <QueryStatus query={revocations} rows={2} label="Loading revocation tasks" />
        {revocations.isSuccess && tasks.length === 0 && (
          <EmptyState
            icon={<IconShieldOff aria-hidden />}
            title="Nothing to revoke"
            description="Expired grants and accounts a review decides to revoke appear here, for the responsible party to remove and confirm."
          />
        )}
        {tasks.length > 0 && (
          <Stack gap="xs">
            {[...open, ...done].map((task) => (
              <Paper key={task.id} component="section" withBorder radius="md" p="sm" aria-label={task.title}>
                <Group justify="space-between" align="flex-start" wrap="nowrap">
                  <Stack gap={2}>
                    <Group gap="xs">
                      <Badge color={task.status === 'open' ? 'orange' : 'green'} variant="light">
                        {task.status === 'open' ? 'To revoke' : 'Revoked'}
                      </Badge>
                      <Text fw={600} size="sm">
                        {task.title}
                      </Text>
                    </Group>
                    <Text size="xs" c="dimmed">
                      For {task.responsibleParty.name} · raised {formatRelative(task.createdAt)}
                      {task.source === 'review'
                        ? ' by an access review'
                        : task.source === 'grant_expired'
                          ? ' when the grant expired'
                          : ''}
                    </Text>
                    {task.status === 'done' && (
                      <Text size="sm">
                        Confirmed by {task.confirmedBy ?? 'someone'} {formatRelative(task.confirmedAt)}:{' '}
                        {task.evidence}
                        {task.evidenceFile ? ` (file: ${task.evidenceFile.filename})` : ''}
                      </Text>
                    )}
                  </Stack>
                  {task.abilities.confirm && (
                    <Button size="xs" onClick={() => setConfirming(task)}>
                      Confirm revocation
                    </Button>
                  )}
                </Group>
              </Paper>
            ))}
          </Stack>
        )}
      </section>
      {grants.data && (
        <RequestGrantDialog
          slug={slug}
          opened={requesting}
          onClose={() => setRequesting(false)}
          grants={grants.data}
        />
      )}
      <ConfirmRevocationDialog slug={slug} task={confirming} onClose={() => setConfirming(null)} />
    </Page>
  );
}

function GrantsTable({ slug, items }: { slug: string; items: Grant[] }) {
  const decide = useDecideGrant(slug);
  const withdraw = useWithdrawGrant(slug);
  const failure = decide.error ?? withdraw.error;
  return (
    <Stack gap="xs">
      <FormAlert message={failure ? errorMessage(failure) : null} />
      <Paper withBorder radius="md">
        <DataTable
          minWidth={800}
          verticalSpacing="sm"
          aria-label="Access grants"
          head={['Grant', 'Who', 'Status', 'Expires', ACTIONS_HEADING]}
        >
          {items.map((g) => (
            <Table.Tr key={g.id}>
              <Table.Td>
                <Stack gap={0}>
                  <Text fw={600} size="sm">
                    {g.key} {TIER_LABELS[g.tier]} on {g.system.name} for {formatDuration(g.durationMinutes)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {g.reason} · DEC-{g.decision.number}
                  </Text>
                </Stack>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{g.requestedBy.name}</Text>
                <Text size="xs" c="dimmed">
                  {g.requestedBy.partyName}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge color={STATUS_COLOURS[g.status]} variant="light">
                  {g.status}
                </Badge>
                {g.decidedBy && (
                  <Text size="xs" c="dimmed">
                    by {g.decidedBy}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm" title={formatDateTime(g.expiresAt)}>
                  {g.status === 'active'
                    ? formatRelative(g.expiresAt)
                    : g.expiredAt
                      ? `Expired ${formatRelative(g.expiredAt)}`
                      : '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap="xs" justify="flex-end" wrap="nowrap">
                  {g.abilities.decide && (
                    <>
                      <Button
                        size="xs"
                        color="green"
                        loading={decide.isPending}
                        aria-label={`Approve ${g.key}`}
                        onClick={() => decide.mutate({ key: g.key, outcome: 'approved', rationale: '' })}
                      >
                        Approve
                      </Button>
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={`Reject ${g.key}`}
                        onClick={() => decide.mutate({ key: g.key, outcome: 'rejected', rationale: '' })}
                      >
                        Reject
                      </Button>
                    </>
                  )}
                  {g.abilities.withdraw && (
                    <Button
                      size="xs"
                      variant="subtle"
                      onClick={() => withdraw.mutate(g.key)}
                      aria-label={`Withdraw ${g.key}`}
                    >
                      Withdraw
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      </Paper>
    </Stack>
  );
}
