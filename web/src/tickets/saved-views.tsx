import { ActionIcon, Button, Group, Modal, Skeleton, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy, IconX } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useApiForm } from '../ui/api-form';
import { Dialog, DialogHeader } from '../ui/dialog';
import { errorMessage, FormAlert } from '../ui/error-display';
import { FormActions } from '../ui/form-actions';
import { LimitedTextInput } from '../ui/limited-input';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { type SavedView, useDeleteView, useSavedViews, useSaveView, type ViewFilters } from './desk-api';
import { type TicketsSearch, validateTicketsSearch } from './tickets-search';

/** The page's filters as the flat record the server keeps: lists joined by commas, no search words. */
function toFilters(search: TicketsSearch): ViewFilters {
  const filters: ViewFilters = {};
  for (const [key, value] of Object.entries(search)) {
    if (key === 'q' || value === undefined) continue;
    filters[key] = Array.isArray(value) ? value.join(',') : (value as string | boolean);
  }
  return filters;
}

const sameFilters = (a: ViewFilters, b: ViewFilters) => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => String(a[k] ?? '') === String(b[k] ?? ''));
};

interface SavedViewsProps {
  slug: string;
  search: TicketsSearch;
  onApply: (search: TicketsSearch) => void;
}

/** A person's own named queue filters: one click applies them, "Save view" keeps the current ones. */
export function SavedViews({ slug, search, onApply }: SavedViewsProps) {
  const views = useSavedViews(slug);
  const remove = useDeleteView(slug);
  const [saving, setSaving] = useState(false);
  const current = toFilters(search);

  return (
    <Stack gap={6}>
      <Group gap="xs" role="group" aria-label="Saved views">
        {views.isPending && <Skeleton h={28} w={160} radius="xl" aria-label="Loading saved views" />}
        {views.isError && (
          <Text size="xs" c="red">
            Saved views did not load: {errorMessage(views.error)}{' '}
            <Button size="compact-xs" variant="subtle" onClick={() => void views.refetch()}>
              Try again
            </Button>
          </Text>
        )}
        {views.data?.items.map((view) => (
          <ViewChip
            key={view.id}
            view={view}
            active={sameFilters(view.filters, current)}
            onApply={() => onApply(validateTicketsSearch(view.filters))}
            onDelete={() =>
              remove.mutate(view.id, {
                onSuccess: () => notifications.show({ message: `View “${view.name}” deleted.` }),
              })
            }
            deleting={remove.isPending && remove.variables === view.id}
          />
        ))}
        <Button
          size="compact-sm"
          variant="subtle"
          leftSection={<IconDeviceFloppy size={14} aria-hidden />}
          onClick={() => setSaving(true)}
        >
          Save view
        </Button>
      </Group>
      {remove.isError && <FormAlert message={errorMessage(remove.error)} title="View not deleted" />}
      <Dialog opened={saving} onClose={() => setSaving(false)} size="sm">
        <SaveViewForm slug={slug} filters={current} onDone={() => setSaving(false)} />
      </Dialog>
    </Stack>
  );
}

function ViewChip(props: {
  view: SavedView;
  active: boolean;
  onApply: () => void;
  onDelete: () => void;
  deleting: boolean;
}) {
  const { view, active, onApply, onDelete, deleting } = props;
  return (
    <Group
      gap={0}
      wrap="nowrap"
      style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 999 }}
    >
      <Button
        size="compact-sm"
        radius="xl"
        variant={active ? 'light' : 'subtle'}
        color={active ? undefined : 'gray'}
        aria-pressed={active}
        onClick={onApply}
      >
        {view.name}
      </Button>
      <ActionIcon
        variant="subtle"
        color="gray"
        radius="xl"
        size="sm"
        mr={4}
        aria-label={`Delete view ${view.name}`}
        loading={deleting}
        onClick={onDelete}
      >
        <IconX size={12} aria-hidden />
      </ActionIcon>
    </Group>
  );
}

const VIEW_FIELDS = ['name'] as const;

function SaveViewForm({ slug, filters, onDone }: { slug: string; filters: ViewFilters; onDone: () => void }) {
  const save = useSaveView(slug);
  const keyFor = useIdempotencyKey();
  const { form, formError } = useApiForm({ name: '' }, save.error, VIEW_FIELDS);
  const { name } = form.values;

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = { name: name.trim(), filters };
    if (!body.name) return;
    save.mutate(
      { ...body, idem: keyFor(body) },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `View “${body.name}” saved.` });
          onDone();
        },
      },
    );
  }

  return (
    <>
      <DialogHeader title="Save this view" />
      <Modal.Body>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              Keeps the queue, filters and sort you have now, for you only.
            </Text>
            <LimitedTextInput
              label="Name"
              required
              data-autofocus
              limit={100}
              {...form.getInputProps('name')}
            />
            <FormAlert message={formError} title="View not saved" />
            <FormActions onCancel={onDone}>
              <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
                Save view
              </Button>
            </FormActions>
          </Stack>
        </form>
      </Modal.Body>
    </>
  );
}
