import { Button, Group, type MantineSpacing } from '@mantine/core';
import type { ReactNode } from 'react';

/** A form's closing row: Cancel, then the form's own buttons (its submit last). */
export function FormActions({
  onCancel,
  gap,
  children,
}: {
  onCancel: () => void;
  gap?: MantineSpacing;
  children: ReactNode;
}) {
  return (
    <Group justify="flex-end" gap={gap}>
      <Button variant="default" onClick={onCancel}>
        Cancel
      </Button>
      {children}
    </Group>
  );
}
