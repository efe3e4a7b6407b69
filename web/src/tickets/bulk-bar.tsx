import { Button, Checkbox, Group, Menu, Paper, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconUserCheck } from '@tabler/icons-react';
import { errorMessage, FormAlert } from '../ui/error-display';
import { pluralise } from '../ui/format';
import { type BulkChange, useBulkUpdate } from './desk-api';
import { STATUS_LABELS } from './labels';
import type { TicketStatus, TicketSummary } from './types';

const BULK_STATUSES: TicketStatus[] = ['in_progress', 'waiting_on_requester', 'waiting_on_party', 'resolved'];

interface BulkBarProps {
  slug: string;
  /** The tickets on the page: "Select all" picks these. */
  tickets: TicketSummary[];
  selected: ReadonlySet<string>;
  onSelect: (keys: Set<string>) => void;
  myMembershipId: string | undefined;
}

/** Select-all for the page and, once something is picked, the changes that apply to all of it at once. */
export function BulkBar({ slug, tickets, selected, onSelect, myMembershipId }: BulkBarProps) {
  const bulk = useBulkUpdate(slug);
  const count = selected.size;
  const all = count > 0 && count === tickets.length;

  function apply(change: Omit<BulkChange, 'keys'>, done: string) {
    const keys = [...selected];
    bulk.mutate(
      { keys, ...change },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `${pluralise(keys.length, 'ticket')} ${done}.` });
          onSelect(new Set());
        },
      },
    );
  }

  return (
    <Stack gap="xs">
      <Paper
        withBorder={count > 0}
        radius="md"
        px={count > 0 ? 'sm' : 0}
        py={count > 0 ? 'xs' : 0}
        bg={count > 0 ? 'var(--mantine-primary-color-light)' : undefined}
      >
        <Group justify="space-between" gap="xs">
          <Checkbox
            size={count > 0 ? 'sm' : 'xs'}
            label={count > 0 ? `${count} selected` : 'Select all on this page'}
            checked={all}
            indeterminate={count > 0 && !all}
            onChange={() => onSelect(all || count > 0 ? new Set() : new Set(tickets.map((t) => t.key)))}
          />
          {count > 0 && (
            <Group gap="xs" role="toolbar" aria-label="Change the selected tickets">
              <Button
                size="xs"
                variant="default"
                leftSection={<IconUserCheck size={14} aria-hidden />}
                disabled={!myMembershipId || bulk.isPending}
                onClick={() => apply({ assigneeMembershipId: myMembershipId }, 'assigned to you')}
              >
                Assign to me
              </Button>
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <Button
                    size="xs"
                    variant="default"
                    loading={bulk.isPending}
                    rightSection={<IconChevronDown size={14} aria-hidden />}
                  >
                    Set status…
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  {BULK_STATUSES.map((status) => (
                    <Menu.Item
                      key={status}
                      onClick={() => apply({ status }, `set to “${STATUS_LABELS[status].toLowerCase()}”`)}
                    >
                      {STATUS_LABELS[status]}
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
            </Group>
          )}
        </Group>
      </Paper>
      {bulk.isError && <FormAlert message={errorMessage(bulk.error)} title="Nothing was changed" />}
    </Stack>
  );
}
