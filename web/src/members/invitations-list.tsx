import { ActionIcon, Card, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMailOff } from '@tabler/icons-react';
import { useState } from 'react';
import { type Party, ROLE_LABELS, type WorkspaceDetail } from '../ui/api-types';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { ErrorState } from '../ui/error-display';
import { formatDateTime, formatRelative } from '../ui/format';
import { ListSkeleton } from '../ui/loading';
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
  const [revoking, setRevoking] = useState<WorkspaceInvitation | null>(null);
  const revoke = useRevokeInvitation(slug);
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
      {invitations.isPending && <ListSkeleton rows={2} label="Loading invitations" />}
      {invitations.isError && (
        <ErrorState error={invitations.error} onRetry={() => void invitations.refetch()} />
      )}
      {items.length > 0 && (
        <Stack gap={0} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Open invitations">
          {items.map((invitation) => (
            <Group
              key={invitation.id}
              component="li"
              justify="space-between"
              wrap="nowrap"
              py="sm"
              style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
            >
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
                <Tooltip label="Revoke invitation">
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Revoke the invitation for ${invitation.email}`}
                    onClick={() => {
                      revoke.reset();
                      setRevoking(invitation);
                    }}
                  >
                    <IconMailOff size={16} aria-hidden />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
          ))}
        </Stack>
      )}
      <ConfirmDialog
        opened={revoking !== null}
        title="Revoke this invitation?"
        confirmLabel="Revoke"
        danger
        pending={revoke.isPending}
        error={revoke.error}
        onClose={() => setRevoking(null)}
        onConfirm={() =>
          revoking &&
          revoke.mutate(revoking, {
            onSuccess: () => {
              notifications.show({
                color: 'teal',
                message: `The invitation for ${revoking.email} is revoked.`,
              });
              setRevoking(null);
            },
          })
        }
      >
        The link sent to {revoking?.email} will stop working. You can invite them again later.
      </ConfirmDialog>
    </Card>
  );
}
