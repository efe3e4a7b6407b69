import { Alert, Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconPlus, IconShieldCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { formatDate, formatDateTime } from '../ui/format';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { AnchorLink } from '../ui/router-links';
import { staffOnlyPage } from '../workspaces/staff-only-page';
import { risksQueryOptions, TREATMENT_LABELS } from './api';
import { AcceptanceBadge, categoryText, LevelBadge } from './badges';
import { HeatMap } from './heat-map';
import { RaiseRiskDialog } from './raise-risk-dialog';

export const RisksPage = staffOnlyPage(Register, {
  title: 'Risks',
  notice: 'The risk register is for IT staff',
  description: 'Ask your IT team about a risk you have noticed.',
});

function Register({ slug }: { slug: string }) {
  const risks = useQuery(risksQueryOptions(slug));
  const [raising, setRaising] = useState(false);
  const items = risks.data?.items ?? [];
  const mayCreate = risks.data?.abilities.create === true;
  const expired = items.filter((r) => r.acceptance === 'expired' && r.status === 'open');
  return (
    <Page
      title="Risks"
      description={
        <>
          The risk register: likelihood × impact before and after treatment. Residual risk is accepted only by
          the holder of the “accept residual risk” decision right
          {risks.data ? ` (${risks.data.acceptRightHolder})` : ''}, until an expiry date.
        </>
      }
      actions={
        mayCreate && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setRaising(true)}>
            Raise a risk
          </Button>
        )
      }
    >
      <RaiseRiskDialog slug={slug} opened={raising} onClose={() => setRaising(false)} />
      <QueryStatus query={risks} label="Loading risks" />
      {risks.isSuccess && items.length === 0 && (
        <EmptyState
          icon={<IconShieldCheck aria-hidden />}
          title="No risks recorded yet"
          description="Raise a risk when you find something that could hurt the business: rate it before and after treatment, name its owner in the internal party and set a review date. Risks are also raised from problems, major incidents and obligations missed three times in a row."
          action={
            mayCreate && (
              <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setRaising(true)}>
                Raise a risk
              </Button>
            )
          }
        />
      )}
      {risks.isSuccess && items.length > 0 && (
        <Stack gap="lg">
          {expired.length > 0 && (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertTriangle aria-hidden />}
              title="Acceptance expired"
            >
              {expired.map((r) => r.key).join(', ')}: the acceptance has lapsed; the owner must decide again.
            </Alert>
          )}
          <HeatMap heatMap={risks.data.heatMap} />
          <DataTable
            minWidth={800}
            striped
            highlightOnHover
            caption={`${items.length} risks`}
            scope="col"
            head={['Risk', 'Category', 'Inherent', 'Residual', 'Treatment', 'Owner', 'Review']}
          >
            {items.map((r) => (
              <Table.Tr key={r.id} opacity={r.status === 'closed' ? 0.6 : 1}>
                <Table.Td>
                  <AnchorLink to="/w/$ws/risks/$key" params={{ ws: slug, key: r.key }} fw={600}>
                    {r.key}
                  </AnchorLink>{' '}
                  <Text span size="sm">
                    {r.title}
                  </Text>
                  {r.status === 'closed' && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      (closed)
                    </Text>
                  )}
                  {r.source && (
                    <Text size="xs" c="dimmed">
                      From {r.source.key}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{categoryText(r)}</Text>
                </Table.Td>
                <Table.Td>
                  <LevelBadge level={r.inherent.level} score={r.inherent.score} />
                </Table.Td>
                <Table.Td>
                  <LevelBadge level={r.residual.level} score={r.residual.score} />
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <Text size="sm">{TREATMENT_LABELS[r.treatment]}</Text>
                    <AcceptanceBadge acceptance={r.acceptance} />
                  </Group>
                  {r.acceptance === 'accepted' && (
                    <Text size="xs" c="dimmed">
                      until {formatDateTime(r.acceptedUntil)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{r.owner?.name ?? '—'}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={r.reviewOverdue ? 'red' : undefined}>
                    {formatDate(r.reviewOn)}
                    {r.reviewOverdue && ' (overdue)'}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </Stack>
      )}
    </Page>
  );
}
