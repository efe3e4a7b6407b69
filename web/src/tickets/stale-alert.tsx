import { Alert, Button, Group, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';

/** A 409 STALE_VERSION: someone else saved first; the person reloads and makes their change again. */
export function StaleAlert({ onReload, reloading }: { onReload: () => void; reloading?: boolean }) {
  return (
    <Alert color="orange" variant="light" title="Changed by someone else — reload" role="alert">
      <Text size="sm">
        This ticket changed after you opened it, so your change was not saved. Reload to see the latest
        version, then make your change again.
      </Text>
      <Group mt="xs">
        <Button
          size="xs"
          color="orange"
          variant="light"
          leftSection={<IconRefresh size={14} aria-hidden />}
          onClick={onReload}
          loading={reloading}
        >
          Reload the ticket
        </Button>
      </Group>
    </Alert>
  );
}
