import {
  Badge,
  Button,
  CloseButton,
  Collapse,
  Group,
  Menu,
  MultiSelect,
  Select,
  Stack,
  Switch,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAdjustmentsHorizontal, IconCheck, IconColumns } from '@tabler/icons-react';
import { useState } from 'react';
import type { Member } from '../members/api';
import { DateRangeInputs } from '../ui/date-range-inputs';
import type { ServiceRef } from './api';
import { PRIORITY_LABELS, STATUS_LABELS } from './labels';
import {
  COLUMN_LABELS,
  defaultSortFor,
  isFiltered,
  QUEUE_COLUMNS,
  type QueueColumn,
  type TicketsSearch,
} from './tickets-search';
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
  // The rest of the filters fold away behind "More filters"; the chips say which are on.
  const [shown, setShown] = useState(false);
  // Their six fields mount the first time they are shown, not with the queue: the page's first
  // render is most of its load time. Once shown they stay mounted, so folding animates.
  const [everShown, setEverShown] = useState(false);
  // On a desk-sized screen the bar stays one line (the chips scroll); on a phone it wraps.
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
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
  const assigneeOptions = [
    { value: 'none', label: 'Unassigned' },
    ...(myMembershipId ? [{ value: myMembershipId, label: 'Me' }] : []),
    ...staff
      .filter((m) => m.id !== myMembershipId)
      .map((m) => ({ value: m.id, label: `${m.account.name} (${m.party?.name ?? 'no party'})` })),
  ];

  const chips = filterChips(search, { services, assigneeOptions });
  const hidden = new Set(search.hide ?? []);
  const toggleColumn = (c: QueueColumn, on: boolean) => {
    const next = QUEUE_COLUMNS.filter((x) => (x === c ? !on : hidden.has(x)));
    onChange({ ...search, hide: next.length ? next : undefined });
  };

  return (
    <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
      {/* One line: open-only, sort, the rest behind "More filters", columns, and a chip per filter on. */}
      <Group
        gap="xs"
        align="center"
        wrap={wide ? 'nowrap' : 'wrap'}
        role="group"
        aria-label="Filter and sort tickets"
      >
        <Switch
          size="xs"
          label="Open only"
          style={{ flexShrink: 0, whiteSpace: 'nowrap' }}
          checked={!search.status && search.open !== false}
          disabled={Boolean(search.status)}
          title={search.status ? 'Statuses are chosen: they say exactly what to show.' : undefined}
          onChange={(event) => onChange({ ...search, open: event.currentTarget.checked ? undefined : false })}
        />
        <Select
          size="xs"
          aria-label="Sort by"
          data={SORT_OPTIONS}
          value={search.sort ?? defaultSortFor(queue)}
          onChange={(value) =>
            onChange({
              ...search,
              sort: value && value !== defaultSortFor(queue) ? (value as TicketSort) : undefined,
            })
          }
          allowDeselect={false}
          w={190}
          style={{ flexShrink: 0 }}
        />
        <Button
          variant={shown ? 'light' : 'default'}
          size="compact-sm"
          leftSection={<IconAdjustmentsHorizontal size={14} aria-hidden />}
          onClick={() => {
            setEverShown(true);
            setShown((v) => !v);
          }}
          aria-expanded={shown}
          aria-controls={everShown ? 'ticket-filters' : undefined}
          style={{ flexShrink: 0 }}
        >
          {shown ? 'Fewer filters' : 'More filters'}
          {count > 0 ? ` · ${count} on` : ''}
        </Button>
        <Menu closeOnItemClick={false} position="bottom-start" withinPortal>
          <Menu.Target>
            <Button
              variant="default"
              size="compact-sm"
              leftSection={<IconColumns size={14} aria-hidden />}
              visibleFrom="md"
              style={{ flexShrink: 0 }}
            >
              Columns{hidden.size > 0 ? ` · ${hidden.size} hidden` : ''}
            </Button>
          </Menu.Target>
          <Menu.Dropdown aria-label="Columns">
            {QUEUE_COLUMNS.map((c) => (
              <Menu.Item
                key={c}
                aria-label={`${COLUMN_LABELS[c]} column ${hidden.has(c) ? 'hidden' : 'shown'}`}
                leftSection={
                  hidden.has(c) ? <span style={{ width: 14 }} /> : <IconCheck size={14} aria-hidden />
                }
                onClick={() => toggleColumn(c, hidden.has(c))}
              >
                {COLUMN_LABELS[c]}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
        {chips.length > 0 && (
          <Group
            gap={4}
            component="ul"
            aria-label="Filters on"
            m={0}
            p={0}
            wrap="nowrap"
            style={{ listStyle: 'none', overflowX: 'auto', minWidth: 0, flexShrink: 1 }}
          >
            {chips.map((chip) => (
              <li key={chip.label} style={{ flexShrink: 0 }}>
                <Badge
                  variant="light"
                  color="gray"
                  radius="xl"
                  size="lg"
                  tt="none"
                  fw={500}
                  pr={2}
                  style={{ whiteSpace: 'nowrap' }}
                  rightSection={
                    <CloseButton
                      size="xs"
                      radius="xl"
                      aria-label={`Remove filter ${chip.label}`}
                      onClick={() => onChange(chip.remove(search))}
                    />
                  }
                >
                  {chip.label}
                </Badge>
              </li>
            ))}
          </Group>
        )}
        {isFiltered(search) && (
          <Button variant="subtle" size="compact-sm" onClick={onClear} style={{ flexShrink: 0 }}>
            Clear filters
          </Button>
        )}
      </Group>
      <Collapse expanded={shown}>
        {everShown && (
          <Group
            id="ticket-filters"
            gap="xs"
            align="flex-end"
            wrap="wrap"
            role="group"
            aria-label="More filters"
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
            <DateRangeInputs
              size="xs"
              from={search.from}
              to={search.to}
              onChange={(change) => onChange({ ...search, ...change })}
              labels={{ from: 'Created from', to: 'Created to' }}
              orderError="Must be on or after “Created from”"
              w={half}
            />
          </Group>
        )}
      </Collapse>
    </Stack>
  );
}

type Chip = { label: string; remove: (s: TicketsSearch) => TicketsSearch };

/** One removable chip per filter that is on, in the words the filters use. */
function filterChips(
  search: TicketsSearch,
  names: { services: ServiceRef[]; assigneeOptions: Array<{ value: string; label: string }> },
): Chip[] {
  const chips: Chip[] = [];
  for (const status of search.status ?? [])
    chips.push({
      label: `Status: ${STATUS_LABELS[status]}`,
      remove: (s) => {
        const rest = (s.status ?? []).filter((x) => x !== status);
        return { ...s, status: rest.length ? rest : undefined };
      },
    });
  if (search.open === false && !search.status)
    chips.push({ label: 'Resolved and closed too', remove: (s) => ({ ...s, open: undefined }) });
  for (const priority of search.priority ?? [])
    chips.push({
      label: `Priority: ${PRIORITY_LABELS[priority]}`,
      remove: (s) => {
        const rest = (s.priority ?? []).filter((x) => x !== priority);
        return { ...s, priority: rest.length ? rest : undefined };
      },
    });
  if (search.serviceId)
    chips.push({
      label: `Service: ${names.services.find((x) => x.id === search.serviceId)?.name ?? 'one service'}`,
      remove: (s) => ({ ...s, serviceId: undefined }),
    });
  if (search.assignee && search.queue !== 'mine')
    chips.push({
      label: `Assignee: ${names.assigneeOptions.find((o) => o.value === search.assignee)?.label ?? 'someone'}`,
      remove: (s) => ({ ...s, assignee: undefined }),
    });
  if (search.from)
    chips.push({ label: `Created from ${search.from}`, remove: (s) => ({ ...s, from: undefined }) });
  if (search.to) chips.push({ label: `Created to ${search.to}`, remove: (s) => ({ ...s, to: undefined }) });
  return chips;
}
