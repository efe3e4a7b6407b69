import { Badge, Button, Checkbox, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconActivityHeartbeat, IconPlus } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useResponsibilityMap } from '../responsibility/api';
import { useApiForm } from '../ui/api-form';
import { DataTable } from '../ui/data-table';
import { Dialog, DialogHeader } from '../ui/dialog';
import { EmptyState } from '../ui/empty-state';
import { ErrorState, FormAlert } from '../ui/error-display';
import { FormActions } from '../ui/form-actions';
import { formatRelative } from '../ui/format';
import { ListSkeleton } from '../ui/loading';
import { LockedPage } from '../ui/locked-page';
import { Page } from '../ui/page-layout';
import { AnchorLink } from '../ui/router-links';
import {
  type CredentialAnswer,
  KIND_LABELS,
  type NewIntegration,
  useCreateIntegration,
  useIntegrations,
} from './api';
import { CredentialNotice } from './credential-notice';

const route = getRouteApi('/_app/w/$ws/integrations');

export function IntegrationsPage() {
  const { ws: slug } = route.useParams();
  const list = useIntegrations(slug);
  const [creating, setCreating] = useState(false);
  const canCreate = list.data?.abilities.create ?? false;
  if (list.error && 'code' in list.error && list.error.code === 'INTEGRATION_RIGHT_REQUIRED')
    return (
      <LockedPage
        title="Monitoring integrations"
        notice="Integrations are for the leads"
        description="The leads of the internal IT team and of the provider connect monitoring tools here."
      />
    );
  return (
    <Page
      title="Monitoring integrations"
      description="Alerts from Prometheus Alertmanager and other monitoring or RMM tools become tickets, routed by label rules and the responsibility map."
      actions={
        canCreate && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
            Connect a tool
          </Button>
        )
      }
    >
      {list.isPending ? (
        <ListSkeleton label="Loading integrations" />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.integrations.length === 0 ? (
        <EmptyState
          icon={<IconActivityHeartbeat aria-hidden />}
          title="No monitoring tool is connected yet"
          description="Connect Prometheus Alertmanager or any tool that can post a signed webhook: each alert then raises one ticket, repeats add occurrences and resolutions are noted."
          action={
            canCreate && (
              <Button variant="light" onClick={() => setCreating(true)}>
                Connect a tool
              </Button>
            )
          }
        />
      ) : (
        <DataTable
          striped
          highlightOnHover
          aria-label="Monitoring integrations"
          head={['Name', 'Kind', 'Status', 'Last alert', 'Last error']}
        >
          {list.data.integrations.map((i) => (
            <Table.Tr key={i.id}>
              <Table.Td>
                <AnchorLink to="/w/$ws/integrations/$id" params={{ ws: slug, id: i.id }}>
                  {i.name}
                </AnchorLink>
              </Table.Td>
              <Table.Td>{KIND_LABELS[i.kind]}</Table.Td>
              <Table.Td>
                <Badge color={i.status === 'active' ? 'teal' : 'gray'} variant="light">
                  {i.status === 'active' ? 'Active' : 'Disabled'}
                </Badge>
              </Table.Td>
              <Table.Td>{formatRelative(i.lastEventAt, 'Nothing received yet')}</Table.Td>
              <Table.Td>
                <Text size="sm" c={i.lastError ? 'red' : 'dimmed'} lineClamp={2}>
                  {i.lastError ?? 'None'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
      <Dialog opened={creating} onClose={() => setCreating(false)} size="lg" closeOnClickOutside={false}>
        <CreateIntegration slug={slug} onDone={() => setCreating(false)} />
      </Dialog>
    </Page>
  );
}

const FIELDS = ['name', 'defaultServiceId', 'kind'] as const;

function CreateIntegration({ slug, onDone }: { slug: string; onDone: () => void }) {
  const map = useResponsibilityMap(slug);
  const create = useCreateIntegration(slug);
  const [answer, setAnswer] = useState<CredentialAnswer | null>(null);
  const { form, formError } = useApiForm(
    {
      kind: 'alertmanager' as NewIntegration['kind'],
      name: '',
      defaultServiceId: null as string | null,
      defaultPriority: 'P3' as NewIntegration['defaultPriority'],
      resolveTickets: true,
    },
    create.error,
    FIELDS,
  );
  const services = (map.data?.services ?? []).filter((s) => s.status === 'active');

  function submit(event: FormEvent) {
    event.preventDefault();
    const f = form.values;
    const body: NewIntegration = { ...f, name: f.name.trim(), defaultServiceId: f.defaultServiceId ?? '' };
    create.mutate(body, { onSuccess: setAnswer });
  }

  if (answer)
    return (
      <>
        <DialogHeader title={`${answer.integration.name} is connected`} />
        <Stack p="md" gap="md">
          <CredentialNotice answer={answer} origin={window.location.origin} />
          <Group justify="flex-end">
            <Button onClick={onDone}>I have copied it</Button>
          </Group>
        </Stack>
      </>
    );
  return (
    <>
      <DialogHeader title="Connect a monitoring tool" />
      <form onSubmit={submit} noValidate>
        <Stack p="md" gap="md">
          <Select
            label="Kind"
            data={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))}
            {...form.getInputProps('kind')}
            allowDeselect={false}
          />
          <TextInput label="Name" required {...form.getInputProps('name')} data-autofocus />
          <Select
            label="Service for alerts no rule matches"
            description="Those tickets wait in joint triage on this service. Label rules are added on the integration's page once it is connected."
            required
            searchable
            data={services.map((s) => ({ value: s.id, label: s.name }))}
            {...form.getInputProps('defaultServiceId')}
          />
          <Select
            label="Priority when no rule sets one"
            data={['P1', 'P2', 'P3', 'P4']}
            {...form.getInputProps('defaultPriority')}
            allowDeselect={false}
          />
          <Checkbox
            label="Resolve the ticket when the tool reports the alert resolved"
            {...form.getInputProps('resolveTickets', { type: 'checkbox' })}
          />
          <FormAlert message={formError} title="Could not connect the tool" />
          <FormActions onCancel={onDone}>
            <Button type="submit" loading={create.isPending}>
              Connect
            </Button>
          </FormActions>
        </Stack>
      </form>
    </>
  );
}
