import { Group, Select } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { LimitedTextInput } from '../ui/limited-input';
import { type DecisionStatus, type DecisionType, STATUS_LABELS } from './api';
import type { DecisionsSearch } from './decisions-search';

interface DecisionFiltersProps {
  search: DecisionsSearch;
  types: DecisionType[];
  onChange: (next: DecisionsSearch) => void;
}

const STATUS_OPTIONS = (Object.keys(STATUS_LABELS) as DecisionStatus[]).map((status) => ({
  value: status,
  label: STATUS_LABELS[status],
}));

export function DecisionFilters({ search, types, onChange }: DecisionFiltersProps) {
  const [q, setQ] = useState(search.q ?? '');
  const pushQuery = useDebouncedCallback(
    (value: string) => onChange({ ...search, q: value.trim() || undefined }),
    300,
  );
  // "Clear filters" empties the search in the address; empty the box with it.
  useEffect(() => {
    if (!search.q) setQ('');
  }, [search.q]);

  return (
    <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label="Filter decisions">
      <LimitedTextInput
        label="Search"
        placeholder="Words from the title, context or rationale"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={q}
        limit={200}
        onChange={(event) => {
          setQ(event.currentTarget.value);
          pushQuery(event.currentTarget.value);
        }}
        w={{ base: '100%', sm: 300 }}
      />
      {!search.awaitingMe && (
        <Select
          label="Status"
          placeholder="Any status"
          data={STATUS_OPTIONS}
          value={search.status ?? null}
          onChange={(value) => onChange({ ...search, status: (value as DecisionStatus | null) ?? undefined })}
          clearable
          w={{ base: 'calc(50% - 6px)', sm: 190 }}
        />
      )}
      <Select
        label="Type"
        placeholder="Any type"
        data={types.map((t) => ({ value: t.key, label: t.name }))}
        value={search.typeKey ?? null}
        onChange={(value) => onChange({ ...search, typeKey: value ?? undefined })}
        clearable
        searchable
        w={{ base: search.awaitingMe ? '100%' : 'calc(50% - 6px)', sm: 280 }}
        comboboxProps={{ width: 320 }}
      />
    </Group>
  );
}
