import { Button, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconChecklist, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { formatDate } from '../ui/format';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { AnchorLink } from '../ui/router-links';
import { staffOnlyPage } from '../workspaces/staff-only-page';
import { obligationsQueryOptions, useAttention } from './api';
import { ObligationTabs } from './governance-tabs';
import { NewObligationDialog } from './new-obligation-dialog';
import { OccurrenceTable } from './occurrence-table';

export const ObligationsPage = staffOnlyPage(Obligations, {
  title: 'Obligations',
  notice: 'Obligations are run by IT staff',
  description: 'The recurring controls and their evidence are kept by the internal team and its provider.',
});

function Obligations({ slug }: { slug: string }) {
  const list = useQuery(obligationsQueryOptions(slug));
  const attention = useAttention(slug);
  const [creating, setCreating] = useState(false);
  const mayManage = list.data?.abilities.manage === true;
  const items = list.data?.items ?? [];
  const pending = attention.data?.items ?? [];
  return (
    <Page
      title="Obligations"
      description="Recurring controls with the evidence each occurrence needs. The party Responsible for the service in the map hands the evidence in; the internal party accepts it."
      actions={
        mayManage && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
            New obligation
          </Button>
        )
      }
    >
      <ObligationTabs slug={slug} current="obligations" />
      <NewObligationDialog slug={slug} opened={creating} onClose={() => setCreating(false)} />
      <Paper withBorder radius="md" p="md" component="section" aria-labelledby="attention-title">
        <Stack gap="sm">
          <Title order={2} size="h4" id="attention-title">
            Needs attention
          </Title>
          <QueryStatus query={attention} rows={3} label="Loading occurrences" />
          {attention.isSuccess && pending.length === 0 && (
            <Text size="sm" c="dimmed">
              Nothing is overdue, due in the next 30 days or awaiting review.
            </Text>
          )}
          {pending.length > 0 && (
            <OccurrenceTable
              slug={slug}
              items={pending}
              caption="Overdue, due within 30 days, or handed in and awaiting review"
            />
          )}
        </Stack>
      </Paper>
      <QueryStatus query={list} label="Loading obligations" />
      {list.isSuccess && items.length === 0 && (
        <EmptyState
          icon={<IconChecklist aria-hidden />}
          title="No obligations yet"
          description="An obligation is a recurring control (a monthly backup test, a quarterly access review) with a schedule and the evidence it needs. The internal IT lead defines them."
          action={
            mayManage && (
              <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
                New obligation
              </Button>
            )
          }
        />
      )}
      {items.length > 0 && (
        <DataTable
          minWidth={760}
          striped
          highlightOnHover
          caption={`${items.length} obligations`}
          scope="col"
          head={['Obligation', 'Schedule', 'Responsible', 'Accountable', 'Next due', 'Overdue']}
        >
          {items.map((o) => (
            <Table.Tr key={o.id} opacity={o.status === 'retired' ? 0.6 : 1}>
              <Table.Td>
                <AnchorLink to="/w/$ws/obligations/$key" params={{ ws: slug, key: o.key }} fw={600}>
                  {o.key}
                </AnchorLink>{' '}
                <Text span size="sm">
                  {o.title}
                </Text>
                <Text size="xs" c="dimmed">
                  {o.controls.map((c) => c.name).join(' · ')}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{o.scheduleText}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {o.responsibleParties.map((p) => p.name).join(', ') || 'Nobody in the map'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{o.accountable?.name ?? '—'}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {formatDate(o.nextDueOn)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text
                  size="sm"
                  c={o.overdueCount > 0 ? 'red' : undefined}
                  fw={o.overdueCount > 0 ? 700 : 400}
                >
                  {o.overdueCount}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </Page>
  );
}
