import { ActionIcon, Badge, Button, Group, Select, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconKey, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { MembershipSummary } from '../ui/api-types';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { EmptyState } from '../ui/empty-state';
import { ErrorState } from '../ui/error-display';
import { formatDate, formatRelative } from '../ui/format';
import { ListSkeleton } from '../ui/loading';
import { SectionCard } from '../ui/section-card';
import { preferredWorkspace } from '../workspaces/last-workspace';
import { type ApiToken, useRevokeToken, useTokens } from './api';
import { CreateTokenDialog } from './create-token-dialog';

function tokenState(token: ApiToken): { label: string; color: string; usable: boolean } {
  if (token.revokedAt) return { label: 'Revoked', color: 'gray', usable: false };
  if (new Date(token.expiresAt).getTime() < Date.now())
    return { label: 'Expired', color: 'gray', usable: false };
  return { label: 'Active', color: 'teal', usable: true };
}

function lifeLabel(token: ApiToken): string {
  if (token.revokedAt) return `revoked ${formatDate(token.revokedAt)}`;
  const expired = new Date(token.expiresAt).getTime() < Date.now();
  return `${expired ? 'expired' : 'expires'} ${formatDate(token.expiresAt)}`;
}

/** API tokens belong to one workspace each, so the list is per workspace. */
export function TokensSection({ memberships }: { memberships: MembershipSummary[] }) {
  const [slug, setSlug] = useState<string | null>(() => preferredWorkspace(memberships));
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const tokens = useTokens(slug);
  const revoke = useRevokeToken(slug ?? '');
  const items = tokens.data?.items ?? [];
  const workspaceName = memberships.find((m) => m.workspace.slug === slug)?.workspace.name ?? '';

  return (
    <SectionCard
      title="API tokens"
      description="For scripts and integrations that call the Tandem API as you, in one workspace."
      actions={
        slug && (
          <Button
            leftSection={<IconPlus size={16} aria-hidden />}
            variant="light"
            onClick={() => setCreating(true)}
          >
            New token
          </Button>
        )
      }
    >
      {memberships.length === 0 ? (
        <Text size="sm" c="dimmed">
          Tokens work inside a workspace. Once you join one, you can make tokens here.
        </Text>
      ) : (
        <>
          {memberships.length > 1 && (
            <Select
              label="Workspace"
              data={memberships.map((m) => ({ value: m.workspace.slug, label: m.workspace.name }))}
              value={slug}
              onChange={setSlug}
              allowDeselect={false}
              maw={320}
              mb="md"
            />
          )}
          {tokens.isPending && <ListSkeleton rows={2} label="Loading API tokens" />}
          {tokens.isError && <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />}
          {tokens.isSuccess && items.length === 0 && (
            <EmptyState
              icon={<IconKey aria-hidden />}
              title="No API tokens"
              description={`Make a token with “New token” to let a script read or change ${workspaceName} as you. Give it only the scopes it needs and a short expiry.`}
            />
          )}
          {items.length > 0 && (
            <TokensList
              tokens={items}
              onRevoke={(token) => {
                revoke.reset();
                setRevoking(token);
              }}
            />
          )}
        </>
      )}
      {slug && (
        <CreateTokenDialog
          opened={creating}
          slug={slug}
          workspaceName={workspaceName}
          onClose={() => setCreating(false)}
        />
      )}
      <ConfirmDialog
        opened={revoking !== null}
        title={`Revoke “${revoking?.name ?? ''}”?`}
        confirmLabel="Revoke token"
        danger
        pending={revoke.isPending}
        error={revoke.error}
        onClose={() => setRevoking(null)}
        onConfirm={() =>
          revoking &&
          revoke.mutate(revoking, {
            onSuccess: () => {
              notifications.show({ color: 'teal', message: `The token “${revoking.name}” is revoked.` });
              setRevoking(null);
            },
          })
        }
      >
        Anything using this token stops working at once. This cannot be undone.
      </ConfirmDialog>
    </SectionCard>
  );
}

function TokensList({ tokens, onRevoke }: { tokens: ApiToken[]; onRevoke: (token: ApiToken) => void }) {
  return (
    <Stack gap={0} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="API tokens">
      {tokens.map((token) => {
        const state = tokenState(token);
        return (
          <Group
            key={token.id}
            component="li"
            justify="space-between"
            wrap="nowrap"
            py="sm"
            style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
          >
            <Stack gap={4} style={{ minWidth: 0 }}>
              <Group gap={6}>
                <Text size="sm" fw={500}>
                  {token.name}
                </Text>
                <Badge size="xs" variant="light" color={state.color}>
                  {state.label}
                </Badge>
                {token.scopes.map((scope) => (
                  <Badge
                    key={scope}
                    size="xs"
                    variant="outline"
                    color={scope === 'write' ? 'orange' : 'gray'}
                  >
                    {scope}
                  </Badge>
                ))}
              </Group>
              <Text size="xs" c="dimmed">
                Made {formatDate(token.createdAt)} · {lifeLabel(token)} · last used{' '}
                {formatRelative(token.lastUsedAt, 'never')}
              </Text>
            </Stack>
            {state.usable && (
              <Tooltip label="Revoke">
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Revoke the token ${token.name}`}
                  onClick={() => onRevoke(token)}
                >
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        );
      })}
    </Stack>
  );
}
