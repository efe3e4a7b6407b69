import { Badge, Button, Paper, Select, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { ConfirmDialog } from './confirm-dialog';
import { Dialog, DialogBody, DialogHeader } from './dialog';
import { EditDeleteActions } from './edit-delete-actions';
import { EmptyState } from './empty-state';
import { errorMessage } from './error-display';
import { FormActions } from './form-actions';
import type { LibraryItem, LibraryList, LibrarySave, LibraryScope, LibraryScopes } from './library-api';
import { anyTooLong, LimitedTextInput } from './limited-input';
import { LockedPage } from './locked-page';
import { Page } from './page-layout';
import { QueryStatus } from './query-status';

export interface LibraryColumn<T> {
  header: string;
  cell: (item: T) => ReactNode;
  /** People's text: wrap anywhere so a long word keeps the table's width. */
  wrap?: boolean;
  /** A badge or a number: never broken over lines. */
  narrow?: boolean;
}

interface LibraryPageProps<T extends LibraryItem> {
  title: string;
  description: ReactNode;
  /** Null while the membership loads; false shows `staffOnly` instead of the list. */
  isStaffReader: boolean | null;
  /** Why staff use them, shown to requesters under "<title> are for IT staff". */
  staffOnly: string;
  list: UseQueryResult<LibraryList<T>, Error>;
  columns: LibraryColumn<T>[];
  /** The item's name in buttons and messages: "macro" gives "New macro", "Delete macro", "Macro “X” deleted". */
  noun: string;
  empty: { icon: ReactNode; title: string; canCreate: ReactNode; cannotCreate: ReactNode };
  remove: UseMutationResult<unknown, Error, string>;
  /** What deleting leaves behind, under the confirm question. */
  deleteNote: ReactNode;
  renderForm: (item: T | null, scopes: LibraryScopes, onDone: () => void) => ReactNode;
}

export function LibraryPage<T extends LibraryItem>(props: LibraryPageProps<T>) {
  const { title, list, noun, empty, remove } = props;
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [deleting, setDeleting] = useState<T | null>(null);
  if (props.isStaffReader === false)
    return <LockedPage title={title} notice={`${title} are for IT staff`} description={props.staffOnly} />;
  const abilities = list.data?.abilities;
  const scopes = {
    party: Boolean(abilities?.createForParty),
    workspace: Boolean(abilities?.createForWorkspace),
  };
  const canCreate = scopes.party || scopes.workspace;
  const items = list.data?.items ?? [];
  return (
    <Page
      title={title}
      description={props.description}
      actions={
        canCreate ? (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
            New {noun}
          </Button>
        ) : undefined
      }
    >
      <QueryStatus query={list} rows={4} label={`Loading ${title.toLowerCase()}`} />
      {list.isSuccess && items.length === 0 && (
        <EmptyState
          icon={empty.icon}
          title={empty.title}
          description={canCreate ? empty.canCreate : empty.cannotCreate}
        />
      )}
      {items.length > 0 && (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" aria-label={title}>
              <Table.Thead>
                <Table.Tr>
                  {props.columns.map((c) => (
                    <Table.Th key={c.header} style={c.narrow ? NO_WRAP : undefined}>
                      {c.header}
                    </Table.Th>
                  ))}
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <Table.Tr key={item.id}>
                    {props.columns.map((c) => (
                      <Table.Td
                        key={c.header}
                        style={c.wrap ? { overflowWrap: 'anywhere' } : c.narrow ? NO_WRAP : undefined}
                      >
                        {c.cell(item)}
                      </Table.Td>
                    ))}
                    <Table.Td>
                      <EditDeleteActions
                        name={item.title}
                        abilities={item.abilities}
                        onEdit={() => setEditing(item)}
                        onDelete={() => setDeleting(item)}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <Dialog
        opened={editing !== null}
        onClose={() => setEditing(null)}
        size="lg"
        closeOnClickOutside={false}
      >
        {editing !== null &&
          props.renderForm(editing === 'new' ? null : editing, scopes, () => setEditing(null))}
      </Dialog>
      <ConfirmDialog
        opened={deleting !== null}
        title={`Delete the ${noun} “${deleting?.title ?? ''}”?`}
        confirmLabel={`Delete ${noun}`}
        danger
        pending={remove.isPending}
        error={remove.error}
        onClose={() => {
          remove.reset();
          setDeleting(null);
        }}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              notifications.show({ message: `${capitalised(noun)} “${deleting.title}” deleted.` });
              setDeleting(null);
            },
          })
        }
      >
        {props.deleteNote}
      </ConfirmDialog>
    </Page>
  );
}

