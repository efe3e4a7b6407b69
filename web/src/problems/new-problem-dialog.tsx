import { Button, Group, Stack, Textarea, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Dialog, DialogBody, DialogHeader } from '../ui/dialog';
import { FormAlert, formErrors } from '../ui/error-display';
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

function NewProblemForm({ slug, onDone }: { slug: string; onDone: () => void }) {
  const create = useCreateProblem(slug);
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [tickets, setTickets] = useState('');
  const errors = formErrors(create.error, ['title', 'description', 'tickets'] as const);
  return (
    <>
      <DialogHeader title="New problem" />
      <DialogBody>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const keys = tickets.split(/[\s,]+/).filter(Boolean);
            create.mutate(
              { title, description, tickets: keys },
              {
                onSuccess: ({ problem }) => {
                  onDone();
                  void navigate({ to: '/w/$ws/problems/$key', params: { ws: slug, key: problem.key } });
                },
              },
            );
          }}
        >
          <Stack>
            <TextInput
              label="Title"
              required
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              error={errors.field.title}
            />
            <Textarea
              label="Description"
              autosize
              minRows={2}
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
            />
            <TextInput
              label="Tickets (optional)"
              description="Ticket keys separated by commas, e.g. ACME-12, ACME-15"
              value={tickets}
              onChange={(e) => setTickets(e.currentTarget.value)}
              error={errors.field.tickets}
            />
            <FormAlert message={errors.form} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onDone}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create
              </Button>
            </Group>
          </Stack>
        </form>
      </DialogBody>
    </>
  );
}
