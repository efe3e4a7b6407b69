import { ActionIcon, Badge, Button, Card, Group, SimpleGrid, Text, Tooltip } from '@mantine/core';
import { IconBuildingFactory2, IconPencil, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { Party } from '../ui/api-types';
import { EmptyState } from '../ui/empty-state';
import { pluralise } from '../ui/format';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { AnchorLink } from '../ui/router-links';
import { can, useParties, useWorkspace } from '../workspaces/api';
import { useWorkspaceSlug } from '../workspaces/use-workspace-slug';
import { PARTY_KIND_LABELS, partyColor } from './api';
import { PartyDialog } from './party-dialog';
import { PeopleTabs } from './people-tabs';
import { StaffOnly } from './staff-only';

export function PartiesPage() {
  const slug = useWorkspaceSlug();
  const detail = useWorkspace(slug).data;
  if (!can(detail?.abilities, 'readMembers')) return <StaffOnly />;
  return <PartiesContent />;
}

function PartiesContent() {
  const slug = useWorkspaceSlug();
  const detail = useWorkspace(slug).data;
  const parties = useParties(slug);
  const [adding, setAdding] = useState(false);
  // The party id stays set while its dialog closes, so the closing dialog keeps its title.
  const [renamingId, setRenamingId] = useState<string | null>(null);
  const [renameOpen, setRenameOpen] = useState(false);
  const mayManage = can(detail?.abilities, 'manageParties');
  const items = parties.data?.items ?? [];
  const providers = items.filter((p) => p.kind === 'provider');
  // Look the party up in the current list, so a reload after a conflict edits the fresh version.
  const renaming = items.find((p) => p.id === renamingId);

  return (
    <Page
      title="Members & parties"
      description="The internal IT team and each IT provider working in this workspace."
      actions={
        mayManage && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
            Add provider party
          </Button>
        )
      }
    >
      <PeopleTabs slug={slug} current="parties" />
      <QueryStatus query={parties} rows={3} label="Loading parties" />
      {parties.isSuccess && (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          {items.map((party) => (
            <PartyCard
              key={party.id}
              slug={slug}
              party={party}
              isOwn={party.id === detail?.membership.partyId}
              onRename={
                mayManage
                  ? () => {
                      setRenamingId(party.id);
                      setRenameOpen(true);
                    }
                  : undefined
              }
            />
          ))}
        </SimpleGrid>
      )}
      {parties.isSuccess && providers.length === 0 && (
        <EmptyState
          icon={<IconBuildingFactory2 aria-hidden />}
          title="No IT provider party yet"
          description={
            mayManage
              ? 'Add the IT company you work with as a provider party, then invite its lead from the Members tab.'
              : 'The internal IT lead adds provider parties.'
          }
          action={
            mayManage && (
              <Button variant="light" onClick={() => setAdding(true)}>
                Add provider party
              </Button>
            )
          }
        />
      )}
      <PartyDialog opened={adding} slug={slug} onClose={() => setAdding(false)} />
      <PartyDialog
        opened={renaming !== undefined && renameOpen}
        slug={slug}
        party={renaming}
        onClose={() => setRenameOpen(false)}
      />
    </Page>
  );
}

interface PartyCardProps {
  slug: string;
  party: Party;
  isOwn: boolean;
  onRename?: () => void;
}

function PartyCard({ slug, party, isOwn, onRename }: PartyCardProps) {
  return (
    <Card withBorder radius="md" padding="md">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div style={{ minWidth: 0 }}>
          <Text fw={600} truncate>
            {party.name}
          </Text>
          <Group gap={6} mt={4}>
            <Badge variant="light" color={partyColor(party.kind)}>
              {PARTY_KIND_LABELS[party.kind]}
            </Badge>
            {isOwn && (
              <Badge variant="outline" color="gray">
                Your party
              </Badge>
            )}
          </Group>
        </div>
        {onRename && (
          <Tooltip label="Rename">
            <ActionIcon variant="subtle" color="gray" aria-label={`Rename ${party.name}`} onClick={onRename}>
              <IconPencil size={16} aria-hidden />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
      <Group justify="space-between" mt="md">
        <Text size="sm">{pluralise(party.memberCount, 'member')}</Text>
        <AnchorLink to="/w/$ws/members" params={{ ws: slug }} search={{ partyId: party.id }} size="sm">
          See members
        </AnchorLink>
      </Group>
    </Card>
  );
}
