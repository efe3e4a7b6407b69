import { ActionIcon, Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useResponsibilityMap } from '../responsibility/api';
import { useSystems } from '../systems/api';
import { useApiForm } from '../ui/api-form';
import { FormAlert } from '../ui/error-display';
import { SectionCard } from '../ui/section-card';
import { type AlertRule, type Integration, useUpdateIntegration } from './api';

const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
/** The rules are one field to the API: what it refuses is shown for the whole list. */
const NO_FIELDS = [] as const;

/** `severity=critical, job=erp` → { severity: 'critical', job: 'erp' }; null when a pair has no `=`. */
export function parseMatch(text: string): Record<string, string> | null {
  const pairs = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (pairs.length === 0) return null;
  const match: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) return null;
    match[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return match;
}

const matchText = (match: Record<string, string>) =>
  Object.entries(match)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

/**
 * The integration's label rules: every label of a rule must match; the first rule that sets a
 * service, a system or a priority wins for it. Alerts no rule routes go to joint triage.
 */
export function RulesEditor({ slug, integration }: { slug: string; integration: Integration }) {
  const map = useResponsibilityMap(slug);
  const systems = useSystems(slug);
  const update = useUpdateIntegration(slug, integration.id);
  const { form, formError } = useApiForm(
    {
      labels: '',
      serviceId: null as string | null,
      systemId: null as string | null,
      priority: null as string | null,
    },
    update.error,
    NO_FIELDS,
  );
  const [problem, setProblem] = useState<string | null>(null);
  const canEdit = integration.abilities.configure;
  const services = (map.data?.services ?? []).filter((s) => s.status === 'active');
  const systemItems = (systems.data?.items ?? []).filter((s) => s.status === 'active');
  const serviceName = (id: string | undefined) => services.find((s) => s.id === id)?.name ?? '—';
  const systemName = (id: string | undefined) => systemItems.find((s) => s.id === id)?.name ?? '—';

  const save = (rules: AlertRule[], onDone?: () => void) =>
    update.mutate({ version: integration.version, rules }, { onSuccess: () => onDone?.() });

  function add(event: FormEvent) {
    event.preventDefault();
    const { labels, serviceId, systemId, priority } = form.values;
    const match = parseMatch(labels);
    if (!match)
      return setProblem('Write the labels as name=value pairs separated by commas, e.g. severity=critical.');
    if (!serviceId && !systemId && !priority)
      return setProblem('Choose what the rule sets: a service, a system or a priority.');
    setProblem(null);
    const rule: AlertRule = {
      match,
      ...(serviceId && { serviceId }),
      ...(systemId && { systemId }),
      ...(priority && { priority: priority as AlertRule['priority'] }),
    };
    save([...integration.rules, rule], () => form.reset());
  }

  return (
    <SectionCard
      title="Label rules"
      description="An alert whose labels match a rule is raised on its service, system and priority; the map and the after-hours cover then route it like any ticket. Alerts no rule routes wait in joint triage."
    >
      <Stack gap="md">
        {integration.rules.length === 0 ? (
          <Text size="sm" c="dimmed">
            No rule yet: every alert goes to joint triage at priority {integration.defaultPriority}.
            {canEdit && ' Add a rule below, for example severity=critical → P1.'}
          </Text>
        ) : (
          <Table aria-label="Label rules">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Labels</Table.Th>
                <Table.Th>Service</Table.Th>
                <Table.Th>System</Table.Th>
                <Table.Th>Priority</Table.Th>
                {canEdit && <Table.Th aria-label="Remove" />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {integration.rules.map((rule, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rules have no id; their order is their identity
                <Table.Tr key={index}>
                  <Table.Td>
                    <code>{matchText(rule.match)}</code>
                  </Table.Td>
                  <Table.Td>{serviceName(rule.serviceId)}</Table.Td>
                  <Table.Td>{systemName(rule.systemId)}</Table.Td>
                  <Table.Td>{rule.priority ?? '—'}</Table.Td>
                  {canEdit && (
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Remove the rule ${matchText(rule.match)}`}
                        loading={update.isPending}
                        onClick={() => save(integration.rules.filter((_, i) => i !== index))}
                      >
                        <IconTrash size={16} aria-hidden />
                      </ActionIcon>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {canEdit && (
          <form onSubmit={add} noValidate aria-label="Add a label rule">
            <Group align="flex-end" gap="sm" wrap="wrap">
              <TextInput
                label="Labels to match"
                placeholder="severity=critical, job=erp"
                {...form.getInputProps('labels')}
                miw={220}
              />
              <Select
                label="Service"
                placeholder="Keep"
                clearable
                searchable
                data={services.map((s) => ({ value: s.id, label: s.name }))}
                {...form.getInputProps('serviceId')}
              />
              <Select
                label="System"
                placeholder="None"
                clearable
                searchable
                data={systemItems.map((s) => ({ value: s.id, label: s.name }))}
                {...form.getInputProps('systemId')}
              />
              <Select
                label="Priority"
                placeholder="Keep"
                clearable
                data={[...PRIORITIES]}
                {...form.getInputProps('priority')}
                w={110}
              />
              <Button
                type="submit"
                leftSection={<IconPlus size={16} aria-hidden />}
                loading={update.isPending}
              >
                Add rule
              </Button>
            </Group>
          </form>
        )}
        <FormAlert message={problem ?? formError} title="The rules were not saved" />
      </Stack>
    </SectionCard>
  );
}
