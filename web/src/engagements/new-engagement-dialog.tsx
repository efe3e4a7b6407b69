import { Checkbox, Group, Select, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { usePartyMembers } from '../members/api';
import { api } from '../ui/api-client';
import { useApiForm } from '../ui/api-form';
import { Dialog } from '../ui/dialog';
import { DialogForm } from '../ui/dialog-form';
import { FormAlert } from '../ui/error-display';
import { LimitedTextarea } from '../ui/limited-textarea';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { useParties, wsPath } from '../workspaces/api';
import { CADENCE_LABELS, type Engagement, PURPOSE_LABELS } from './api';

const FIELDS = [
  'providerPartyId',
  'purposes',
  'intent',
  'ownerMembershipId',
  'startsOn',
  'reviewCadence',
] as const;

/** The internal lead records the engagement with a provider; the clauses are added on the page afterwards. */
export function NewEngagementDialog({
  slug,
  opened,
  taken,
  onClose,
}: {
  slug: string;
  opened: boolean;
  /** Provider parties that already have one. */
  taken: string[];
  onClose: () => void;
}) {
  return (
    <Dialog opened={opened} onClose={onClose} size="lg" closeOnClickOutside={false}>
      {opened && <NewEngagementForm slug={slug} taken={taken} onClose={onClose} />}
    </Dialog>
  );
}

function NewEngagementForm({ slug, taken, onClose }: { slug: string; taken: string[]; onClose: () => void }) {
  const parties = useParties(slug);
  const internal = parties.data?.items.find((p) => p.kind === 'internal') ?? null;
  const people = usePartyMembers(slug, internal?.id ?? null);
  const queryClient = useQueryClient();
  const keyFor = useIdempotencyKey();
  const create = useMutation({
    mutationFn: (body: unknown) =>
      api<unknown>(`${wsPath(slug)}/engagements`, { method: 'POST', body, idempotencyKey: keyFor(body) }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['engagements', slug] }),
  });
  const { form, formError } = useApiForm(
    {
      providerPartyId: null as string | null,
      purposes: [] as Engagement['purposes'],
      intent: '',
      ownerMembershipId: null as string | null,
      startsOn: new Date().toISOString().slice(0, 10),
      reviewCadence: 'monthly' as Engagement['reviewCadence'],
    },
    create.error,
    FIELDS,
  );
  const providers = (parties.data?.items ?? []).filter((p) => p.kind === 'provider' && !taken.includes(p.id));
  function submit(event: FormEvent) {
    event.preventDefault();
    const value = form.values;
    create.mutate({ ...value, intent: value.intent.trim(), clauses: [] }, { onSuccess: onClose });
  }
  return (
    <DialogForm
      title="Record an engagement"
      onSubmit={submit}
      onCancel={onClose}
      submitLabel="Record"
      pending={create.isPending}
      gap="sm"
    >
      <FormAlert message={formError} />
      <Select
        label="Provider"
        required
        data={providers.map((p) => ({ value: p.id, label: p.name }))}
        {...form.getInputProps('providerPartyId')}
      />
      <Checkbox.Group
        label="Purpose"
        description="Why the business works with this provider (any of them)."
        required
        {...form.getInputProps('purposes')}
      >
        <Group mt={4}>
          {Object.entries(PURPOSE_LABELS).map(([key, label]) => (
            <Checkbox key={key} value={key} label={label} />
          ))}
        </Group>
      </Checkbox.Group>
      <LimitedTextarea
        label="Intent"
        description="One sentence: what the engagement is for."
        required
        limit={1000}
        {...form.getInputProps('intent')}
      />
      <Group grow align="flex-start">
        <Select
          label="Relationship owner"
          description="A named person of the internal party."
          required
          data={(people.data?.items ?? []).map((m) => ({ value: m.id, label: m.account.name }))}
          {...form.getInputProps('ownerMembershipId')}
        />
        <TextInput type="date" label="Start date" required {...form.getInputProps('startsOn')} />
        <Select
          label="Service review"
          required
          allowDeselect={false}
          data={Object.entries(CADENCE_LABELS).map(([v, label]) => ({ value: v, label }))}
          {...form.getInputProps('reviewCadence')}
        />
      </Group>
    </DialogForm>
  );
}
