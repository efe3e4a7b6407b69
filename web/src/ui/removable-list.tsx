import { Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { RemoveItemButton } from './remove-item-button';

interface RemovableListProps<T> {
  items: T[];
  /** The dimmed line when there are none. */
  empty: string;
  itemKey: (item: T) => string;
  /** What a row shows, on the left. */
  render: (item: T) => ReactNode;
  /** Given only to those who may remove; the label names the item for screen readers. */
  remove?: { label: (item: T) => string; onRemove: (item: T) => void };
  /** Keeps the remove button beside a long entry instead of wrapping it under. */
  nowrap?: boolean;
}

/** A record's short list of linked things (tickets, systems), each with a grey cross to take it off. */
export function RemovableList<T>({ items, empty, itemKey, render, remove, nowrap }: RemovableListProps<T>) {
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  return (
    <Stack gap={4}>
      {items.map((item) => (
        <Group key={itemKey(item)} justify="space-between" wrap={nowrap ? 'nowrap' : undefined}>
          {render(item)}
          {remove && <RemoveItemButton label={remove.label(item)} onClick={() => remove.onRemove(item)} />}
        </Group>
      ))}
    </Stack>
  );
}
