import { ActionIcon, Button, Group, Select, Stack, Text } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { ErrorState, errorMessage } from '../ui/error-display';
import { AnchorLink } from '../ui/router-links';
import { TitledSection } from '../ui/titled-section';
import { useLinkAsset, useSystems, useTicketAssets, useUnlinkAsset } from './api';
import { CriticalityBadge } from './criticality-badge';

/** The systems a ticket is about, on the staff ticket page. */
export function TicketAssetsCard({ slug, ticketKey }: { slug: string; ticketKey: string }) {
  const assets = useTicketAssets(slug, ticketKey);
  const systems = useSystems(slug);
  const link = useLinkAsset(slug, ticketKey);
  const unlink = useUnlinkAsset(slug, ticketKey);
  const [choice, setChoice] = useState<string | null>(null);
  const canManage = Boolean(systems.data?.abilities.manage);
  const linked = new Set(assets.data?.items.map((a) => a.id));
  return (
    <TitledSection title="Assets" headingSize="h5">
      {assets.isError ? (
        <ErrorState error={assets.error} onRetry={() => void assets.refetch()} />
      ) : assets.isPending ? (
        <Text size="sm" c="dimmed">
          Loading…
        </Text>
      ) : assets.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No system linked.
        </Text>
      ) : (
        <Stack gap={4}>
          {assets.data.items.map((a) => (
            <Group key={a.id} justify="space-between" wrap="nowrap">
              <Group gap="xs" wrap="nowrap">
                <AnchorLink to="/w/$ws/systems/$id" params={{ ws: slug, id: a.id }} size="sm">
                  {a.name}
                </AnchorLink>
                <CriticalityBadge criticality={a.criticality} />
              </Group>
              {canManage && (
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={`Unlink ${a.name}`}
                  onClick={() => unlink.mutate(a.id)}
                >
                  <IconX size={14} aria-hidden />
                </ActionIcon>
              )}
            </Group>
          ))}
        </Stack>
      )}
      {canManage && (
        <Group mt="sm" gap="xs" align="flex-end">
          <Select
            label="Link a system"
            placeholder="Choose a system"
            searchable
            value={choice}
            onChange={setChoice}
            data={(systems.data?.items ?? [])
              .filter((s) => !linked.has(s.id))
              .map((s) => ({ value: s.id, label: s.name }))}
            style={{ flex: 1 }}
            error={link.isError ? errorMessage(link.error) : undefined}
          />
          <Button
            variant="light"
            disabled={!choice}
            loading={link.isPending}
            onClick={() => choice && link.mutate(choice, { onSuccess: () => setChoice(null) })}
          >
            Link
          </Button>
        </Group>
      )}
    </TitledSection>
  );
}
