import { Badge } from '@mantine/core';
import { PROBLEM_STATUS_LABELS, type ProblemStatus, WORKAROUND_LABELS, type WorkaroundKind } from './api';

const STATUS_COLOURS: Record<ProblemStatus, string> = {
  open: 'blue',
  investigating: 'grape',
  known_error: 'orange',
  resolved: 'teal',
  closed: 'gray',
};

export function ProblemStatusBadge({ status }: { status: ProblemStatus }) {
  return (
    <Badge color={STATUS_COLOURS[status]} variant="light">
      {PROBLEM_STATUS_LABELS[status]}
    </Badge>
  );
}

export function WorkaroundBadge({ kind, expiresOn }: { kind: WorkaroundKind; expiresOn: string | null }) {
  if (kind === 'none') return null;
  return (
    <Badge color={kind === 'accepted' ? 'teal' : 'yellow'} variant="outline">
      {WORKAROUND_LABELS[kind]}
      {kind === 'temporary' && expiresOn ? ` until ${expiresOn}` : ''}
    </Badge>
  );
}
