import type { FormEvent } from 'react';
import { useApiForm } from '../ui/api-form';
import { Dialog } from '../ui/dialog';
import { DialogForm } from '../ui/dialog-form';
import { FormAlert } from '../ui/error-display';
import { type BacklogItem, useUpdateBacklogItem } from './api';
import { ITEM_FIELDS, ItemFields, type ItemFieldValues } from './new-item-dialog';

/** Changes an item's words, owner, priority or target quarter; moves between columns happen on the board. */
export function EditBacklogItemDialog({
  slug,
  item,
  onClose,
}: {
  slug: string;
  item: BacklogItem | null;
  onClose: () => void;
}) {
  return (
    <Dialog opened={item !== null} onClose={onClose} size="lg" closeOnClickOutside={false}>
      {item && <EditForm slug={slug} item={item} onClose={onClose} />}
    </Dialog>
  );
}

function EditForm({ slug, item, onClose }: { slug: string; item: BacklogItem; onClose: () => void }) {
  const update = useUpdateBacklogItem(slug);
  const { form, formError } = useApiForm<ItemFieldValues, (typeof ITEM_FIELDS)[number]>(
    {
      title: item.title,
      why: item.why,
      ownerPartyId: item.owner.partyId,
      priority: item.priority,
      targetQuarter: item.targetQuarter,
    },
    update.error,
    ITEM_FIELDS,
  );
  const fields = form.values;

  function submit(event: FormEvent) {
    event.preventDefault();
    update.mutate(
      {
        item,
        changes: {
          title: fields.title.trim(),
          why: fields.why.trim(),
          ...(item.abilities.prioritise && { priority: fields.priority }),
          targetQuarter: fields.targetQuarter,
          ...(fields.ownerPartyId && { ownerPartyId: fields.ownerPartyId }),
        },
      },
      { onSuccess: onClose },
    );
  }

  return (
    <DialogForm
      title={`Edit ${item.key}`}
      onSubmit={submit}
      onCancel={onClose}
      submitLabel="Save"
      pending={update.isPending}
      disabled={!fields.title.trim()}
      gap="sm"
    >
      <FormAlert message={formError} />
      <ItemFields slug={slug} inputProps={form.getInputProps} priorityLocked={!item.abilities.prioritise} />
    </DialogForm>
  );
}
