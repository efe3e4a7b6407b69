import { Alert, Button, Group, Paper, Stack, Table, Tabs, Text } from '@mantine/core';
import { IconAlertOctagon, IconLock, IconUrgent } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { formatDateTime, formatRelative } from '../ui/format';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { AnchorLink } from '../ui/router-links';
import { staffOnlyPage } from '../workspaces/staff-only-page';
import { useIncidents } from './api';
import { IncidentStatusBadge } from './badges';
import { DeclareIncidentDialog } from './declare-dialog';

const route = getRouteApi('/_app/w/$ws/incidents');

export const IncidentsPage = staffOnlyPage(IncidentList, {
  title: 'Major incidents',
  notice: 'Major incidents are run by IT staff',
  description: 'While one is open, its latest update shows at the top of the portal.',
});

function IncidentList({ slug }: { slug: string }) {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const incidents = useIncidents(slug, search.status);
  const mayDeclare = incidents.data?.abilities.declare === true;
  const items = incidents.data?.items ?? [];

  return (
    <Page
      title="Major incidents"
      description="Declared by the holder of the “declare a major incident” decision right; run by a commander and a communications lead from either party."
      actions={
        mayDeclare && (
          <Button
            color="red"
            leftSection={<IconUrgent size={16} aria-hidden />}
            onClick={() => void navigate({ search: { ...search, declare: search.declare ?? '' } })}
          >
            Declare major incident
          </Button>
        )
      }
    >
      {incidents.isSuccess && !mayDeclare && (
        <Alert
          color="gray"
          variant="light"
          icon={<IconLock aria-hidden />}
          title="You cannot declare a major incident"
        >
          Declaring needs the decision right, held by {incidents.data.declareRightHolder}. Ask them, with the
          ticket, if an incident needs it.
        </Alert>
      )}
      <Tabs
        value={search.status ?? 'all'}
        onChange={(value) =>
          void navigate({
            search: { status: value === 'open' || value === 'resolved' ? value : undefined },
            replace: true,
          })
        }
        variant="pills"
      >
        <Tabs.List aria-label="Which incidents">
          <Tabs.Tab value="all">All</Tabs.Tab>
          <Tabs.Tab value="open">Open</Tabs.Tab>
          <Tabs.Tab value="resolved">Resolved</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      <QueryStatus query={incidents} rows={3} label="Loading major incidents" />
      {incidents.isSuccess && items.length === 0 && (
        <EmptyState
          icon={<IconAlertOctagon aria-hidden />}
          title={search.status === 'open' ? 'No major incident is open' : 'No major incidents yet'}
          description={
            mayDeclare
              ? 'When an outage needs a commander and stakeholder updates, declare it from its tickets.'
              : 'Declared major incidents, their updates and reviews will be listed here.'
          }
        />
      )}
      {items.length > 0 && (
        <Paper withBorder radius="md">
          <DataTable
            minWidth={700}
            verticalSpacing="sm"
            highlightOnHover
            head={['Incident', 'Status', 'Commander', 'Declared', 'Next update']}
          >
            {items.map((incident) => (
              <Table.Tr key={incident.id}>
                <Table.Td>
                  <Stack gap={0}>
                    <AnchorLink to="/w/$ws/incidents/$key" params={{ ws: slug, key: incident.key }} fw={600}>
                      {incident.key} {incident.title}
                    </AnchorLink>
                    <Text size="xs" c="dimmed">
                      {incident.ticketCount} linked ticket{incident.ticketCount === 1 ? '' : 's'}
                    </Text>
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <IncidentStatusBadge status={incident.status} />
                </Table.Td>
                <Table.Td>{incident.commander?.name ?? '—'}</Table.Td>
                <Table.Td>
                  <Text size="sm" title={formatDateTime(incident.declaredAt)}>
                    {formatRelative(incident.declaredAt)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {incident.status === 'open' ? (
                    <Group gap={4}>
                      <Text
                        size="sm"
                        c={incident.updateOverdue ? 'red' : undefined}
                        fw={incident.updateOverdue ? 600 : undefined}
                      >
                        {incident.updateOverdue ? 'Overdue' : formatDateTime(incident.nextUpdateDueAt)}
                      </Text>
                    </Group>
                  ) : (
                    <Text size="sm" c="dimmed">
                      Resolved {formatRelative(incident.resolvedAt)}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </Paper>
      )}
      {mayDeclare && (
        <DeclareIncidentDialog
          slug={slug}
          opened={search.declare !== undefined}
          initialTicket={search.declare || undefined}
          onClose={() => void navigate({ search: { status: search.status }, replace: true })}
        />
      )}
    </Page>
  );
}
