import { Button, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Dialog, DialogBody, DialogHeader } from './dialog';
import { ErrorState } from './error-display';

export interface ConfirmDialogProps {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Red for changes that take something away (deactivate, revoke). */
  danger?: boolean;
  pending?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onClose: () => void;
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const { opened, title, children, confirmLabel, danger, pending, error, onConfirm, onClose } = props;
  return (
    <Dialog opened={opened} onClose={onClose}>
      <DialogHeader title={title} />
      <DialogBody>
        <Stack gap="md">
          <Text size="sm" component="div">
            {children}
          </Text>
          {error ? <ErrorState error={error} /> : null}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose} disabled={pending}>
              Cancel
            </Button>
            <Button color={danger ? 'red' : undefined} onClick={onConfirm} loading={pending} data-autofocus>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </DialogBody>
    </Dialog>
  );
}
