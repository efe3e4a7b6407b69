import { MultiSelect, Text, TextInput } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import type { FormEvent } from 'react';
import { useApiForm } from '../ui/api-form';
import { formDialog } from '../ui/dialog';
import { DialogForm } from '../ui/dialog-form';
import { FormAlert } from '../ui/error-display';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { type Reviews, useStartReview } from './api';

const FIELDS = ['title', 'dueAt', 'systemIds', 'partyIds', 'obligationOccurrenceId'] as const;
const inTwoWeeks = () => new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);

/** What a review started from another record (an obligation's occurrence) comes with. */
export type ReviewPrefill = { title: string; due: string; obligationOccurrenceId: string; from: string };

export const StartReviewDialog = formDialog(StartForm);

function StartForm({
  slug,
  onClose,
  reviews,
  prefill,
}: {
  slug: string;
  onClose: () => void;
  reviews: Reviews;
  prefill?: ReviewPrefill | undefined;
}) {
  const start = useStartReview(slug);
  const keyFor = useIdempotencyKey();
  const navigate = useNavigate();
  const { form, formError, fieldError } = useApiForm(
    {
      title: prefill?.title ?? 'Privileged-access review',
      dueAt: prefill?.due ?? inTwoWeeks(),
      systemIds: [] as string[],
      partyIds: [] as string[],
    },
    start.error,
    FIELDS,
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const f = form.values;
    const body = {
      title: f.title.trim(),
      dueAt: f.dueAt ? new Date(`${f.dueAt}T17:00:00`).toISOString() : '',
      systemIds: f.systemIds,
      partyIds: f.partyIds,
      obligationOccurrenceId: prefill?.obligationOccurrenceId ?? null,
    };
    start.mutate(
      { ...body, key: keyFor(body) },
      {
        onSuccess: (detail) => {
          onClose();
          void navigate({ to: '/w/$ws/access/reviews/$key', params: { ws: slug, key: detail.review.key } });
        },
      },
    );
  }

  return (
    <DialogForm
      title="Start an access review"
      onSubmit={submit}
      onCancel={onClose}
      submitLabel="Start review"
      pending={start.isPending}
    >
      <FormAlert message={formError ?? fieldError('obligationOccurrenceId')} />
      {prefill && (
        <Text size="sm" c="dimmed">
          For {prefill.from}: when every line is decided, the evidence pack is attached to it.
        </Text>
      )}
      <TextInput label="Title" required {...form.getInputProps('title')} />
      <TextInput label="Due" type="date" required {...form.getInputProps('dueAt')} />
      <MultiSelect
        label="Systems"
        description="Leave empty to review every system."
        searchable
        clearable
        data={reviews.systems.map((s) => ({ value: s.id, label: s.name }))}
        {...form.getInputProps('systemIds')}
      />
      <MultiSelect
        label="Parties"
        description="Leave empty to review everyone's accounts."
        clearable
        data={reviews.parties.map((p) => ({ value: p.id, label: p.name }))}
        {...form.getInputProps('partyIds')}
      />
    </DialogForm>
  );
}
