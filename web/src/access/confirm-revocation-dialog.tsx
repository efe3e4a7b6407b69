import { Button, FileInput, Group, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { Dialog, DialogBody, DialogHeader } from '../ui/dialog';
import { FormAlert, formErrors } from '../ui/error-display';
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
  const [evidence, setEvidence] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const confirm = useConfirmRevocation(slug);
  const errors = formErrors(confirm.error, FIELDS);

  function submit(event: FormEvent) {
    event.preventDefault();
    confirm.mutate(
      { id: task.id, evidence: evidence.trim(), file },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: 'Revocation confirmed.' });
          onClose();
        },
      },
    );
  }

  return (
    <>
      <DialogHeader title="Confirm the revocation" />
      <DialogBody>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">{task.title}</Text>
            <FormAlert message={errors.form} />
            <Textarea
              label="Evidence"
              description="How and when the access was removed (a change number, a screenshot's description…)."
              required
              autosize
              minRows={3}
              value={evidence}
              onChange={(e) => setEvidence(e.currentTarget.value)}
              error={errors.field.evidence}
            />
            <FileInput
              label="Evidence file (optional)"
              description="A screenshot, PDF or text export; up to 10 MB."
              clearable
              value={file}
              onChange={setFile}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={confirm.isPending}>
                Confirm revocation
              </Button>
            </Group>
          </Stack>
        </form>
      </DialogBody>
    </>
  );
}
