import { ActionIcon, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { LimitedTextInput } from '../ui/limited-input';
import type { DecisionLink, DecisionOption } from './api';

export const MAX_OPTIONS = 10;
export const MAX_LINKS = 20;

/** Each row carries a stable id so that removing one row does not shift the others' inputs. */
export type Row<T> = T & { rowId: number };

let nextRowId = 1;
export const newRow = <T extends object>(value: T): Row<T> => ({ ...value, rowId: nextRowId++ });

interface ListProps<T> {
  rows: Row<T>[];
  onChange: (rows: Row<T>[]) => void;
  /** Field errors from the server, keyed by "options.1.label" and the like. */
  errorFor: (path: string) => string | undefined;
}

function update<T>(rows: Row<T>[], rowId: number, patch: Partial<T>): Row<T>[] {
  return rows.map((row) => (row.rowId === rowId ? { ...row, ...patch } : row));
}

export function OptionsEditor({ rows, onChange, errorFor }: ListProps<DecisionOption>) {
  return (
    <Stack gap="xs">
      <Text fw={500} size="sm" id="options-heading">
        Options considered
      </Text>
      {rows.length === 0 && (
        <Text size="xs" c="dimmed">
          Optional. List the choices the decider weighs, doing nothing included.
        </Text>
      )}
      {rows.map((row, index) => (
        <Paper key={row.rowId} withBorder p="xs" radius="sm">
          <Group gap="xs" align="flex-start" wrap="nowrap">
            <Stack gap={6} style={{ flex: 1 }}>
              <LimitedTextInput
                label={`Option ${index + 1}`}
                required
                limit={200}
                value={row.label}
                onChange={(event) => onChange(update(rows, row.rowId, { label: event.currentTarget.value }))}
                error={errorFor(`options.${index}.label`)}
              />
              <LimitedTextInput
                label={`Option ${index + 1}: details`}
                limit={5000}
                value={row.description}
                onChange={(event) =>
                  onChange(update(rows, row.rowId, { description: event.currentTarget.value }))
                }
                error={errorFor(`options.${index}.description`)}
              />
            </Stack>
            <ActionIcon
              variant="subtle"
              color="gray"
              mt={26}
              aria-label={`Remove option ${index + 1}`}
              onClick={() => onChange(rows.filter((r) => r.rowId !== row.rowId))}
            >
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Group>
        </Paper>
      ))}
      {rows.length < MAX_OPTIONS && (
        <Group>
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => onChange([...rows, newRow({ label: '', description: '' })])}
          >
            Add an option
          </Button>
        </Group>
      )}
    </Stack>
  );
}

export function LinksEditor({ rows, onChange, errorFor }: ListProps<DecisionLink>) {
  return (
    <Stack gap="xs">
      <Text fw={500} size="sm">
        Links
      </Text>
      {rows.length === 0 && (
        <Text size="xs" c="dimmed">
          Optional. Quotes, tickets or documents the decider should read (web addresses only).
        </Text>
      )}
      {rows.map((row, index) => {
        const url = row.url.trim();
        const badUrl = url !== '' && !/^https?:\/\/\S+$/i.test(url);
        return (
          <Paper key={row.rowId} withBorder p="xs" radius="sm">
            <Group gap="xs" align="flex-start" wrap="nowrap">
              <Stack gap={6} style={{ flex: 1 }}>
                <LimitedTextInput
                  label={`Link ${index + 1}: label`}
                  required
                  limit={200}
                  value={row.label}
                  onChange={(event) =>
                    onChange(update(rows, row.rowId, { label: event.currentTarget.value }))
                  }
                  error={errorFor(`links.${index}.label`)}
                />
                <TextInput
                  label={`Link ${index + 1}: address`}
                  required
                  type="url"
                  placeholder="https://"
                  value={row.url}
                  onChange={(event) => onChange(update(rows, row.rowId, { url: event.currentTarget.value }))}
                  error={badUrl ? 'Must start with http:// or https://' : errorFor(`links.${index}.url`)}
                />
              </Stack>
              <ActionIcon
                variant="subtle"
                color="gray"
                mt={26}
                aria-label={`Remove link ${index + 1}`}
                onClick={() => onChange(rows.filter((r) => r.rowId !== row.rowId))}
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          </Paper>
        );
      })}
      {rows.length < MAX_LINKS && (
        <Group>
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => onChange([...rows, newRow({ label: '', url: '' })])}
          >
            Add a link
          </Button>
        </Group>
      )}
    </Stack>
  );
}
