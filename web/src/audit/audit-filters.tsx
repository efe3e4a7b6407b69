import { Autocomplete, Badge, CloseButton, Group } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useState } from 'react';
import { DateRangeInputs } from '../ui/date-range-inputs';
import type { AuditSearch } from './audit-search';

interface AuditFiltersProps {
  search: AuditSearch;
  /** Actions and entity types seen in the loaded events, offered as suggestions. */
  knownActions: string[];
  knownEntityTypes: string[];
  /** Names for the actor filter chip, when the actor is among the loaded events. */
  actorName?: string;
  onChange: (next: AuditSearch) => void;
}

export function AuditFilters({
  search,
  knownActions,
  knownEntityTypes,
  actorName,
  onChange,
}: AuditFiltersProps) {
  const [action, setAction] = useState(search.action ?? '');
  const [entityType, setEntityType] = useState(search.entityType ?? '');
  const push = useDebouncedCallback((next: AuditSearch) => onChange(next), 350);

  return (
    <Group gap="sm" align="flex-start" wrap="wrap" role="search" aria-label="Filter the audit log">
      <Autocomplete
        label="Action"
        placeholder="For example member.deactivated"
        data={knownActions}
        value={action}
        onChange={(value) => {
          setAction(value);
          push({ ...search, action: value.trim() || undefined });
        }}
        w={{ base: '100%', sm: 240 }}
      />
      <Autocomplete
        label="Entity type"
        placeholder="For example member"
        data={knownEntityTypes}
        value={entityType}
        onChange={(value) => {
          setEntityType(value);
          push({ ...search, entityType: value.trim() || undefined });
        }}
        w={{ base: '100%', sm: 200 }}
      />
      <DateRangeInputs
        from={search.from}
        to={search.to}
        onChange={(change) => onChange({ ...search, ...change })}
        labels={{ from: 'From', to: 'To' }}
        orderError="Must be on or after the start date"
        w={{ base: 'calc(50% - 6px)', sm: 170 }}
      />
      {(search.actorAccountId || search.entityId) && (
        <Group gap="xs" w="100%">
          {search.actorAccountId && (
            <FilterChip
              label={`By ${actorName ?? 'one person'}`}
              onRemove={() => onChange({ ...search, actorAccountId: undefined })}
            />
          )}
          {search.entityId && (
            <FilterChip
              label={`Record ${search.entityId.slice(0, 8)}`}
              onRemove={() => onChange({ ...search, entityId: undefined })}
            />
          )}
        </Group>
      )}
    </Group>
  );
}

function FilterChip({ label, onRemove }: { label: string; onRemove: () => void }) {
  return (
    <Badge
      variant="light"
      size="lg"
      tt="none"
      fw={500}
      rightSection={<CloseButton size="xs" aria-label={`Remove filter: ${label}`} onClick={onRemove} />}
    >
      {label}
    </Badge>
  );
}