const NO_WRAP = { whiteSpace: 'nowrap' } as const;
const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** The "For" column: the whole desk or the reader's party. */
export function scopeColumn<T extends LibraryItem>(): LibraryColumn<T> {
  return {
    header: 'For',
    narrow: true,
    cell: (item) => (
      <Badge
        variant="light"
        color={item.scope === 'workspace' ? 'blue' : 'grape'}
        style={{ minWidth: 'max-content' }}
      >
        {item.scope === 'workspace' ? 'Everyone' : 'My party'}
      </Badge>
    ),
  };
}

/** The API's limit on a canned response's, macro's or template's title. */
const TITLE_MAX = 120;

/**
 * A library item's form in its dialog: title, the scope when adding (it is not changed later),
 * the area's own fields (`children`, read by `fields()` on submit), the server's refusal and the buttons.
 */
export function LibraryForm<Input extends { title: string }>({
  item,
  scopes,
  noun,
  newHeading,
  save,
  fields,
  onDone,
  children,
}: {
  item: (LibraryItem & { version: number }) | null;
  scopes: LibraryScopes;
  noun: string;
  newHeading: string;
  save: LibrarySave<Input>;
  fields: () => Omit<Input, 'title'>;
  onDone: () => void;
  children: ReactNode;
}) {
  const [title, setTitle] = useState(item?.title ?? '');
  const [scope, setScope] = useState<LibraryScope>(item?.scope ?? (scopes.party ? 'party' : 'workspace'));
  function submit(event: FormEvent) {
    event.preventDefault();
    // The title field already says what is too long; sending it would only repeat the refusal.
    if (anyTooLong([title.trim(), TITLE_MAX])) return;
    const body = { ...fields(), title } as Input;
    save.mutate(
      item
        ? { kind: 'update', id: item.id, body: { ...body, version: item.version } }
        : { kind: 'create', body: { ...body, scope } },
      {
        onSuccess: () => {
          notifications.show({ message: `${capitalised(noun)} “${title.trim()}” saved.` });
          onDone();
        },
      },
    );
  }
  return (
    <>
      <DialogHeader title={item ? `Edit “${item.title}”` : newHeading} />
      <DialogBody>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <LimitedTextInput
              label="Title"
              required
              limit={TITLE_MAX}
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              data-autofocus
            />
            {!item && (
              <Select
                label="Who can use it"
                value={scope}
                allowDeselect={false}
                onChange={(v) => setScope((v as LibraryScope) ?? 'party')}
                data={[
                  ...(scopes.party ? [{ value: 'party', label: 'My party' }] : []),
                  ...(scopes.workspace ? [{ value: 'workspace', label: 'Everyone on the desk' }] : []),
                ]}
              />
            )}
            {children}
            {save.isError && (
              <Text c="red" size="sm" role="alert">
                {errorMessage(save.error)}
              </Text>
            )}
            <FormActions onCancel={onDone} cancelDisabled={save.isPending} gap="xs">
              <Button type="submit" loading={save.isPending}>
                {item ? `Save ${noun}` : `Create ${noun}`}
              </Button>
            </FormActions>
          </Stack>
        </form>
      </DialogBody>
    </>
  );
}
