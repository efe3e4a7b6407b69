import { Group, NumberInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { FormEvent } from 'react';
import { useApiForm } from '../ui/api-form';
import { formDialog } from '../ui/dialog';
import { DialogForm } from '../ui/dialog-form';
import { FormAlert } from '../ui/error-display';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { SystemSelect, TierSelect } from './account-fields';
import { formatDuration, type Grants, type Tier, useRequestGrant } from './api';

const FIELDS = ['systemId', 'tier', 'reason', 'durationMinutes'] as const;

export const RequestGrantDialog = formDialog(RequestForm);

function RequestForm({ slug, onClose, grants }: { slug: string; onClose: () => void; grants: Grants }) {
  const request = useRequestGrant(slug);
  const keyFor = useIdempotencyKey();
  const { form, formError } = useApiForm(
    { systemId: null as string | null, tier: 'admin' as Tier, hours: 2 as number | string, reason: '' },
    request.error,
    FIELDS,
    { durationMinutes: 'hours' },
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const f = form.values;
    const body = {
      systemId: f.systemId ?? '',
      tier: f.tier,
      reason: f.reason.trim(),
      durationMinutes: Math.round(Number(f.hours) * 60),
    };
    request.mutate(
      { ...body, key: keyFor(body) },
      {
        onSuccess: ({ grant }) => {
          notifications.show({
            color: 'green',
            message: `${grant.key} requested; ${grants.approver} decides.`,
          });
          onClose();
        },
      },
    );
  }

  return (
    <DialogForm
      title="Request privileged access"
      onSubmit={submit}
      onCancel={onClose}
      submitLabel="Request access"
      pending={request.isPending}
    >
      <FormAlert message={formError} />
      <SystemSelect systems={grants.systems} {...form.getInputProps('systemId')} />
      <Group grow>
        <TierSelect required {...form.getInputProps('tier')} />
        <NumberInput
          label="Duration (hours)"
          description={`At most ${formatDuration(grants.maxGrantMinutes)}`}
          required
          min={0.25}
          step={0.5}
          decimalScale={2}
          {...form.getInputProps('hours')}
        />
      </Group>
      <Textarea
        label="Reason"
        description="What the access is for; the approver reads this."
        required
        autosize
        minRows={3}
        {...form.getInputProps('reason')}
      />
    </DialogForm>
  );
}
