import { Badge, Button, Group, Paper, Select, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus, IconServer } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { ContinuityTabs } from '../problems/continuity-tabs';
import { useApiForm } from '../ui/api-form';
import { Dialog } from '../ui/dialog';
import { DialogForm } from '../ui/dialog-form';
import { EmptyState } from '../ui/empty-state';
import { FormAlert } from '../ui/error-display';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { AnchorLink } from '../ui/router-links';
import {
  CRITICALITIES,
  type Criticality,
  SYSTEM_KINDS,
  type SystemKind,
  useCreateSystem,
  useSystems,
} from './api';
import { CriticalityBadge } from './criticality-badge';

const route = getRouteApi('/_app/w/$ws/systems');

export function SystemsPage() {
  const { ws: slug } = route.useParams();
  const systems = useSystems(slug);
  const [opened, { open, close }] = useDisclosure(false);
  const names = new Map(systems.data?.items.map((s) => [s.id, s.name]));
  return (
    <Page
      title="Systems"
      description="The business's systems and assets: how critical, who owns them, what they depend on, and how to recover them."
      actions={
        systems.data?.abilities.manage && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>
            New system
          </Button>
        )
      }
    >
      <ContinuityTabs slug={slug} current="systems" />
      {!systems.isSuccess ? (
        <QueryStatus query={systems} label="Loading systems" />
      ) : systems.data.items.length === 0 ? (
        <EmptyState
          icon={<IconServer aria-hidden />}
          title="No systems registered"
          description="Register the systems the business depends on, starting with the critical ones."
        />
      ) : (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>System</Table.Th>
                  <Table.Th w={110}>Criticality</Table.Th>
                  <Table.Th>Owner</Table.Th>
                  <Table.Th>Depends on</Table.Th>
                  <Table.Th>Recovery steps</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {systems.data.items.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      <AnchorLink to="/w/$ws/systems/$id" params={{ ws: slug, id: s.id }} fw={600}>
                        {s.name}
                      </AnchorLink>
                      <Text size="xs" c="dimmed">
                        {s.kind}
                        {s.service ? ` · ${s.service.name}` : ''}
                        {s.status === 'retired' ? ' · retired' : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <CriticalityBadge criticality={s.criticality} />
                    </Table.Td>
                    <Table.Td>{s.ownerParty.name}</Table.Td>
                    <Table.Td>{(s.dependsOn ?? []).map((id) => names.get(id)).join(', ') || '—'}</Table.Td>
                    <Table.Td>
                      {s.hasRecoveryProcedure ? (
                        <Text size="sm">
                          {s.recoveryArticle?.key} {s.recoveryArticle?.title}
                        </Text>
                      ) : (
                        <Badge color={s.criticality === 'critical' ? 'red' : 'gray'} variant="light">
                          None written
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <Dialog opened={opened} onClose={close} closeOnClickOutside={false}>
        <NewSystemForm slug={slug} onDone={close} />
      </Dialog>
    </Page>
  );
}

const FIELDS = ['name', 'kind', 'criticality', 'description'] as const;

function NewSystemForm({ slug, onDone }: { slug: string; onDone: () => void }) {
  const create = useCreateSystem(slug);
  const { form, formError } = useApiForm(
    {
      name: '',
      kind: 'application' as SystemKind,
      criticality: 'medium' as Criticality,
      description: '',
    },
    create.error,
    FIELDS,
  );
  return (
    <DialogForm
      title="New system"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(form.values, { onSuccess: onDone });
      }}
      onCancel={onDone}
      submitLabel="Register"
      pending={create.isPending}
    >
      <TextInput label="Name" required {...form.getInputProps('name')} />
      <Group grow>
        <Select label="Kind" {...form.getInputProps('kind')} data={[...SYSTEM_KINDS]} allowDeselect={false} />
        <Select
          label="Criticality"
          {...form.getInputProps('criticality')}
          data={CRITICALITIES}
          allowDeselect={false}
        />
      </Group>
      <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
      <FormAlert message={formError} />
    </DialogForm>
  );
}
