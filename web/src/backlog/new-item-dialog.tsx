import { Button, Group, Select, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { Dialog, DialogBody, DialogHeader } from '../ui/dialog';
import { FormAlert, formErrors } from '../ui/error-display';
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

export interface ItemFieldValues {
  title: string;
  why: string;
  ownerPartyId: string | null;
  priority: BacklogPriority;
  targetQuarter: string | null;
}

export const emptyItemFields = (): ItemFieldValues => ({
  title: '',
  why: '',
  ownerPartyId: null,
  priority: 'medium',
  targetQuarter: null,
});

export const ITEM_FIELDS = ['title', 'why', 'ownerPartyId', 'priority', 'targetQuarter'] as const;

/** The fields of a backlog item, shared by the board's dialog and the post-incident review's actions. */
export function ItemFields({
  slug,
  value,
  onChange,
  errors,
  priorityLocked = false,
}: {
  slug: string;
  /** Priority is the internal party's to set (issue #13): shown, not editable, for a provider's edit. */
  priorityLocked?: boolean;
  value: ItemFieldValues;
  onChange: (next: ItemFieldValues) => void;
  errors: Partial<Record<(typeof ITEM_FIELDS)[number], string>>;
}) {
  const parties = useParties(slug).data?.items ?? [];
  const set = (patch: Partial<ItemFieldValues>) => onChange({ ...value, ...patch });
  return (
    <>
      <LimitedTextInput
        label="Improvement"
        required
        limit={200}
        value={value.title}
        error={errors.title}
        onChange={(e) => set({ title: e.currentTarget.value })}
      />
      <LimitedTextarea
        label="Why"
        description="What it fixes or prevents."
        autosize
        minRows={2}
        limit={5000}
        value={value.why}
        error={errors.why}
        onChange={(e) => set({ why: e.currentTarget.value })}
      />
      <Group grow align="flex-start">
        <Select
          label="Owner party"
          required
          data={parties.map((p) => ({ value: p.id, label: p.name }))}
          value={value.ownerPartyId}
          error={errors.ownerPartyId}
          onChange={(v) => set({ ownerPartyId: v })}
        />
        <Select
          label="Priority"
          data={(['high', 'medium', 'low'] as const).map((p) => ({ value: p, label: PRIORITY_LABELS[p] }))}
          value={value.priority}
          allowDeselect={false}
          disabled={priorityLocked}
          description={priorityLocked ? 'Set by the internal party' : undefined}
          error={errors.priority}
          onChange={(v) => set({ priority: (v ?? 'medium') as BacklogPriority })}
        />
        <Select
          label="Target quarter"
          placeholder="Not set"
          clearable
          data={upcomingQuarters()}
          value={value.targetQuarter}
          error={errors.targetQuarter}
          onChange={(v) => set({ targetQuarter: v })}
        />
      </Group>
    </>
  );
}

export function NewBacklogItemDialog({
  slug,
  opened,
  onClose,
}: {
  slug: string;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Dialog opened={opened} onClose={onClose} size="lg" closeOnClickOutside={false}>
      <NewItemForm slug={slug} onClose={onClose} />
    </Dialog>
  );
}

function NewItemForm({ slug, onClose }: { slug: string; onClose: () => void }) {
  const [fields, setFields] = useState(emptyItemFields);
  const [source, setSource] = useState<BacklogSource>('proposal');
  const [sourceLabel, setSourceLabel] = useState('');
  const create = useCreateBacklogItem(slug);
  const keyFor = useIdempotencyKey();
  const errors = formErrors(create.error, [...ITEM_FIELDS, 'source', 'sourceLabel'] as const);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!fields.ownerPartyId) return;
    const body = {
      ...fields,
      ownerPartyId: fields.ownerPartyId,
      title: fields.title.trim(),
      why: fields.why.trim(),
      source,
      sourceLabel: sourceLabel.trim() || null,
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
    <>
      <DialogHeader title="New backlog item" />
      <DialogBody>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <FormAlert message={errors.form} />
            <ItemFields slug={slug} value={fields} onChange={setFields} errors={errors.field} />
            <Group grow align="flex-start">
              <Select
                label="Source"
                description="Post-incident actions are added from the incident's review."
                data={(['proposal', 'problem', 'service_review'] as const).map((s) => ({
                  value: s,
                  label: SOURCE_LABELS[s],
                }))}
                value={source}
                allowDeselect={false}
                error={errors.field.source}
                onChange={(v) => setSource((v ?? 'proposal') as BacklogSource)}
              />
              <LimitedTextInput
                label="Link to the source"
                description="For example PRB-4, or the service review's title."
                limit={300}
                value={sourceLabel}
                error={errors.field.sourceLabel}
                onChange={(e) => setSourceLabel(e.currentTarget.value)}
              />
            </Group>
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button
                type="submit"
                loading={create.isPending}
                disabled={!fields.title.trim() || !fields.ownerPartyId}
              >
                Add to backlog
              </Button>
            </Group>
          </Stack>
        </form>
      </DialogBody>
    </>
  );
}
