import { ActionIcon, Group, Stack, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type ReactNode, useState } from 'react';
import { ConfirmDialog, type ConfirmDialogProps } from './confirm-dialog';

/** A bare list of ruled rows (sessions, tokens, invitations), read as a list by screen readers. */
export function RowList({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={label}>
      {children}
    </Stack>
  );
}

/** One row of a RowList: what it is on the left, its action on the right. */
export function RowListItem({ children }: { children: ReactNode }) {
  return (
    <Group
      component="li"
      justify="space-between"
      wrap="nowrap"
      py="sm"
      style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
    >
      {children}
    </Group>
  );
}

/** The red icon that asks to take a row away; `label` names the row for screen readers. */
export function RevokeButton(props: {
  tooltip: string;
  label: string;
  icon: ReactNode;
  onClick: () => void;
}) {
  return (
    <Tooltip label={props.tooltip}>
      <ActionIcon variant="subtle" color="red" aria-label={props.label} onClick={props.onClick}>
        {props.icon}
      </ActionIcon>
    </Tooltip>
  );
}

interface Revocation<T> {
  mutate: (item: T, options: { onSuccess: () => void }) => void;
  reset: () => void;
  isPending: boolean;
  error: unknown;
}

/** The row picked for revoking; picking clears the last attempt's error so the dialog opens clean. */
export function usePicked<T>(revoke: Revocation<T>) {
  const [picked, setPicked] = useState<T | null>(null);
  const pick = (item: T) => {
    revoke.reset();
    setPicked(item);
  };
  return { picked, pick, clear: () => setPicked(null) };
}

type RevokeDialogProps<T> = Omit<
  ConfirmDialogProps,
  'opened' | 'pending' | 'error' | 'onConfirm' | 'danger'
> & {
  picked: T | null;
  revoke: Revocation<T>;
  /** The notification once it is done. */
  done: (item: T) => string;
};

/** Confirms revoking the picked row, runs the mutation, then says so and closes. */
export function RevokeDialog<T>({ picked, revoke, done, onClose, ...dialog }: RevokeDialogProps<T>) {
  return (
    <ConfirmDialog
      {...dialog}
      opened={picked !== null}
      danger
      pending={revoke.isPending}
      error={revoke.error}
      onClose={onClose}
      onConfirm={() =>
        picked !== null &&
        revoke.mutate(picked, {
          onSuccess: () => {
            notifications.show({ color: 'teal', message: done(picked) });
            onClose();
          },
        })
      }
    />
  );
}
