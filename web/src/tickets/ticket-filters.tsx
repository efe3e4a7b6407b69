import { Button, Group, MultiSelect, Select, Stack, Switch, TextInput } from '@mantine/core';
import { IconAdjustmentsHorizontal } from '@tabler/icons-react';
import { useState } from 'react';
import type { Member } from '../members/api';
import type { ServiceRef } from './api';
import { PRIORITY_LABELS, STATUS_LABELS } from './labels';
import { defaultSortFor, isFiltered, type TicketsSearch } from './tickets-search';
import { PRIORITIES, type Priority, TICKET_STATUSES, type TicketSort, type TicketStatus } from './types';

interface TicketFiltersProps {
  search: TicketsSearch;
  services: ServiceRef[];
  staff: Member[];
  myMembershipId: string | undefined;
  onChange: (next: TicketsSearch) => void;
  onClear: () => void;
}

const STATUS_OPTIONS = TICKET_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }));
const PRIORITY_OPTIONS = PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] }));
const SORT_OPTIONS = [
  { value: 'updated', label: 'Recently updated' },
  { value: 'created', label: 'Newest first' },
  { value: 'priority', label: 'Priority (P1 first)' },
  { value: 'sla_due', label: 'SLA due (soonest first)' },
];

const half = { base: 'calc(50% - 6px)', sm: 130 } as const;

export function TicketFilters({
  search,
  services,
  staff,
  myMembershipId,
  onChange,
  onClear,
}: TicketFiltersProps) {
  // On a phone the filters fold away behind one button; on wider screens they are always shown.
  const [shown, setShown] = useState(false);
  const queue = search.queue ?? 'mine';
  const count = [
    search.status,
    search.open === false,
    search.priority,
    search.serviceId,
    search.assignee,
    search.from,
    search.to,
  ].filter(Boolean).length;
  const dateError =
    search.from && search.to && search.from > search.to ? 'Must be on or after “Created from”' : undefined;
  const assigneeOptions = [
    { value: 'none', label: 'Unassigned' },
    ...(myMembershipId ? [{ value: myMembershipId, label: 'Me' }] : []),
    ...staff
      .filter((m) => m.id !== myMembershipId)
      .map((m) => ({ value: m.id, label: `${m.account.name} (${m.party?.name ?? 'no party'})` })),
  ];

  return (
    <Stack gap="xs">
      <Group gap="xs" hiddenFrom="sm">
        <Button
          variant="default"
          size="xs"
          leftSection={<IconAdjustmentsHorizontal size={14} aria-hidden />}
          onClick={() => setShown((v) => !v)}
          aria-expanded={shown}
          aria-controls="ticket-filters"
        >
          {shown ? 'Hide filters' : 'Filters'}
          {count > 0 ? ` · ${count} on` : ''}
        </Button>
      </Group>
      <Group
        id="ticket-filters"
        gap="xs"
        align="flex-end"
        wrap="wrap"
        role="group"
        aria-label="Filter and sort tickets"
        display={{ base: shown ? 'flex' : 'none', sm: 'flex' }}
      >
        <MultiSelect
          size="xs"
          label="Status"
          placeholder={search.status ? undefined : search.open === false ? 'Any status' : 'Open statuses'}
          data={STATUS_OPTIONS}
          value={search.status ?? []}
          onChange={(value) =>
            onChange({ ...search, status: value.length ? (value as TicketStatus[]) : undefined })
          }
          clearable
          w={{ base: '100%', sm: 150 }}
        />
        <Switch
          size="xs"
          label="Open only"
          description={search.status ? 'Statuses chosen' : undefined}
          checked={!search.status && search.open !== false}
          disabled={Boolean(search.status)}
          onChange={(event) => onChange({ ...search, open: event.currentTarget.checked ? undefined : false })}
          mb={8}
        />
        <MultiSelect
          size="xs"
          label="Priority"
          placeholder={search.priority ? undefined : 'Any'}
          data={PRIORITY_OPTIONS}
          value={search.priority ?? []}
          onChange={(value) =>
            onChange({ ...search, priority: value.length ? (value as Priority[]) : undefined })
          }
          clearable
          w={{ base: '100%', sm: 110 }}
        />
        <Select
          size="xs"
          label="Service"
          placeholder="Any service"
          data={services.map((s) => ({ value: s.id, label: s.name }))}
          value={search.serviceId ?? null}
          onChange={(value) => onChange({ ...search, serviceId: value ?? undefined })}
          clearable
          searchable
          w={{ base: '100%', sm: 150 }}
          comboboxProps={{ width: 300 }}
        />
        {queue !== 'mine' && (
          <Select
            size="xs"
            label="Assignee"
            placeholder="Anyone"
            data={assigneeOptions}
            value={search.assignee ?? null}
            onChange={(value) => onChange({ ...search, assignee: value ?? undefined })}
            clearable
            searchable
            w={{ base: '100%', sm: 140 }}
            comboboxProps={{ width: 300 }}
          />
        )}
        <TextInput
          size="xs"
          label="Created from"
          type="date"
          value={search.from ?? ''}
          max={search.to}
          onChange={(event) => onChange({ ...search, from: event.currentTarget.value || undefined })}
          w={half}
        />
        <TextInput
          size="xs"
          label="Created to"
          type="date"
          value={search.to ?? ''}
          min={search.from}
          onChange={(event) => onChange({ ...search, to: event.currentTarget.value || undefined })}
          error={dateError}
          w={half}
        />
        <Select
          size="xs"
          label="Sort by"
          data={SORT_OPTIONS}
          value={search.sort ?? defaultSortFor(queue)}
          onChange={(value) =>
            onChange({
              ...search,
              sort: value && value !== defaultSortFor(queue) ? (value as TicketSort) : undefined,
            })
          }
          allowDeselect={false}
          w={{ base: '100%', sm: 170 }}
        />
        {isFiltered(search) && (
          <Button variant="subtle" size="xs" onClick={onClear} mb={2}>
            Clear filters
          </Button>
        )}
      </Group>
    </Stack>
  );
}
