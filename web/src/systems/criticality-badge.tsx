import { Badge } from '@mantine/core';
import type { Criticality } from './api';

const COLOURS: Record<Criticality, string> = {
  critical: 'red',
  high: 'orange',
  medium: 'yellow',
  low: 'gray',
};

export function CriticalityBadge({ criticality }: { criticality: Criticality }) {
  return (
    <Badge
      color={COLOURS[criticality]}
      variant={criticality === 'critical' ? 'filled' : 'light'}
      style={{ flexShrink: 0 }}
    >
      {criticality}
    </Badge>
  );
}
