import { ActionIcon, Badge, Button, Group, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceDesktop, IconLogout, IconX } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { ErrorState } from '../ui/error-display';
import { formatDateTime, formatRelative } from '../ui/format';
import { ListSkeleton } from '../ui/loading';
import { SectionCard } from '../ui/section-card';
import { type AccountSession, useRevokeSession, useSessions, useSignOutEverywhere } from './api';

const BROWSERS: [RegExp, string][] = [
  [/Edg\//, 'Edge'],
  [/OPR\//, 'Opera'],
  [/Firefox\//, 'Firefox'],
  [/Chrome\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const SYSTEMS: [RegExp, string][] = [
  [/Windows/, 'Windows'],
  [/iPhone|iPad/, 'iOS'],
  [/Android/, 'Android'],
  [/Mac OS X/, 'macOS'],
  [/Linux/, 'Linux'],
];

/** "Firefox on Linux" from a user agent; enough to recognise one's own devices. */
export function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const browser =
    BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1] ??
    (userAgent.split(/[/\s]/)[0] || 'Unknown client');
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  return system ? `${browser} on ${system}` : browser;
}

export function SessionsSection() {
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const everywhere = useSignOutEverywhere();
  const navigate = useNavigate();
  const [revoking, setRevoking] = useState<AccountSession | null>(null);
  const [confirmEverywhere, setConfirmEverywhere] = useState(false);
  const items = sessions.data?.items ?? [];

  return (
    <SectionCard
      title="Sessions"
      description="Where your account is signed in now."
      actions={
        <Button
          variant="light"
          color="red"
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={() => {
            everywhere.reset();
            setConfirmEverywhere(true);
          }}
        >
          Sign out everywhere
        </Button>
      }
    >
      {sessions.isPending && <ListSkeleton rows={2} label="Loading sessions" />}
      {sessions.isError && <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />}
      {sessions.isSuccess && (
        <Stack gap={0} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Sessions">
          {items.map((session) => (
            <Group
              key={session.id}
              component="li"
              justify="space-between"
              wrap="nowrap"
              py="sm"
              style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
            >
              <Group gap="sm" wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
                <IconDeviceDesktop size={20} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Group gap={6}>
                    <Text size="sm" fw={500} title={session.userAgent ?? undefined}>
                      {describeUserAgent(session.userAgent)}
                    </Text>
                    {session.current && (
                      <Badge size="xs" variant="light">
                        This session
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {session.ip ?? 'Unknown address'} · signed in {formatDateTime(session.createdAt)} · active{' '}
                    <span title={formatDateTime(session.lastSeenAt)}>
                      {formatRelative(session.lastSeenAt)}
                    </span>
                  </Text>
                </Stack>
              </Group>
              {!session.current && (
                <Tooltip label="Sign out this session">
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Sign out the session on ${describeUserAgent(session.userAgent)}`}
                    onClick={() => {
                      revoke.reset();
                      setRevoking(session);
                    }}
                  >
                    <IconX size={16} aria-hidden />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
          ))}
        </Stack>
      )}
      <ConfirmDialog
        opened={revoking !== null}
        title="Sign out this session?"
        confirmLabel="Sign it out"
        danger
        pending={revoke.isPending}
        error={revoke.error}
        onClose={() => setRevoking(null)}
        onConfirm={() =>
          revoking &&
          revoke.mutate(revoking, {
            onSuccess: () => {
              notifications.show({ color: 'teal', message: 'That session is signed out.' });
              setRevoking(null);
            },
          })
        }
      >
        {revoking ? `${describeUserAgent(revoking.userAgent)} (${revoking.ip ?? 'unknown address'})` : ''}{' '}
        will have to sign in again.
      </ConfirmDialog>
      <ConfirmDialog
        opened={confirmEverywhere}
        title="Sign out everywhere?"
        confirmLabel="Sign out everywhere"
        danger
        pending={everywhere.isPending}
        error={everywhere.error}
        onClose={() => setConfirmEverywhere(false)}
        onConfirm={() =>
          everywhere.mutate(undefined, {
            onSuccess: () => void navigate({ to: '/login', search: {} }),
          })
        }
      >
        Every session of your account ends, this one included, and every API token you made is revoked. Use
        this if you think someone else has your password or a token.
      </ConfirmDialog>
    </SectionCard>
  );
}
