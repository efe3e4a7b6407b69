import { Badge } from '@mantine/core';
import type { ProposalStatus } from './api';

export const PROPOSAL_STATUS_LABELS: Record<ProposalStatus, string> = {
  proposed: 'Awaiting decision',
  approved: 'Approved',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};

const COLORS: Record<ProposalStatus, string> = {
  proposed: 'blue',
  approved: 'teal',
  rejected: 'red',
  withdrawn: 'gray',
};

export function ProposalStatusBadge({ status }: { status: ProposalStatus }) {
  return (
    <Badge color={COLORS[status] ?? 'gray'} variant="light" tt="none">
      {PROPOSAL_STATUS_LABELS[status] ?? status}
    </Badge>
  );
}
