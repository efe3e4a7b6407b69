import { ActionIcon, Alert, Badge, Button, Divider, Drawer, Group, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconArrowBackUp } from '@tabler/icons-react';
import type { FormEvent } from 'react';
import { ApiError } from '../ui/api-client';
import { useApiForm } from '../ui/api-form';
import { FormAlert } from '../ui/error-display';
import { LimitedTextInput } from '../ui/limited-input';
import { LimitedTextarea } from '../ui/limited-textarea';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { type AssignmentChange, type Proposal, type ResponsibilityMap, useCreateProposal } from './api';
import { NamedPersonForm } from './named-person-form';
import { accountableClashes, type ChangeSet, holderName, listChanges, RACI_NAMES } from './raci';

interface ChangesDrawerProps {
  opened: boolean;
  onClose: () => void;
  slug: string;
  map: ResponsibilityMap;
  changes: ChangeSet;
  onUndo: (change: AssignmentChange) => void;
  onAddNamed: (change: Omit<AssignmentChange, 'op'>) => void;
  onSubmitted: (proposal: Proposal) => void;
}

const FIELDS = ['title', 'rationale'] as const;

/** The change set being built, the proposal's title and rationale, and "Submit proposal". */
export function ChangesDrawer(props: ChangesDrawerProps) {
  const { opened, onClose, slug, map, changes, onUndo, onAddNamed, onSubmitted } = props;
  const narrow = useMediaQuery('(max-width: 48em)');
  const create = useCreateProposal(slug);
  const { form, formError } = useApiForm({ title: '', rationale: '' }, create.error, FIELDS);
  const { title, rationale } = form.values;
  const keyFor = useIdempotencyKey();
  const list = listChanges(changes);
  const clashes = accountableClashes(map.assignments, changes, map.services);
  const serviceName = (id: string) => map.services.find((s) => s.id === id)?.name ?? 'Unknown service';

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = {
      title: title.trim(),
      rationale: rationale.trim(),
      changes: list.map(({ op, serviceId, partyId, membershipId, role }) => ({
        op,
        serviceId,
        partyId,
        membershipId,
        role,
      })),
    };
    create.mutate(
      { ...body, key: keyFor(body) },
      {
        onSuccess: ({ proposal }) => {
          form.reset();
          create.reset();
          onSubmitted(proposal);
        },
      },
    );
  }

  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size={narrow ? '100%' : 'lg'}
      title={<Text fw={600}>Proposed changes ({list.length})</Text>}
      closeButtonProps={{ 'aria-label': 'Close proposed changes' }}
    >
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Nothing changes in the map until the internal IT lead approves the proposal. Each approved proposal
          becomes a new version.
        </Text>
        {list.length === 0 ? (
          <Text size="sm">No changes yet. Toggle A, R, C or I in the matrix, or name a person below.</Text>
        ) : (
          <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Changes">
            {list.map((change) => {
              const what = `${RACI_NAMES[change.role]}: ${holderName(change, map.parties)} for ${serviceName(change.serviceId)}`;
              return (
                <Group
                  key={`${change.op}:${change.serviceId}:${change.partyId}:${change.membershipId}:${change.role}`}
                  component="li"
                  gap="xs"
                  wrap="nowrap"
                  justify="space-between"
                >
                  <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                    <Badge
                      color={change.op === 'add' ? 'teal' : 'red'}
                      variant="light"
                      w={78}
                      style={{ flex: 'none' }}
                    >
                      {change.op === 'add' ? 'Add' : 'Remove'}
                    </Badge>
                    <Text size="sm">{what}</Text>
                  </Group>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={`Undo: ${change.op} ${what}`}
                    onClick={() => onUndo(change)}
                  >
                    <IconArrowBackUp size={16} aria-hidden />
                  </ActionIcon>
                </Group>
              );
            })}
          </Stack>
        )}
        {clashes.length > 0 && (
          <Alert
            color="orange"
            variant="light"
            icon={<IconAlertTriangle aria-hidden />}
            title="Two Accountable"
          >
            {clashes.join(', ')} would have more than one Accountable. Exactly one party may be Accountable
            for a service: remove the other A, or the proposal will be refused.
          </Alert>
        )}
        <Divider />
        <NamedPersonForm slug={slug} services={map.services} parties={map.parties} onAdd={onAddNamed} />
        <Divider />
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <LimitedTextInput
              label="Title"
              description="What changes, in a few words"
              placeholder="For example: Northwind takes first line for identity"
              required
              limit={200}
              {...form.getInputProps('title')}
            />
            <LimitedTextarea
              label="Rationale"
              description="Why: the internal IT lead reads this before approving"
              autosize
              minRows={3}
              maxRows={8}
              limit={5000}
              {...form.getInputProps('rationale')}
            />
            <FormAlert
              title={create.error instanceof ApiError ? `Proposal refused (${create.error.code})` : undefined}
              message={formError}
            />
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={onClose}>
                Keep editing
              </Button>
              <Button type="submit" loading={create.isPending} disabled={list.length === 0 || !title.trim()}>
                Submit proposal
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Drawer>
  );
}
