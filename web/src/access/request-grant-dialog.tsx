import { Button, Group, NumberInput, Stack, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { FormEvent } from 'react';
import { useApiForm } from '../ui/api-form';
import { DialogBody, DialogHeader, formDialog } from '../ui/dialog';
import { FormAlert } from '../ui/error-display';
import { FormActions } from '../ui/form-actions';
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
    <>
      <DialogHeader title="Request privileged access" />
      <DialogBody>
        <form onSubmit={submit} noValidate>
          <Stack>
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
            <FormActions onCancel={onClose}>
              <Button type="submit" loading={request.isPending}>
                Request access
              </Button>
            </FormActions>
          </Stack>
        </form>
      </DialogBody>
    </>
  );
}
