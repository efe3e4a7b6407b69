import { Group, Select } from '@mantine/core';
import type { GetInputPropsReturnType } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { FormEvent } from 'react';
import { useApiForm } from '../ui/api-form';
import { formDialog } from '../ui/dialog';
import { DialogForm } from '../ui/dialog-form';
import { FormAlert } from '../ui/error-display';
import { LimitedTextInput } from '../ui/limited-input';
import { LimitedTextarea } from '../ui/limited-textarea';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { useParties } from '../workspaces/api';
import {
  type BacklogPriority,
  type BacklogSource,
  PRIORITY_LABELS,
  SOURCE_LABELS,
  upcomingQuarters,
  useCreateBacklogItem,
} from './api';

export type ItemFieldValues = {
  title: string;
  why: string;
  ownerPartyId: string | null;
  priority: BacklogPriority;
  targetQuarter: string | null;
};

export const emptyItemFields = (): ItemFieldValues => ({
  title: '',
  why: '',
  ownerPartyId: null,
  priority: 'medium',
  targetQuarter: null,
});

export const ITEM_FIELDS = ['title', 'why', 'ownerPartyId', 'priority', 'targetQuarter'] as const;

/** The fields of a backlog item, shared by the board's dialogs and the post-incident review's actions. */
export function ItemFields({
  slug,
  inputProps,
  priorityLocked = false,
}: {
  slug: string;
  /** The form's binding (useApiForm's `form.getInputProps`), over ItemFieldValues' names. */
  inputProps: (name: keyof ItemFieldValues) => GetInputPropsReturnType;
  /** Priority is the internal party's to set (issue #13): shown, not editable, for a provider's edit. */
  priorityLocked?: boolean;
}) {
  const parties = useParties(slug).data?.items ?? [];
  return (
    <>
      <LimitedTextInput label="Improvement" required limit={200} {...inputProps('title')} />
      <LimitedTextarea
        label="Why"
        description="What it fixes or prevents."
        autosize
        minRows={2}
        limit={5000}
        {...inputProps('why')}
      />
      <Group grow align="flex-start">
        <Select
          label="Owner party"
          required
          data={parties.map((p) => ({ value: p.id, label: p.name }))}
          {...inputProps('ownerPartyId')}
        />
        <Select
          label="Priority"
          data={(['high', 'medium', 'low'] as const).map((p) => ({ value: p, label: PRIORITY_LABELS[p] }))}
          allowDeselect={false}
          disabled={priorityLocked}
          description={priorityLocked ? 'Set by the internal party' : undefined}
          {...inputProps('priority')}
        />
        <Select
          label="Target quarter"
          placeholder="Not set"
          clearable
          data={upcomingQuarters()}
          {...inputProps('targetQuarter')}
        />
      </Group>
    </>
  );
}

export const NewBacklogItemDialog = formDialog(NewItemForm, 'lg');

const NEW_ITEM_FIELDS = [...ITEM_FIELDS, 'source', 'sourceLabel'] as const;

function NewItemForm({ slug, onClose }: { slug: string; onClose: () => void }) {
  const create = useCreateBacklogItem(slug);
  const keyFor = useIdempotencyKey();
  const { form, formError } = useApiForm(
    { ...emptyItemFields(), source: 'proposal' as BacklogSource, sourceLabel: '' },
    create.error,
    NEW_ITEM_FIELDS,
  );
  const f = form.values;

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = {
      ...f,
      ownerPartyId: f.ownerPartyId ?? '',
      title: f.title.trim(),
      why: f.why.trim(),
      sourceLabel: f.sourceLabel.trim() || null,
    };
    create.mutate(
      { ...body, key: keyFor(body) },
      {
        onSuccess: ({ item }) => {
          notifications.show({ color: 'teal', message: `${item.key} is on the backlog as proposed.` });
          onClose();
        },
      },
    );
  }

  return (
    <DialogForm
      title="New backlog item"
      onSubmit={submit}
      onCancel={onClose}
      submitLabel="Add to backlog"
      pending={create.isPending}
      disabled={!f.title.trim() || !f.ownerPartyId}
      gap="sm"
    >
      <FormAlert message={formError} />
      <ItemFields slug={slug} inputProps={form.getInputProps} />
      <Group grow align="flex-start">
        <Select
          label="Source"
          description="Post-incident actions are added from the incident's review."
          data={(['proposal', 'problem', 'service_review'] as const).map((s) => ({
            value: s,
            label: SOURCE_LABELS[s],
          }))}
          allowDeselect={false}
          {...form.getInputProps('source')}
        />
        <LimitedTextInput
          label="Link to the source"
          description="For example PRB-4, or the service review's title."
          limit={300}
          {...form.getInputProps('sourceLabel')}
        />
      </Group>
    </DialogForm>
  );
}
