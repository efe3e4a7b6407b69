import { Badge } from '@mantine/core';
import { type DecisionStatus, STATUS_COLORS, STATUS_LABELS } from './api';

export function DecisionStatusBadge({ status }: { status: DecisionStatus }) {
  return (
    <Badge color={STATUS_COLORS[status] ?? 'gray'} variant="light" tt="none">
      {STATUS_LABELS[status] ?? status}
    </Badge>
  );
}
