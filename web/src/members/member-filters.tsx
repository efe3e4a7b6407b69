import { Group, Input, SegmentedControl, Select, Stack, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { type Party, ROLE_LABELS, type Role } from '../ui/api-types';
import type { MembersSearch } from './members-search';

interface MemberFiltersProps {
  filters: MembersSearch;
  parties: Party[];
  onChange: (next: MembersSearch) => void;
}

const ROLE_OPTIONS = (Object.keys(ROLE_LABELS) as Role[]).map((role) => ({
  value: role,
  label: ROLE_LABELS[role],
}));

export function MemberFilters({ filters, parties, onChange }: MemberFiltersProps) {
  const [q, setQ] = useState(filters.q ?? '');
  const pushQuery = useDebouncedCallback(
    (value: string) => onChange({ ...filters, q: value.trim() || undefined }),
    300,
  );

  return (
    <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label="Filter members">
      <TextInput
        label="Search"
        placeholder="Name or email"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={q}
        onChange={(event) => {
          setQ(event.currentTarget.value);
          pushQuery(event.currentTarget.value);
        }}
        w={{ base: '100%', sm: 240 }}
      />
      <Select
        label="Party"
        placeholder="All parties"
        data={parties.map((p) => ({ value: p.id, label: p.name }))}
        value={filters.partyId ?? null}
        onChange={(value) => onChange({ ...filters, partyId: value ?? undefined })}
        clearable
        w={{ base: 'calc(50% - 6px)', xs: 200 }}
      />
      <Select
        label="Role"
        placeholder="All roles"
        data={ROLE_OPTIONS}
        value={filters.role ?? null}
        onChange={(value) => onChange({ ...filters, role: (value as Role | null) ?? undefined })}
        clearable
        w={{ base: 'calc(50% - 6px)', xs: 160 }}
      />
      <Stack gap={4}>
        <Input.Label id="member-status-label" component="span">
          Status
        </Input.Label>
        <SegmentedControl
          aria-labelledby="member-status-label"
          data={[
            { value: 'active', label: 'Active' },
            { value: 'deactivated', label: 'Deactivated' },
          ]}
          value={filters.status ?? 'active'}
          onChange={(value) =>
            onChange({ ...filters, status: value === 'deactivated' ? 'deactivated' : undefined })
          }
        />
      </Stack>
    </Group>
  );
}
