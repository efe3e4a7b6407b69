import { Button, Group, Paper, Text } from '@mantine/core';
import { IconListCheck, IconX } from '@tabler/icons-react';
import { useBlocker } from '@tanstack/react-router';
import { type RefObject, useRef } from 'react';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { pluralise } from '../ui/format';

/** Stays at the bottom of the screen while editing: how many changes there are, and where to send them. */
export function EditBar({
  count,
  onReview,
  onStop,
}: {
  count: number;
  onReview: () => void;
  onStop: () => void;
}) {
  return (
    <Paper
      withBorder
      shadow="md"
      radius="md"
      p="sm"
      pos="sticky"
      bottom={8}
      style={{ zIndex: 5 }}
      bg="var(--mantine-color-yellow-light)"
      role="region"
      aria-label="Editing the map"
    >
      <Group justify="space-between" gap="sm">
        <Text size="sm" fw={500}>
          Editing: toggle roles in the matrix. Nothing changes until the internal IT lead approves.
        </Text>
        <Group gap="xs">
          <Button variant="default" leftSection={<IconX size={16} aria-hidden />} onClick={onStop}>
            Stop editing
          </Button>
          <Button leftSection={<IconListCheck size={16} aria-hidden />} onClick={onReview}>
            Proposed changes ({count})
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}

/**
 * Asks before leaving the map with changes that have not been proposed yet (links, back button, closing
 * the tab). `allowRef` lets the page leave on purpose, such as to the proposal it just submitted.
 */
export function LeaveGuard({ count, allowRef }: { count: number; allowRef: RefObject<boolean> }) {
  const countRef = useRef(count);
  countRef.current = count;
  const blocker = useBlocker({
    shouldBlockFn: ({ current, next }) =>
      !allowRef.current && countRef.current > 0 && current.pathname !== next.pathname,
    enableBeforeUnload: () => !allowRef.current && countRef.current > 0,
    withResolver: true,
  });
  return (
    <ConfirmDialog
      opened={blocker.status === 'blocked'}
      title={`Leave without proposing ${pluralise(count, 'change')}?`}
      confirmLabel="Leave and discard"
      danger
      onConfirm={() => blocker.proceed?.()}
      onClose={() => blocker.reset?.()}
    >
      Your changes have not been sent. Open “Proposed changes” and submit them first to keep them.
    </ConfirmDialog>
  );
}
