import { ActionIcon, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { type ReactNode, useId } from 'react';
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

interface RowsEditorProps<T> extends ListProps<T> {
  heading: string;
  /** Shown while the list is empty. */
  hint: string;
  max: number;
  /** A new, empty row's values. */
  blank: T;
  addLabel: string;
  /** The remove button's name for screen readers, for the row at this index. */
  removeLabel: (index: number) => string;
  /** A row's inputs; `patch` changes that row. */
  fields: (row: Row<T>, index: number, patch: (change: Partial<T>) => void) => ReactNode;
}

/** A list of bordered rows of inputs, each with a remove button, and a button to add one up to `max`. */
function RowsEditor<T extends object>(props: RowsEditorProps<T>) {
  const { rows, onChange } = props;
  const headingId = useId();
  return (
    <Stack gap="xs" role="group" aria-labelledby={headingId}>
      <Text fw={500} size="sm" id={headingId}>
        {props.heading}
      </Text>
      {rows.length === 0 && (
        <Text size="xs" c="dimmed">
          {props.hint}
        </Text>
      )}
      {rows.map((row, index) => (
        <Paper key={row.rowId} withBorder p="xs" radius="sm">
          <Group gap="xs" align="flex-start" wrap="nowrap">
            <Stack gap={6} style={{ flex: 1 }}>
              {props.fields(row, index, (change) => onChange(update(rows, row.rowId, change)))}
            </Stack>
            <ActionIcon
              variant="subtle"
              color="gray"
              mt={26}
              aria-label={props.removeLabel(index)}
              onClick={() => onChange(rows.filter((r) => r.rowId !== row.rowId))}
            >
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Group>
        </Paper>
      ))}
      {rows.length < props.max && (
        <Group>
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => onChange([...rows, newRow(props.blank)])}
          >
            {props.addLabel}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

export function OptionsEditor(props: ListProps<DecisionOption>) {
  const { errorFor } = props;
  return (
    <RowsEditor
      {...props}
      heading="Options considered"
      hint="Optional. List the choices the decider weighs, doing nothing included."
      max={MAX_OPTIONS}
      blank={{ label: '', description: '' }}
      addLabel="Add an option"
      removeLabel={(index) => `Remove option ${index + 1}`}
      fields={(row, index, patch) => (
        <>
          <LimitedTextInput
            label={`Option ${index + 1}`}
            required
            limit={200}
            value={row.label}
            onChange={(event) => patch({ label: event.currentTarget.value })}
            error={errorFor(`options.${index}.label`)}
          />
          <LimitedTextInput
            label={`Option ${index + 1}: details`}
            limit={5000}
            value={row.description}
            onChange={(event) => patch({ description: event.currentTarget.value })}
            error={errorFor(`options.${index}.description`)}
          />
        </>
      )}
    />
  );
}

export function LinksEditor(props: ListProps<DecisionLink>) {
  const { errorFor } = props;
  return (
    <RowsEditor
      {...props}
      heading="Links"
      hint="Optional. Quotes, tickets or documents the decider should read (web addresses only)."
      max={MAX_LINKS}
      blank={{ label: '', url: '' }}
      addLabel="Add a link"
      removeLabel={(index) => `Remove link ${index + 1}`}
      fields={(row, index, patch) => {
        const url = row.url.trim();
        const badUrl = url !== '' && !/^https?:\/\/\S+$/i.test(url);
        return (
          <>
            <LimitedTextInput
              label={`Link ${index + 1}: label`}
              required
              limit={200}
              value={row.label}
              onChange={(event) => patch({ label: event.currentTarget.value })}
              error={errorFor(`links.${index}.label`)}
            />
            <TextInput
              label={`Link ${index + 1}: address`}
              required
              type="url"
              placeholder="https://"
              value={row.url}
              onChange={(event) => patch({ url: event.currentTarget.value })}
              error={badUrl ? 'Must start with http:// or https://' : errorFor(`links.${index}.url`)}
            />
          </>
        );
      }}
    />
  );
}
