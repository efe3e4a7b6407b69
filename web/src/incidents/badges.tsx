import { Badge } from '@mantine/core';
import type { IncidentStatus } from './api';

export function IncidentStatusBadge({ status, size = 'sm' }: { status: IncidentStatus; size?: 'sm' | 'lg' }) {
  return (
    <Badge size={size} color={status === 'open' ? 'red' : 'teal'} variant="light">
      {status === 'open' ? 'Open' : 'Resolved'}
    </Badge>
  );
}
