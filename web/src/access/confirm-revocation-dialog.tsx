import { FileInput, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { FormEvent } from 'react';
import { useApiForm } from '../ui/api-form';
import { Dialog } from '../ui/dialog';
import { DialogForm } from '../ui/dialog-form';
import { FormAlert } from '../ui/error-display';
import { type RevocationTask, useConfirmRevocation } from './api';

const FIELDS = ['evidence'] as const;

export function ConfirmRevocationDialog({
  slug,
  task,
  onClose,
}: {
  slug: string;
  task: RevocationTask | null;
  onClose: () => void;
}) {
  return (
    <Dialog opened={task !== null} onClose={onClose} closeOnClickOutside={false}>
      {task && <ConfirmForm key={task.id} slug={slug} task={task} onClose={onClose} />}
    </Dialog>
  );
}

function ConfirmForm({ slug, task, onClose }: { slug: string; task: RevocationTask; onClose: () => void }) {
  const confirm = useConfirmRevocation(slug);
  const { form, formError } = useApiForm({ evidence: '', file: null as File | null }, confirm.error, FIELDS);

  function submit(event: FormEvent) {
    event.preventDefault();
    confirm.mutate(
      { id: task.id, evidence: form.values.evidence.trim(), file: form.values.file },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: 'Revocation confirmed.' });
          onClose();
        },
      },
    );
  }

  return (
    <DialogForm
      title="Confirm the revocation"
      onSubmit={submit}
      onCancel={onClose}
      submitLabel="Confirm revocation"
      pending={confirm.isPending}
    >
      <Text size="sm">{task.title}</Text>
      <FormAlert message={formError} />
      <Textarea
        label="Evidence"
        description="How and when the access was removed (a change number, a screenshot's description…)."
        required
        autosize
        minRows={3}
        {...form.getInputProps('evidence')}
      />
      <FileInput
        label="Evidence file (optional)"
        description="A screenshot, PDF or text export; up to 10 MB."
        clearable
        {...form.getInputProps('file')}
      />
    </DialogForm>
  );
}
