import { Group, Switch, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';

export interface MatrixFilterState {
  q: string;
  onlyProblems: boolean;
  showRetired: boolean;
}

interface MatrixFiltersProps {
  value: MatrixFilterState;
  onChange: (next: MatrixFilterState) => void;
  retiredCount: number;
}

/** Narrows a long map down to the services someone is looking for. */
export function MatrixFilters({ value, onChange, retiredCount }: MatrixFiltersProps) {
  return (
    <Group gap="md" align="flex-end" wrap="wrap" role="search" aria-label="Filter services">
      <TextInput
        label="Find a service"
        placeholder="Part of its name"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={value.q}
        onChange={(event) => onChange({ ...value, q: event.currentTarget.value })}
        w={{ base: '100%', xs: 260 }}
      />
      <Switch
        label="Only services with gaps or warnings"
        checked={value.onlyProblems}
        onChange={(event) => onChange({ ...value, onlyProblems: event.currentTarget.checked })}
        mb={8}
      />
      {retiredCount > 0 && (
        <Switch
          label={`Show retired services (${retiredCount})`}
          checked={value.showRetired}
          onChange={(event) => onChange({ ...value, showRetired: event.currentTarget.checked })}
          mb={8}
        />
      )}
    </Group>
  );
}
