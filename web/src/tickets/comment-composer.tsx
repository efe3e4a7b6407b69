import { Button, Group, Paper, Radio, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { FormAlert, formErrors } from '../ui/error-display';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { useAddTicketComment } from './api';
import type { CommentVisibility } from './types';

interface ComposerProps {
  slug: string;
  ticketKey: string;
  /** Staff may write notes the requester does not see; without it only public replies are offered. */
  mayWriteNotes: boolean;
  myPartyName: string;
}

const COPY: Record<CommentVisibility, { field: string; button: string; hint: string }> = {
  public: {
    field: 'Reply to the requester',
    button: 'Send public reply',
    hint: 'The requester and both parties read this.',
  },
  staff: {
    field: 'Staff note',
    button: 'Add staff note',
    hint: 'Staff of both parties read this; the requester does not.',
  },
  party: {
    field: 'Note for my party',
    button: 'Add note for my party',
    hint: 'Only your own party reads this.',
  },
};

const TINT: Record<CommentVisibility, string | undefined> = {
  public: undefined,
  staff: 'var(--mantine-color-yellow-light)',
  party: 'var(--mantine-color-grape-light)',
};

/** Write a public reply or a note; the choice of who reads it is made first and stays visible. */
export function CommentComposer({ slug, ticketKey, mayWriteNotes, myPartyName }: ComposerProps) {
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<CommentVisibility>('public');
  const add = useAddTicketComment(slug, ticketKey);
  const keyFor = useIdempotencyKey();
  const errors = formErrors(add.error, ['body', 'visibility'] as const);
  const copy = COPY[visibility];

  function submit(event: FormEvent) {
    event.preventDefault();
    const text = body.trim();
    const payload = { body: text, visibility };
    add.mutate(
      { ...payload, idem: keyFor(payload) },
      {
        onSuccess: () => {
          setBody('');
          add.reset();
        },
      },
    );
  }

  return (
    <Paper withBorder radius="md" p="sm" bg={TINT[visibility]}>
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          {mayWriteNotes && (
            <Radio.Group
              label="Who reads this"
              value={visibility}
              onChange={(value) => setVisibility(value as CommentVisibility)}
              error={errors.field.visibility}
            >
              <Group gap="md" mt={4}>
                <Radio value="public" label="Public reply" />
                <Radio value="staff" label="Staff note (both parties)" />
                <Radio value="party" label={`Only my party (${myPartyName})`} />
              </Group>
            </Radio.Group>
          )}
          <Textarea
            label={copy.field}
            description={copy.hint}
            autosize
            minRows={3}
            maxRows={12}
            maxLength={100000}
            value={body}
            onChange={(event) => setBody(event.currentTarget.value)}
            error={errors.field.body}
          />
          <FormAlert message={errors.form} title="Not sent" />
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Text size="xs" c="dimmed">
              {visibility === 'public' ? 'Visible to the requester' : 'Hidden from the requester'}
            </Text>
            <Button
              type="submit"
              variant={visibility === 'public' ? 'filled' : 'light'}
              color={visibility === 'public' ? undefined : visibility === 'staff' ? 'yellow' : 'grape'}
              loading={add.isPending}
              disabled={!body.trim()}
            >
              {copy.button}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
