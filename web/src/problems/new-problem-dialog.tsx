import { Button, Textarea, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useApiForm } from '../ui/api-form';
import { Dialog } from '../ui/dialog';
import { DialogForm } from '../ui/dialog-form';
import { FormAlert } from '../ui/error-display';
import { useCreateProblem } from './api';

export function NewProblemButton({ slug }: { slug: string }) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>
        New problem
      </Button>
      <Dialog opened={opened} onClose={close} closeOnClickOutside={false}>
        <NewProblemForm slug={slug} onDone={close} />
      </Dialog>
    </>
  );
}

const FIELDS = ['title', 'description', 'tickets'] as const;

/** After a problem is created: closes the dialog and opens the new problem's page. */
export function useOpenCreatedProblem(slug: string, onDone: () => void) {
  const navigate = useNavigate();
  return ({ problem }: { problem: { key: string } }) => {
    onDone();
    void navigate({ to: '/w/$ws/problems/$key', params: { ws: slug, key: problem.key } });
  };
}

function NewProblemForm({ slug, onDone }: { slug: string; onDone: () => void }) {
  const create = useCreateProblem(slug);
  const openProblem = useOpenCreatedProblem(slug, onDone);
  const { form, formError } = useApiForm({ title: '', description: '', tickets: '' }, create.error, FIELDS);
  return (
    <DialogForm
      title="New problem"
      onSubmit={(e) => {
        e.preventDefault();
        const { title, description, tickets } = form.values;
        const keys = tickets.split(/[\s,]+/).filter(Boolean);
        create.mutate({ title, description, tickets: keys }, { onSuccess: openProblem });
      }}
      onCancel={onDone}
      submitLabel="Create"
      pending={create.isPending}
    >
      <TextInput label="Title" required {...form.getInputProps('title')} />
      <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
      <TextInput
        label="Tickets (optional)"
        description="Ticket keys separated by commas, e.g. ACME-12, ACME-15"
        {...form.getInputProps('tickets')}
      />
      <FormAlert message={formError} />
    </DialogForm>
  );
}
