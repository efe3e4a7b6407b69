import { Table, Text } from '@mantine/core';
import { DataTable } from '../ui/data-table';
import { formatDate, formatDateTime } from '../ui/format';
import { AnchorLink } from '../ui/router-links';
import type { Occurrence } from './api';
import { OccurrenceBadge } from './badges';

export function OccurrenceTable({
  slug,
  items,
  caption,
  showObligation = true,
}: {
  slug: string;
  items: Occurrence[];
  caption: string;
  showObligation?: boolean;
}) {
  return (
    <DataTable
      minWidth={640}
      striped
      highlightOnHover
      caption={caption}
      scope="col"
      head={['Due', ...(showObligation ? ['Obligation'] : []), 'State', 'Evidence']}
    >
      {items.map((o) => (
        <Table.Tr key={o.id}>
          <Table.Td>
            <AnchorLink
              to="/w/$ws/obligations/occurrences/$id"
              params={{ ws: slug, id: o.id }}
              fw={600}
              style={{ whiteSpace: 'nowrap' }}
            >
              {formatDate(o.dueOn)}
            </AnchorLink>
            <Text size="xs" c="dimmed">
              {formatDateTime(o.dueAt)}
            </Text>
          </Table.Td>
          {showObligation && (
            <Table.Td>
              <Text size="sm">
                {o.obligation.key} {o.obligation.title}
              </Text>
            </Table.Td>
          )}
          <Table.Td>
            <OccurrenceBadge view={o.view} />
            {o.escalationLevel === 2 && o.status === 'open' && (
              <Text size="xs" c="red">
                Escalated to the leads
              </Text>
            )}
          </Table.Td>
          <Table.Td>
            <Text size="sm">
              {o.files.length} file{o.files.length === 1 ? '' : 's'}
              {o.figureValue !== null && ` · figure ${o.figureValue}`}
              {o.onTime === false && ' · late'}
            </Text>
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}
