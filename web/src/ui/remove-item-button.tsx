import { ActionIcon, Tooltip } from '@mantine/core';
import { IconX } from '@tabler/icons-react';

/** The small grey cross that takes one item off a list; `label` says which, as tooltip and for screen readers. */
export function RemoveItemButton({
  label,
  loading,
  onClick,
}: {
  label: string;
  loading?: boolean;
  onClick: () => void;
}) {
  return (
    <Tooltip label={label}>
      <ActionIcon
        variant="subtle"
        color="gray"
        size="sm"
        aria-label={label}
        loading={loading}
        onClick={onClick}
      >
        <IconX size={14} aria-hidden />
      </ActionIcon>
    </Tooltip>
  );
}
