import { Card, Stack, Text, Title } from '@mantine/core';
import { IconMailOff } from '@tabler/icons-react';
import { type Party, ROLE_LABELS, type WorkspaceDetail } from '../ui/api-types';
import { formatDateTime, formatRelative } from '../ui/format';
import { QueryStatus } from '../ui/query-status';
import { RevokeButton, RevokeDialog, RowList, RowListItem, usePicked } from '../ui/revocable-list';
import { useInvitations, useRevokeInvitation, type WorkspaceInvitation } from './api';
import { mayInviteTo } from './invite-rules';

/** Open invitations, for those who may invite. Links are not shown again: revoke and re-invite instead. */
interface InvitationsListProps {
  slug: string;
  membership: WorkspaceDetail['membership'];
  parties: Party[];
}

export function InvitationsList({ slug, membership, parties }: InvitationsListProps) {
  const invitations = useInvitations(slug, true);
  const revoke = useRevokeInvitation(slug);
  const revoking = usePicked<WorkspaceInvitation>(revoke);
  const items = (invitations.data?.items ?? []).filter((i) => i.status === 'pending');

  if (invitations.isSuccess && items.length === 0) return null;

  return (
    <Card withBorder radius="md" padding="md">
      <Title order={2} size="h4" mb="xs">
        Open invitations
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Waiting to be accepted. A lost link cannot be shown again: revoke it and invite again.
      </Text>
      <QueryStatus query={invitations} rows={2} label="Loading invitations" />
      {items.length > 0 && (
        <RowList label="Open invitations">
          {items.map((invitation) => (
            <RowListItem key={invitation.id}>
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                  {invitation.email}
                </Text>
                <Text size="xs" c="dimmed">
                  {invitation.party?.name ?? 'No party'} · {ROLE_LABELS[invitation.role] ?? invitation.role}
                  {invitation.invitedBy ? ` · invited by ${invitation.invitedBy}` : ''} · expires{' '}
                  <span title={formatDateTime(invitation.expiresAt)}>
                    {formatRelative(invitation.expiresAt)}
                  </span>
                </Text>
              </Stack>
              {mayInviteTo(invitation.party?.id ?? null, invitation.role, membership, parties) && (
                <RevokeButton
                  tooltip="Revoke invitation"
                  label={`Revoke the invitation for ${invitation.email}`}
                  icon={<IconMailOff size={16} aria-hidden />}
                  onClick={() => revoking.pick(invitation)}
                />
              )}
            </RowListItem>
          ))}
        </RowList>
      )}
      <RevokeDialog
        picked={revoking.picked}
        revoke={revoke}
        done={(invitation) => `The invitation for ${invitation.email} is revoked.`}
        title="Revoke this invitation?"
        confirmLabel="Revoke"
        onClose={revoking.clear}
      >
        The link sent to {revoking.picked?.email} will stop working. You can invite them again later.
      </RevokeDialog>
    </Card>
  );
}
