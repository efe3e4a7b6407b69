import { Button, Group, Paper, Text, Title } from '@mantine/core';
import { IconArrowBackUp, IconCheck, IconX } from '@tabler/icons-react';
import { useState } from 'react';

/** What a request that waits on a decision (a decision request, a map change) can be answered with. */
export type DecideAction = 'approve' | 'reject' | 'withdraw';

/** The picked action and whether its dialog is open. */
export function usePickedAction() {
  // The action stays set while its dialog closes, so the closing dialog keeps its title.
  const [action, setAction] = useState<DecideAction>('approve');
  const [opened, setOpened] = useState(false);
  const open = (next: DecideAction) => {
    setAction(next);
    setOpened(true);
  };
  return { action, opened, open, close: () => setOpened(false) };
}

/** The "Decide" panel: Approve, Reject and Withdraw, each shown only to whom it is open. */
export function DecidePanel({
  hint,
  may,
  onPick,
}: {
  hint: string;
  may: Record<DecideAction, boolean>;
  onPick: (action: DecideAction) => void;
}) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="decide-title">
      <Title order={2} size="h4" id="decide-title" mb={4}>
        Decide
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {hint}
      </Text>
      <Group gap="xs">
        {may.approve && (
          <Button
            color="teal"
            leftSection={<IconCheck size={16} aria-hidden />}
            onClick={() => onPick('approve')}
          >
            Approve
          </Button>
        )}
        {may.reject && (
          <Button
            color="red"
            variant="light"
            leftSection={<IconX size={16} aria-hidden />}
            onClick={() => onPick('reject')}
          >
            Reject
          </Button>
        )}
        {may.withdraw && (
          <Button
            variant="default"
            leftSection={<IconArrowBackUp size={16} aria-hidden />}
            onClick={() => onPick('withdraw')}
          >
            Withdraw
          </Button>
        )}
      </Group>
    </Paper>
  );
}
