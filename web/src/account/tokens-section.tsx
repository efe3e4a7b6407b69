import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconKey, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { MembershipSummary } from '../ui/api-types';
import { EmptyState } from '../ui/empty-state';
import { formatDate, formatRelative } from '../ui/format';
import { QueryStatus } from '../ui/query-status';
import { RevokeButton, RevokeDialog, RowList, RowListItem, usePicked } from '../ui/revocable-list';
import { SectionCard } from '../ui/section-card';
import { WorkspaceSelect } from '../ui/workspace-select';
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
  const tokens = useTokens(slug);
  const revoke = useRevokeToken(slug ?? '');
  const revoking = usePicked<ApiToken>(revoke);
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
          <WorkspaceSelect memberships={memberships} value={slug} onChange={setSlug} />
          <QueryStatus query={tokens} rows={2} label="Loading API tokens" />
          {tokens.isSuccess && items.length === 0 && (
            <EmptyState
              icon={<IconKey aria-hidden />}
              title="No API tokens"
              description={`Make a token with “New token” to let a script read or change ${workspaceName} as you. Give it only the scopes it needs and a short expiry.`}
            />
          )}
          {items.length > 0 && <TokensList tokens={items} onRevoke={revoking.pick} />}
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
      <RevokeDialog
        picked={revoking.picked}
        revoke={revoke}
        done={(token) => `The token “${token.name}” is revoked.`}
        title={`Revoke “${revoking.picked?.name ?? ''}”?`}
        confirmLabel="Revoke token"
        onClose={revoking.clear}
      >
        Anything using this token stops working at once. This cannot be undone.
      </RevokeDialog>
    </SectionCard>
  );
}

function TokensList({ tokens, onRevoke }: { tokens: ApiToken[]; onRevoke: (token: ApiToken) => void }) {
  return (
    <RowList label="API tokens">
      {tokens.map((token) => {
        const state = tokenState(token);
        return (
          <RowListItem key={token.id}>
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
              <RevokeButton
                tooltip="Revoke"
                label={`Revoke the token ${token.name}`}
                icon={<IconTrash size={16} aria-hidden />}
                onClick={() => onRevoke(token)}
              />
            )}
          </RowListItem>
        );
      })}
    </RowList>
  );
}
