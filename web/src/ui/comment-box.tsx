import { Button, type ButtonProps, Group, Stack } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { useApiForm } from './api-form';
import { FormAlert } from './error-display';
import { LimitedTextarea } from './limited-textarea';
import { textLeftAfterSend } from './sent-text';
import { useIdempotencyKey } from './use-idempotency-key';

const FIELDS = ['body'] as const;

interface CommentBoxProps<Input> {
  /** The mutation that posts the comment; the box keeps only what was typed after the send once it succeeds. */
  add: {
    mutate: (input: Input, options: { onSuccess: () => void }) => void;
    reset: () => void;
    isPending: boolean;
    error: unknown;
  };
  /** The request for the trimmed text; `keyFor` gives the retry-safe Idempotency-Key of a body. */
  toInput: (body: string, keyFor: (body: unknown) => string) => Input;
  label: string;
  description?: ReactNode;
  minRows: number;
  maxRows: number;
  /** The most characters the server takes. */
  limit: number;
  /** The alert's title when the server refuses the comment. */
  failureTitle: string;
  submitLabel: string;
  submitVariant?: ButtonProps['variant'];
}

/** A box to add a comment or reply to a conversation, sent once per text however often it is clicked. */
export function CommentBox<Input>({
  add,
  toInput,
  label,
  description,
  minRows,
  maxRows,
  limit,
  failureTitle,
  submitLabel,
  submitVariant,
}: CommentBoxProps<Input>) {
  const keyFor = useIdempotencyKey();
  const { form, formError } = useApiForm({ body: '' }, add.error, FIELDS);
  const { body } = form.values;

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate(toInput(body.trim(), keyFor), {
      onSuccess: () => {
        form.setFieldValue('body', (current) => textLeftAfterSend(current, body));
        add.reset();
      },
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        <LimitedTextarea
          label={label}
          description={description}
          autosize
          minRows={minRows}
          maxRows={maxRows}
          limit={limit}
          {...form.getInputProps('body')}
        />
        <FormAlert message={formError} title={failureTitle} />
        <Group justify="flex-end">
          <Button type="submit" variant={submitVariant} loading={add.isPending} disabled={!body.trim()}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
