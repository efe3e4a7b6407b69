import { Button, Group, Stack } from '@mantine/core';
import type { FormEvent } from 'react';
import { useAddTicketComment } from '../tickets/api';
import { useApiForm } from '../ui/api-form';
import { FormAlert } from '../ui/error-display';
import { LimitedTextarea } from '../ui/limited-textarea';
import { useIdempotencyKey } from '../ui/use-idempotency-key';

const FIELDS = ['body'] as const;

/** A requester's reply: always public, read by IT staff of both parties. */
export function ReplyBox({
  slug,
  ticketKey,
  waitingOnMe,
}: {
  slug: string;
  ticketKey: string;
  waitingOnMe: boolean;
}) {
  const add = useAddTicketComment(slug, ticketKey);
  const keyFor = useIdempotencyKey();
  const { form, formError } = useApiForm({ body: '' }, add.error, FIELDS);
  const { body } = form.values;

  function submit(event: FormEvent) {
    event.preventDefault();
    const payload = { body: body.trim(), visibility: 'public' as const };
    add.mutate(
      { ...payload, idem: keyFor(payload) },
      {
        onSuccess: () => {
          form.reset();
          add.reset();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        <LimitedTextarea
          label="Your reply"
          description={
            waitingOnMe
              ? 'IT is waiting for your answer; replying puts the request back in their hands.'
              : 'IT reads every reply on this request.'
          }
          autosize
          minRows={3}
          maxRows={12}
          limit={100000}
          {...form.getInputProps('body')}
        />
        <FormAlert message={formError} title="Reply not sent" />
        <Group justify="flex-end">
          <Button type="submit" loading={add.isPending} disabled={!body.trim()}>
            Send reply
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
