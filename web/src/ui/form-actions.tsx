import { Button, Group, type MantineSpacing } from '@mantine/core';
import type { ReactNode } from 'react';

/** A form's closing row: Cancel, then the form's own buttons (its submit last). */
export function FormActions({
  onCancel,
  cancelDisabled,
  gap,
  mt,
  children,
}: {
  onCancel: () => void;
  /** While the form is being sent, for a dialog that must not close midway. */
  cancelDisabled?: boolean;
  gap?: MantineSpacing;
  mt?: MantineSpacing;
  children: ReactNode;
}) {
  return (
    <Group justify="flex-end" gap={gap} mt={mt}>
      <Button variant="default" onClick={onCancel} disabled={cancelDisabled}>
        Cancel
      </Button>
      {children}
    </Group>
  );
}
