import { Button, Group, Paper, Radio, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, type KeyboardEvent, useRef, useState } from 'react';
import { useCannedResponses, useFillCannedResponse } from '../replies/api';
import { useApiForm } from '../ui/api-form';
import { FormAlert } from '../ui/error-display';
import growing from '../ui/growing-textarea.module.css';
import { textLeftAfterSend } from '../ui/sent-text';
import { counterNearLimit, DESCRIPTION_MAX, tooLong } from '../ui/text-limit';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { useAddTicketComment } from './api';
import { CannedPicker, cannedTrigger, matchCanned } from './canned-picker';
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

const FIELDS = ['body', 'visibility'] as const;

const TINT: Record<CommentVisibility, string | undefined> = {
  public: undefined,
  staff: 'var(--mantine-color-yellow-light)',
  party: 'var(--mantine-color-grape-light)',
};

/** Write a public reply or a note; the choice of who reads it is made first and stays visible. */
export function CommentComposer({ slug, ticketKey, mayWriteNotes, myPartyName }: ComposerProps) {
  const add = useAddTicketComment(slug, ticketKey);
  const keyFor = useIdempotencyKey();
  const { form, formError } = useApiForm(
    { body: '', visibility: 'public' as CommentVisibility },
    add.error,
    FIELDS,
  );
  const { body, visibility } = form.values;
  const copy = COPY[visibility];
  // Canned responses: typing "::" then words opens a picker; staff only.
  const canned = useCannedResponses(slug, mayWriteNotes);
  const fill = useFillCannedResponse(slug);
  const area = useRef<HTMLTextAreaElement>(null);
  const [trigger, setTrigger] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const matches = trigger ? matchCanned(canned.data?.items ?? [], trigger.query) : [];

  function onText(value: string, caret: number) {
    form.setFieldValue('body', value);
    const found = mayWriteNotes ? cannedTrigger(value.slice(0, caret)) : null;
    setTrigger(found ? { start: caret - found[0].length, query: found[1] ?? '' } : null);
    setActive(0);
  }

  function pick(index: number) {
    const chosen = matches[index];
    if (!trigger || !chosen) return;
    const { start } = trigger;
    const end = start + 2 + trigger.query.length;
    setTrigger(null);
    fill.mutate(
      { id: chosen.id, ticket: ticketKey },
      {
        onSuccess: (filled) => {
          form.setFieldValue('body', (current) => current.slice(0, start) + filled.body + current.slice(end));
          form.setFieldValue('visibility', filled.visibility);
          requestAnimationFrame(() => {
            const caret = start + filled.body.length;
            area.current?.focus();
            area.current?.setSelectionRange(caret, caret);
          });
        },
      },
    );
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (!trigger) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (matches.length ? (i + step + matches.length) % matches.length : 0));
    } else if (event.key === 'Enter' && matches.length > 0) {
      event.preventDefault();
      pick(active);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      setTrigger(null);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const text = body.trim();
    const payload = { body: text, visibility };
    add.mutate(
      { ...payload, idem: keyFor(payload) },
      {
        onSuccess: () => {
          form.setFieldValue('body', (current) => textLeftAfterSend(current, body));
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
            <Radio.Group label="Who reads this" {...form.getInputProps('visibility')}>
              <Group gap="md" mt={4}>
                <Radio value="public" label="Public reply" />
                <Radio value="staff" label="Staff note (both parties)" />
                <Radio value="party" label={`Only my party (${myPartyName})`} />
              </Group>
            </Radio.Group>
          )}
          <Textarea
            ref={area}
            label={copy.field}
            description={
              counterNearLimit(body, DESCRIPTION_MAX) ??
              (mayWriteNotes ? `${copy.hint} Type :: to insert a canned response.` : copy.hint)
            }
            onKeyDown={onKeyDown}
            role={trigger ? 'combobox' : undefined}
            aria-expanded={trigger ? true : undefined}
            aria-controls={trigger ? 'canned-picker' : undefined}
            aria-activedescendant={trigger && matches.length ? `canned-picker-${active}` : undefined}
            rows={3}
            classNames={{ input: growing.grow }}
            value={body}
            onChange={(event) =>
              onText(
                event.currentTarget.value,
                event.currentTarget.selectionStart ?? event.currentTarget.value.length,
              )
            }
            error={tooLong(body, DESCRIPTION_MAX) ?? form.errors.body}
          />
          {trigger && (
            <CannedPicker
              id="canned-picker"
              matches={matches}
              active={active}
              onPick={(r) => pick(matches.indexOf(r))}
            />
          )}
          {fill.isError && <FormAlert message={fill.error.message} title="Canned response not inserted" />}
          <FormAlert message={formError} title="Not sent" />
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Text size="xs" c="dimmed">
              {visibility === 'public' ? 'Visible to the requester' : 'Hidden from the requester'}
            </Text>
            <Button
              type="submit"
              variant={visibility === 'public' ? 'filled' : 'light'}
              color={visibility === 'public' ? undefined : visibility === 'staff' ? 'yellow' : 'grape'}
              loading={add.isPending}
              disabled={!body.trim() || body.length > DESCRIPTION_MAX}
            >
              {copy.button}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
