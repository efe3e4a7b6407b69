import { Button, Group, NumberInput, Select, Stack, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { Dialog, DialogBody, DialogHeader } from '../ui/dialog';
import { FormAlert, formErrors } from '../ui/error-display';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { formatDuration, type Grants, TIER_LABELS, type Tier, useRequestGrant } from './api';

const FIELDS = ['systemId', 'tier', 'reason', 'durationMinutes'] as const;

export function RequestGrantDialog({
  slug,
  opened,
  onClose,
  grants,
}: {
  slug: string;
  opened: boolean;
  onClose: () => void;
  grants: Grants;
}) {
  return (
    <Dialog opened={opened} onClose={onClose} closeOnClickOutside={false}>
      <RequestForm slug={slug} onClose={onClose} grants={grants} />
    </Dialog>
  );
}

function RequestForm({ slug, onClose, grants }: { slug: string; onClose: () => void; grants: Grants }) {
  const [systemId, setSystemId] = useState<string | null>(null);
  const [tier, setTier] = useState<Tier>('admin');
  const [hours, setHours] = useState<number | string>(2);
  const [reason, setReason] = useState('');
  const request = useRequestGrant(slug);
  const keyFor = useIdempotencyKey();
  const errors = formErrors(request.error, FIELDS);

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = {
      systemId: systemId ?? '',
      tier,
      reason: reason.trim(),
      durationMinutes: Math.round(Number(hours) * 60),
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
            <FormAlert message={errors.form} />
            <Select
              label="System"
              required
              searchable
              data={grants.systems.map((s) => ({ value: s.id, label: s.name }))}
              value={systemId}
              onChange={setSystemId}
              error={errors.field.systemId}
            />
            <Group grow>
              <Select
                label="Privilege tier"
                required
                allowDeselect={false}
                data={Object.entries(TIER_LABELS).map(([value, label]) => ({ value, label }))}
                value={tier}
                onChange={(v) => v && setTier(v as Tier)}
                error={errors.field.tier}
              />
              <NumberInput
                label="Duration (hours)"
                description={`At most ${formatDuration(grants.maxGrantMinutes)}`}
                required
                min={0.25}
                step={0.5}
                decimalScale={2}
                value={hours}
                onChange={setHours}
                error={errors.field.durationMinutes}
              />
            </Group>
            <Textarea
              label="Reason"
              description="What the access is for; the approver reads this."
              required
              autosize
              minRows={3}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={errors.field.reason}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={request.isPending}>
                Request access
              </Button>
            </Group>
          </Stack>
        </form>
      </DialogBody>
    </>
  );
}
