import { Badge, Button, Group, Paper, Select, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowsLeftRight, IconHistory } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { ACTIONS_HEADING, DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { ErrorState } from '../ui/error-display';
import { formatDateTime, pluralise } from '../ui/format';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { AnchorLink } from '../ui/router-links';
import { can, useWorkspace } from '../workspaces/api';
import { type MapVersion, useMapVersions, useResponsibilityMap, useVersionDiff } from './api';
import { AssignmentDiff } from './assignment-diff';
import { ResponsibilityTabs } from './responsibility-tabs';
import { ResponsibilityStaffOnly } from './staff-only';

const route = getRouteApi('/_app/w/$ws/responsibility/versions');

export function VersionsPage() {
  const { ws: slug } = route.useParams();
  const detail = useWorkspace(slug).data;
  if (!can(detail?.abilities, 'readResponsibility')) return <ResponsibilityStaffOnly />;
  return <Versions slug={slug} />;
}

function Versions({ slug }: { slug: string }) {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const versions = useMapVersions(slug);
  const items = versions.data?.items ?? [];
  const latest = items[0]?.number;
  // Without a choice, compare the current version with the one before it.
  const to = search.to ?? latest;
  const from = search.from ?? (to !== undefined && to > 1 ? to - 1 : undefined);
  const compare = (next: { from?: number; to?: number }) =>
    void navigate({ search: { from, to, ...next }, replace: true });

  return (
    <Page
      title="Responsibility map"
      description="Every approved version of the map, newest first, and what changed between any two."
    >
      <ResponsibilityTabs slug={slug} current="versions" />
      <QueryStatus query={versions} rows={4} label="Loading versions" />
      {versions.isSuccess && items.length === 0 && (
        <EmptyState
          icon={<IconHistory aria-hidden />}
          title="No versions yet"
          description="The map gets its first version when the workspace is set up; each approved proposal adds one."
        />
      )}
      {items.length > 0 && <VersionList slug={slug} items={items} onCompare={compare} />}
      {items.length > 1 && <DiffSection slug={slug} items={items} from={from} to={to} onChange={compare} />}
    </Page>
  );
}

function VersionList(props: {
  slug: string;
  items: MapVersion[];
  onCompare: (next: { from: number; to: number }) => void;
}) {
  const { slug, items, onCompare } = props;
  return (
    <DataTable
      minWidth={640}
      verticalSpacing="sm"
      aria-label="Versions of the responsibility map"
      head={['Version', 'Summary', 'Approved by', 'Date', ACTIONS_HEADING]}
    >
      {items.map((v, index) => (
        <Table.Tr key={v.number}>
          <Table.Td>
            <Group gap={6} wrap="nowrap">
              <Text fw={600} size="sm">
                {v.number}
              </Text>
              {index === 0 && (
                <Badge size="sm" color="teal" variant="light">
                  Current
                </Badge>
              )}
            </Group>
          </Table.Td>
          <Table.Td>{v.summary}</Table.Td>
          <Table.Td>
            {v.approvedBy ?? (
              <Text c="dimmed" size="sm">
                Set up with the workspace
              </Text>
            )}
          </Table.Td>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v.createdAt)}</Table.Td>
          <Table.Td>
            <Group gap="xs" wrap="nowrap" justify="flex-end">
              <AnchorLink
                to="/w/$ws/responsibility"
                params={{ ws: slug }}
                search={index === 0 ? {} : { version: v.number }}
                size="sm"
                aria-label={`View version ${v.number}`}
              >
                View
              </AnchorLink>
              {v.number > 1 && (
                <Button
                  size="compact-sm"
                  variant="subtle"
                  onClick={() => onCompare({ from: v.number - 1, to: v.number })}
                  aria-label={`Changes in version ${v.number}`}
                >
                  Changes
                </Button>
              )}
            </Group>
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}

function DiffSection(props: {
  slug: string;
  items: MapVersion[];
  from: number | undefined;
  to: number | undefined;
  onChange: (next: { from?: number; to?: number }) => void;
}) {
  const { slug, items, from, to, onChange } = props;
  const diff = useVersionDiff(slug, from, to);
  // Names of services and parties come from the current map.
  const map = useResponsibilityMap(slug);
  const options = items.map((v) => ({ value: String(v.number), label: `Version ${v.number}` }));
  const rows = diff.data
    ? [
        ...diff.data.removed.map((a) => ({ ...a, op: 'remove' as const })),
        ...diff.data.added.map((a) => ({ ...a, op: 'add' as const })),
      ]
    : [];

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="diff-title">
      <Group gap="xs" mb="sm">
        <IconArrowsLeftRight size={18} aria-hidden />
        <Title order={2} size="h4" id="diff-title">
          Compare versions
        </Title>
      </Group>
      <Group gap="sm" align="flex-end" mb="md">
        <Select
          label="From"
          data={options}
          value={from === undefined ? null : String(from)}
          onChange={(value) => value && onChange({ from: Number(value) })}
          allowDeselect={false}
          w={{ base: 'calc(50% - 6px)', xs: 160 }}
        />
        <Select
          label="To"
          data={options}
          value={to === undefined ? null : String(to)}
          onChange={(value) => value && onChange({ to: Number(value) })}
          allowDeselect={false}
          w={{ base: 'calc(50% - 6px)', xs: 160 }}
        />
      </Group>
      {from === to && <Text size="sm">Pick two different versions to see what changed between them.</Text>}
      {from !== to && (diff.isPending || map.isPending) && (
        <Stack aria-busy="true" aria-label="Loading the differences">
          <Skeleton h={40} />
          <Skeleton h={120} />
        </Stack>
      )}
      {diff.isError && <ErrorState error={diff.error} onRetry={() => void diff.refetch()} />}
      {from !== to && diff.data && map.data && (
        <Stack gap="sm">
          <Text size="sm" aria-live="polite">
            From version {diff.data.from} to version {diff.data.to}:{' '}
            {pluralise(diff.data.added.length, 'assignment')} added, {diff.data.removed.length} removed.
          </Text>
          {rows.length > 0 ? (
            <AssignmentDiff
              rows={rows}
              services={map.data.services}
              parties={map.data.parties}
              label={`Differences from version ${diff.data.from} to version ${diff.data.to}`}
            />
          ) : (
            <Text size="sm" c="dimmed">
              These two versions assign the same roles.
            </Text>
          )}
        </Stack>
      )}
    </Paper>
  );
}
