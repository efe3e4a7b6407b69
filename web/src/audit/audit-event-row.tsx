import {
  Anchor,
  Box,
  Code,
  Collapse,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useId, useState } from 'react';
import { formatDateTime } from '../ui/format';
import type { AuditEvent } from './api';
import type { AuditSearch } from './audit-search';

interface AuditEventRowProps {
  event: AuditEvent;
  onFilter: (patch: AuditSearch) => void;
}

function JsonBlock({ label, value }: { label: string; value: unknown }) {
  return (
    <Stack gap={4}>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase">
        {label}
      </Text>
      {value === null || value === undefined ? (
        <Text size="sm" c="dimmed">
          Nothing
        </Text>
      ) : (
        <Code block className="json-block" fz="xs">
          {JSON.stringify(value, null, 2)}
        </Code>
      )}
    </Stack>
  );
}

export function AuditEventRow({ event, onFilter }: AuditEventRowProps) {
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const actor = event.actor ? event.actor.name || event.actor.email : 'System';

  return (
    <Paper withBorder radius="sm" component="li">
      <UnstyledButton
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        aria-controls={detailsId}
        w="100%"
        p="sm"
        style={{ borderRadius: 'var(--mantine-radius-sm)' }}
      >
        <Group gap="sm" wrap="nowrap" align="flex-start">
          {open ? <IconChevronDown size={16} aria-hidden /> : <IconChevronRight size={16} aria-hidden />}
          <Group gap="xs" wrap="wrap" style={{ flex: 1, minWidth: 0 }} align="baseline">
            <Code fz="sm">{event.action}</Code>
            <Text size="sm" fw={500}>
              {actor}
            </Text>
            <Text size="sm" c="dimmed">
              on {event.entityType}
              {event.entityLabel
                ? ` ${event.entityLabel}`
                : event.entityId
                  ? ` ${event.entityId.slice(0, 8)}`
                  : ''}
            </Text>
            <Text size="xs" c="dimmed" ml="auto">
              <time dateTime={event.at}>{formatDateTime(event.at)}</time>
            </Text>
          </Group>
        </Group>
      </UnstyledButton>
      <Collapse expanded={open} id={detailsId}>
        <Box px="sm" pb="sm">
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
            <JsonBlock label="Before" value={event.before} />
            <JsonBlock label="After" value={event.after} />
          </SimpleGrid>
          <Group gap="lg" mt="sm" wrap="wrap">
            <Text size="xs" c="dimmed">
              {[`#${event.id}`, event.ip ? `from ${event.ip}` : null, event.actor?.email]
                .filter(Boolean)
                .join(' · ')}
            </Text>
            <Text size="xs" c="dimmed" title={`Previous: ${event.prevHash ?? 'none'}`}>
              Hash <Code fz="xs">{event.hash.slice(0, 16)}</Code>
            </Text>
          </Group>
          <Group gap="md" mt="xs">
            {event.actor && (
              <Anchor
                component="button"
                type="button"
                size="sm"
                onClick={() => onFilter({ actorAccountId: event.actor?.accountId })}
              >
                Everything by {actor}
              </Anchor>
            )}
            {event.entityId && (
              <Anchor
                component="button"
                type="button"
                size="sm"
                onClick={() =>
                  onFilter({ entityType: event.entityType, entityId: event.entityId ?? undefined })
                }
              >
                Everything on this {event.entityType}
              </Anchor>
            )}
          </Group>
        </Box>
      </Collapse>
    </Paper>
  );
}
