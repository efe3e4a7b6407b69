import { Anchor, Paper, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { IconArchive } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { ErrorState } from '../ui/error-display';
import { ListSkeleton } from '../ui/loading';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { AnchorLink } from '../ui/router-links';
import { fileUrl, useControlEvidence, useEvidenceLibrary } from './api';
import { ObligationTabs } from './governance-tabs';

const route = getRouteApi('/_app/w/$ws/obligations/evidence');
const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

export function EvidencePage() {
  const { ws: slug } = route.useParams();
  const library = useEvidenceLibrary(slug);
  const [selected, setSelected] = useState<string | null>(null);
  const controls = library.data?.controls ?? [];
  return (
    <Page
      title="Evidence library"
      description="Every control the obligations evidence: the accepted evidence with its files, the on-time rate and the measured figures over time."
    >
      <ObligationTabs slug={slug} current="evidence" />
      <QueryStatus query={library} label="Loading the evidence library" />
      {library.isSuccess && controls.length === 0 && (
        <EmptyState
          icon={<IconArchive aria-hidden />}
          title="No evidence yet"
          description="Evidence appears here once an obligation names the controls it evidences and its occurrences are accepted."
        />
      )}
      {controls.length > 0 && (
        <DataTable
          minWidth={640}
          striped
          highlightOnHover
          caption="Controls and their evidence; choose one to see its accepted occurrences"
          scope="col"
          head={['Control', 'Obligations', 'Accepted', 'On time', 'Last accepted']}
        >
          {controls.map((c) => (
            <Table.Tr key={c.ref} bg={selected === c.ref ? 'var(--mantine-color-blue-light)' : undefined}>
              <Table.Td>
                <UnstyledButton
                  onClick={() => setSelected(c.ref)}
                  aria-pressed={selected === c.ref}
                  c="blue"
                  fw={600}
                  fz="sm"
                >
                  {c.name}
                </UnstyledButton>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{c.obligations.map((o) => o.key).join(', ')}</Text>
              </Table.Td>
              <Table.Td>{c.accepted}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {percent(c.onTimeRate)}
                <Text span size="xs" c="dimmed">
                  {' '}
                  of {c.due}
                </Text>
              </Table.Td>
              <Table.Td>{c.lastAcceptedOn ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
      {selected && <ControlDetail slug={slug} refName={selected} />}
    </Page>
  );
}

function ControlDetail({ slug, refName }: { slug: string; refName: string }) {
  const found = useControlEvidence(slug, refName);
  if (found.isPending) return <ListSkeleton rows={2} label="Loading the control's evidence" />;
  if (found.isError) return <ErrorState error={found.error} onRetry={() => void found.refetch()} />;
  const { control, occurrences, figureSeries } = found.data;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="control-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="control-title">
          {control.name}
        </Title>
        {occurrences.length === 0 ? (
          <Text size="sm" c="dimmed">
            No accepted evidence yet.
          </Text>
        ) : (
          <DataTable
            caption="Accepted evidence, newest first"
            scope="col"
            head={['Due', 'Obligation', 'Files', 'On time']}
          >
            {occurrences.map((o) => (
              <Table.Tr key={o.id}>
                <Table.Td>
                  <AnchorLink to="/w/$ws/obligations/occurrences/$id" params={{ ws: slug, id: o.id }}>
                    {o.dueOn}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{o.obligation.key}</Table.Td>
                <Table.Td>
                  {o.files.map((f) => (
                    <Anchor key={f.id} href={fileUrl(slug, o.id, f.id)} download size="sm" display="block">
                      {f.filename}
                    </Anchor>
                  ))}
                </Table.Td>
                <Table.Td>{o.onTime ? 'Yes' : 'Late'}</Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        )}
        {figureSeries.length > 0 && (
          <DataTable caption="Measured figures" scope="col" head={['Due', 'Figure', 'Value']}>
            {figureSeries.map((p) => (
              <Table.Tr key={`${p.obligationKey}-${p.dueOn}`}>
                <Table.Td>{p.dueOn}</Table.Td>
                <Table.Td>
                  {p.obligationKey} {p.name}
                </Table.Td>
                <Table.Td>
                  {p.value} {p.unit}
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        )}
      </Stack>
    </Paper>
  );
}
