import { Badge } from '@mantine/core';
import { type Occurrence, VIEW_COLORS, VIEW_LABELS } from './api';

export function OccurrenceBadge({ view }: { view: Occurrence['view'] }) {
  return (
    <Badge color={VIEW_COLORS[view]} variant={view === 'overdue' ? 'filled' : 'light'}>
      {VIEW_LABELS[view]}
    </Badge>
  );
}
