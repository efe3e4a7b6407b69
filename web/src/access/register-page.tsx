import { Badge, Button, Group, Paper, SimpleGrid, Stack, Switch, Table, Text } from '@mantine/core';
import { IconKey, IconPlus, IconShieldCheck } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { ACTIONS_HEADING, DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { formatDate, formatRelative } from '../ui/format';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { AccessTabs } from './access-tabs';
import { AddAccountDialog } from './add-account-dialog';
import { FINDING_LABELS, type FindingKind, type PrivilegedAccount, TIER_LABELS, useRegister } from './api';
import { EditAccountDialog } from './edit-account-dialog';

const route = getRouteApi('/_app/w/$ws/access');

export function RegisterPage() {
  const { ws: slug } = route.useParams();
  const [onlyFindings, setOnlyFindings] = useState(false);
  const [showRevoked, setShowRevoked] = useState(false);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<PrivilegedAccount | null>(null);
  const register = useRegister(slug, showRevoked);
  const items = (register.data?.items ?? []).filter((i) => !onlyFindings || i.findings.length > 0);
  const findingKinds = Object.keys(FINDING_LABELS) as FindingKind[];
  const flagged = (register.data?.items ?? []).filter((i) => i.findings.length > 0).length;

  return (
    <Page
      title="Privileged access"
      description="Accounts people of either party hold in the business's systems, and what is wrong with them."
      actions={
        register.data?.abilities.manageAccounts && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
            Add account
          </Button>
        )
      }
    >
      <AccessTabs slug={slug} current="register" />
      <QueryStatus query={register} rows={6} label="Loading the register" />
      {register.isSuccess && (
        <>
          <section aria-label="Findings">
            <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="sm">
              {findingKinds.map((kind) => (
                <Paper key={kind} withBorder radius="md" p="sm">
                  <Text size="xs" c="dimmed">
                    {FINDING_LABELS[kind]}
                  </Text>
                  <Text size="xl" fw={700} c={register.data.findings[kind] > 0 ? 'red' : undefined}>
                    {register.data.findings[kind]}
                  </Text>
                </Paper>
              ))}
            </SimpleGrid>
          </section>
          <Group gap="lg">
            <Switch
              label={`Only accounts with findings (${flagged})`}
              checked={onlyFindings}
              onChange={(e) => setOnlyFindings(e.currentTarget.checked)}
            />
            <Switch
              label="Show revoked accounts"
              checked={showRevoked}
              onChange={(e) => setShowRevoked(e.currentTarget.checked)}
            />
          </Group>
          {items.length === 0 ? (
            <EmptyState
              icon={onlyFindings ? <IconShieldCheck aria-hidden /> : <IconKey aria-hidden />}
              title={onlyFindings ? 'No findings' : 'No privileged accounts recorded yet'}
              description={
                onlyFindings
                  ? 'Every account is named, time-bound where it should be, and protected by MFA.'
                  : 'Record the admin, global admin and break-glass accounts people hold in your systems; findings appear as you add them.'
              }
            />
          ) : (
            <RegisterTable
              items={items}
              onEdit={register.data.abilities.manageAccounts ? setEditing : undefined}
            />
          )}
        </>
      )}
      {register.data && (
        <EditAccountDialog
          slug={slug}
          account={editing}
          onClose={() => setEditing(null)}
          register={register.data}
        />
      )}
      {register.data && (
        <AddAccountDialog
          slug={slug}
          opened={adding}
          onClose={() => setAdding(false)}
          register={register.data}
        />
      )}
    </Page>
  );
}

function RegisterTable({
  items,
  onEdit,
}: {
  items: PrivilegedAccount[];
  onEdit: ((account: PrivilegedAccount) => void) | undefined;
}) {
  return (
    <Paper withBorder radius="md">
      <DataTable
        minWidth={900}
        verticalSpacing="xs"
        highlightOnHover
        aria-label="Privileged accounts"
        head={[
          'System',
          'Account',
          'Person',
          'Tier',
          'MFA',
          'Expires',
          'Findings',
          ...(onEdit ? [ACTIONS_HEADING] : []),
        ]}
      >
        {items.map((a) => (
          <Table.Tr key={a.id} opacity={a.status === 'revoked' ? 0.6 : 1}>
            <Table.Td>{a.system.name}</Table.Td>
            <Table.Td>
              <Text size="sm" ff="monospace">
                {a.accountName}
              </Text>
              {a.status === 'revoked' && (
                <Badge size="xs" color="gray">
                  Revoked
                </Badge>
              )}
            </Table.Td>
            <Table.Td>
              {a.person ? (
                <Stack gap={0}>
                  <Text size="sm">{a.person.name}</Text>
                  <Text size="xs" c={a.person.active ? 'dimmed' : 'red'}>
                    {a.person.active ? a.person.partyName : 'No longer active'}
                  </Text>
                </Stack>
              ) : (
                <Text size="sm" c="dimmed">
                  Nobody named
                </Text>
              )}
            </Table.Td>
            <Table.Td>{TIER_LABELS[a.tier]}</Table.Td>
            <Table.Td>
              <Badge variant="light" color={a.mfa === 'yes' ? 'green' : a.mfa === 'no' ? 'red' : 'gray'}>
                {a.mfa === 'yes' ? 'Yes' : a.mfa === 'no' ? 'No' : 'Unknown'}
              </Badge>
            </Table.Td>
            <Table.Td>
              <Text size="sm" title={formatDate(a.expiresAt)}>
                {a.expiresAt ? formatRelative(a.expiresAt) : 'Standing'}
              </Text>
            </Table.Td>
            <Table.Td>
              <Group gap={4}>
                {a.findings.map((f) => (
                  <Badge key={f} color="red" variant="light" size="sm">
                    {FINDING_LABELS[f]}
                  </Badge>
                ))}
              </Group>
            </Table.Td>
            {onEdit && (
              <Table.Td>
                <Button
                  size="xs"
                  variant="subtle"
                  aria-label={`Edit ${a.accountName} on ${a.system.name}`}
                  onClick={() => onEdit(a)}
                >
                  Edit
                </Button>
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </DataTable>
    </Paper>
  );
}
