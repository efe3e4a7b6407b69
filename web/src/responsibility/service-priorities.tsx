import { Badge, Button, Group, Paper, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useApiForm } from '../ui/api-form';
import { DataTable } from '../ui/data-table';
import { FormAlert } from '../ui/error-display';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import {
  PRIORITY_LABELS,
  type ResponsibilityMap,
  type Service,
  useCreateProposal,
  useSetServicePriority,
} from './api';

const OPTIONS = [
  { value: '', label: 'Not set' },
  ...[1, 2, 3, 4].map((n) => ({ value: String(n), label: `${n} ${PRIORITY_LABELS[n]}` })),
];
const FIELDS = ['priorityChanges', 'rationale'] as const;
const COLOURS: Record<number, string> = { 1: 'red', 2: 'orange', 3: 'blue', 4: 'gray' };

export function PriorityBadge({ priority }: { priority: number | null }) {
  if (priority === null) return null;
  return (
    <Badge size="xs" variant="light" color={COLOURS[priority]}>
      Priority {priority} {PRIORITY_LABELS[priority]}
    </Badge>
  );
}

/**
 * The workspace's service priorities (issue #13). The internal lead sets them; a provider (or
 * other staff) proposes changes, which the internal lead accepts by approving the proposal.
 */
export function ServicePriorities({ slug, map }: { slug: string; map: ResponsibilityMap }) {
  const services = map.services.filter((s) => s.status === 'active');
  const mayDecide = map.abilities.setServicePriority === true;
  const mayPropose = map.abilities.propose === true;
  const set = useSetServicePriority(slug);
  const propose = useCreateProposal(slug);
  const keyFor = useIdempotencyKey();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Record<string, number | null>>({});
  const { form, formError, fieldError } = useApiForm({ rationale: '' }, propose.error ?? set.error, FIELDS);
  const proposed = Object.entries(draft).filter(
    ([id, p]) => services.find((s) => s.id === id)?.businessPriority !== p,
  );

  const onPick = (service: Service, value: string | null) => {
    const businessPriority = value ? Number(value) : null;
    if (mayDecide) set.mutate({ service, businessPriority });
    else setDraft((d) => ({ ...d, [service.id]: businessPriority }));
  };
  const submitProposal = () => {
    const body = {
      title: `Service priorities: ${proposed.length} change${proposed.length === 1 ? '' : 's'}`,
      rationale: form.values.rationale,
      priorityChanges: proposed.map(([serviceId, businessPriority]) => ({ serviceId, businessPriority })),
    };
    propose.mutate(
      { ...body, key: keyFor(body) },
      {
        onSuccess: ({ proposal }) => {
          setDraft({});
          notifications.show({
            color: 'teal',
            message: `Proposal #${proposal.number} submitted. The priorities change once the internal IT lead approves it.`,
          });
          void navigate({
            to: '/w/$ws/responsibility/proposals/$number',
            params: { ws: slug, number: String(proposal.number) },
          });
        },
      },
    );
  };

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="priorities-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="priorities-title">
          Service priorities
        </Title>
        <Text size="sm" c="dimmed">
          The business sets how much each service matters: 1 critical to 4 low.{' '}
          {mayDecide
            ? 'As the internal IT lead you set them here; a provider proposes changes for you to approve.'
            : mayPropose
              ? 'Only the internal IT lead sets them; pick new priorities and propose them for approval.'
              : 'Only the internal IT lead sets them.'}
        </Text>
        <FormAlert message={formError ?? fieldError('priorityChanges')} />
        <DataTable
          minWidth={420}
          verticalSpacing={4}
          aria-label="Service priorities"
          head={['Service', 'Priority']}
        >
          {services.map((s) => {
            const value = s.id in draft ? draft[s.id]! : s.businessPriority;
            return (
              <Table.Tr key={s.id}>
                <Table.Td>{s.name}</Table.Td>
                <Table.Td>
                  {mayDecide || mayPropose ? (
                    <Select
                      size="xs"
                      aria-label={`Priority of ${s.name}`}
                      data={OPTIONS}
                      value={value === null ? '' : String(value)}
                      onChange={(v) => onPick(s, v)}
                      allowDeselect={false}
                      w={160}
                    />
                  ) : (
                    <PriorityBadge priority={s.businessPriority} />
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </DataTable>
        {!mayDecide && mayPropose && proposed.length > 0 && (
          <Stack gap="xs">
            <Textarea
              label="Why these priorities"
              autosize
              minRows={2}
              {...form.getInputProps('rationale')}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDraft({})}>
                Discard
              </Button>
              <Button onClick={submitProposal} loading={propose.isPending}>
                Propose {proposed.length} priorit{proposed.length === 1 ? 'y' : 'ies'}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
