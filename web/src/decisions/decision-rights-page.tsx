import { Badge, Button, Card, Group, Stack, Table, Text } from '@mantine/core';
import { IconScale } from '@tabler/icons-react';
import { useState } from 'react';
import { EmptyState } from '../ui/empty-state';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { can, useWorkspace } from '../workspaces/api';
import { useWorkspaceSlug } from '../workspaces/use-workspace-slug';
import { type DecisionType, useDecisionTypes } from './api';
import { DeciderDialog } from './decider-dialog';
import { DecisionsTabs } from './decisions-tabs';
import { DecisionsStaffOnly } from './staff-only';

const KIND_LABELS: Record<string, string> = { internal: 'Internal staff', provider: 'Provider staff' };
const kinds = (list: string[]) => (list.length ? list.map((k) => KIND_LABELS[k] ?? k).join(', ') : 'Nobody');
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function DecisionRightsPage() {
  const slug = useWorkspaceSlug();
  const detail = useWorkspace(slug).data;
  if (!can(detail?.abilities, 'readDecisions')) return <DecisionsStaffOnly />;
  return <DecisionRights slug={slug} />;
}

function DecisionRights({ slug }: { slug: string }) {
  const detail = useWorkspace(slug).data;
  const types = useDecisionTypes(slug);
  // The API offers no ability for this; the server allows it to the internal lead only.
  const mayChange = detail?.membership.role === 'lead' && detail.membership.partyKind === 'internal';
  // The type stays set while its dialog closes, so the closing dialog keeps its title.
  const [changingId, setChangingId] = useState<string | null>(null);
  const [opened, setOpened] = useState(false);
  const items = types.data?.items ?? [];
  const changing = items.find((t) => t.id === changingId);
  const onChange = mayChange
    ? (type: DecisionType) => {
        setChangingId(type.id);
        setOpened(true);
      }
    : undefined;

  return (
    <Page
      title="Decisions"
      description="Who may ask for each kind of decision, who is consulted, and who holds the right to decide. The internal IT lead always keeps the right."
    >
      <DecisionsTabs slug={slug} current="rights" />
      <QueryStatus query={types} rows={6} label="Loading decision rights" />
      {types.isSuccess && items.length === 0 && (
        <EmptyState
          icon={<IconScale aria-hidden />}
          title="No decision types"
          description="Decision types are set up with the workspace. Ask your administrator if this list should not be empty."
        />
      )}
      {items.length > 0 && (
        <>
          <Table.ScrollContainer minWidth={800} visibleFrom="md">
            <Table verticalSpacing="sm" aria-label="Decision rights">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Decision type</Table.Th>
                  <Table.Th>Who may propose</Table.Th>
                  <Table.Th>Consulted</Table.Th>
                  <Table.Th>Who decides</Table.Th>
                  {mayChange && (
                    <Table.Th>
                      <span className="visually-hidden">Actions</span>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((type) => (
                  <Table.Tr key={type.id}>
                    <Table.Td maw={360}>
                      <Text size="sm" fw={600}>
                        {type.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {type.description}
                      </Text>
                    </Table.Td>
                    <Table.Td>{kinds(type.proposerKinds)}</Table.Td>
                    <Table.Td>{kinds(type.consultedKinds)}</Table.Td>
                    <Table.Td>
                      <Decider type={type} />
                    </Table.Td>
                    {onChange && (
                      <Table.Td>
                        <ChangeButton type={type} onChange={onChange} />
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Stack
            gap="xs"
            hiddenFrom="md"
            component="ul"
            p={0}
            m={0}
            style={{ listStyle: 'none' }}
            aria-label="Decision rights"
          >
            {items.map((type) => (
              <Card key={type.id} component="li" withBorder padding="sm" radius="md">
                <Text size="sm" fw={600}>
                  {type.name}
                </Text>
                <Text size="xs" c="dimmed" mb="xs">
                  {type.description}
                </Text>
                <Text size="sm">Proposed by: {kinds(type.proposerKinds)}</Text>
                <Text size="sm">Consulted: {kinds(type.consultedKinds)}</Text>
                <Group gap="xs" mt={4} justify="space-between">
                  <Decider type={type} />
                  {onChange && <ChangeButton type={type} onChange={onChange} />}
                </Group>
              </Card>
            ))}
          </Stack>
        </>
      )}
      {mayChange && (
        <DeciderDialog
          opened={opened && changing !== undefined}
          slug={slug}
          type={changing}
          onClose={() => setOpened(false)}
        />
      )}
    </Page>
  );
}

function Decider({ type }: { type: DecisionType }) {
  return (
    <div>
      <Text size="sm">{capitalise(type.deciderDescription)}</Text>
      {type.decider === 'provider_lead' && (
        <Badge color="orange" variant="light" size="sm" tt="none" mt={2}>
          Delegated to a provider
        </Badge>
      )}
      {type.decider === 'internal_delegate' && (
        <Badge color="teal" variant="light" size="sm" tt="none" mt={2}>
          Delegated internally
        </Badge>
      )}
    </div>
  );
}

function ChangeButton({ type, onChange }: { type: DecisionType; onChange: (type: DecisionType) => void }) {
  return (
    <Button
      size="compact-sm"
      variant="light"
      onClick={() => onChange(type)}
      aria-label={`Change who decides: ${type.name}`}
    >
      Change
    </Button>
  );
}
