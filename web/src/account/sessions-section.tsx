import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconDeviceDesktop, IconLogout, IconX } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { formatDateTime, formatRelative } from '../ui/format';
import { QueryStatus } from '../ui/query-status';
import { RevokeButton, RevokeDialog, RowList, RowListItem, usePicked } from '../ui/revocable-list';
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
  const revoking = usePicked<AccountSession>(revoke);
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
      <QueryStatus query={sessions} rows={2} label="Loading sessions" />
      {sessions.isSuccess && (
        <RowList label="Sessions">
          {items.map((session) => (
            <RowListItem key={session.id}>
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
                <RevokeButton
                  tooltip="Sign out this session"
                  label={`Sign out the session on ${describeUserAgent(session.userAgent)}`}
                  icon={<IconX size={16} aria-hidden />}
                  onClick={() => revoking.pick(session)}
                />
              )}
            </RowListItem>
          ))}
        </RowList>
      )}
      <RevokeDialog
        picked={revoking.picked}
        revoke={revoke}
        done={() => 'That session is signed out.'}
        title="Sign out this session?"
        confirmLabel="Sign it out"
        onClose={revoking.clear}
      >
        {revoking.picked
          ? `${describeUserAgent(revoking.picked.userAgent)} (${revoking.picked.ip ?? 'unknown address'})`
          : ''}{' '}
        will have to sign in again.
      </RevokeDialog>
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
