import { Button, Group, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { Dialog, DialogBody, DialogHeader } from '../ui/dialog';
import { FormAlert, formErrors } from '../ui/error-display';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { type Register, TIER_LABELS, type Tier, useAddAccount } from './api';

const FIELDS = ['systemId', 'accountName', 'membershipId', 'tier', 'mfa', 'expiresAt', 'notes'] as const;

export function AddAccountDialog({
  slug,
  opened,
  onClose,
  register,
}: {
  slug: string;
  opened: boolean;
  onClose: () => void;
  register: Register;
}) {
  return (
    <Dialog opened={opened} onClose={onClose} size="lg" closeOnClickOutside={false}>
      <AddAccountForm slug={slug} onClose={onClose} register={register} />
    </Dialog>
  );
}

function AddAccountForm({
  slug,
  onClose,
  register,
}: {
  slug: string;
  onClose: () => void;
  register: Register;
}) {
  const [systemId, setSystemId] = useState<string | null>(null);
  const [accountName, setAccountName] = useState('');
  const [membershipId, setMembershipId] = useState<string | null>(null);
  const [tier, setTier] = useState<Tier>('admin');
  const [mfa, setMfa] = useState<'yes' | 'no' | 'unknown'>('unknown');
  const [expires, setExpires] = useState('');
  const [notes, setNotes] = useState('');
  const add = useAddAccount(slug);
  const keyFor = useIdempotencyKey();
  const errors = formErrors(add.error, FIELDS);

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = {
      systemId: systemId ?? '',
      accountName: accountName.trim(),
      membershipId,
      tier,
      mfa,
      expiresAt: expires ? new Date(`${expires}T23:59:59`).toISOString() : null,
      notes: notes.trim(),
    };
    add.mutate(
      { ...body, key: keyFor(body) },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: `${body.accountName} added to the register.` });
          onClose();
        },
      },
    );
  }

  return (
    <>
      <DialogHeader title="Add a privileged account" />
      <DialogBody>
        <form onSubmit={submit} noValidate>
          <Stack>
            <FormAlert message={errors.form} />
            <Select
              label="System"
              required
              searchable
              data={register.systems.map((s) => ({ value: s.id, label: s.name }))}
              value={systemId}
              onChange={setSystemId}
              error={errors.field.systemId}
            />
            <TextInput
              label="Account name"
              required
              value={accountName}
              onChange={(e) => setAccountName(e.currentTarget.value)}
              error={errors.field.accountName}
            />
            <Select
              label="Person"
              description="Leave empty when nobody in particular holds it (that is a finding)."
              clearable
              searchable
              data={register.people.map((p) => ({
                value: p.membershipId,
                label: `${p.name} (${p.partyName ?? ''})`,
              }))}
              value={membershipId}
              onChange={setMembershipId}
              error={errors.field.membershipId}
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
              <Select
                label="MFA"
                allowDeselect={false}
                data={[
                  { value: 'yes', label: 'Yes' },
                  { value: 'no', label: 'No' },
                  { value: 'unknown', label: 'Unknown' },
                ]}
                value={mfa}
                onChange={(v) => v && setMfa(v as 'yes' | 'no' | 'unknown')}
                error={errors.field.mfa}
              />
              <TextInput
                label="Expires"
                type="date"
                value={expires}
                onChange={(e) => setExpires(e.currentTarget.value)}
                error={errors.field.expiresAt}
              />
            </Group>
            <Textarea
              label="Notes"
              autosize
              minRows={2}
              value={notes}
              onChange={(e) => setNotes(e.currentTarget.value)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={add.isPending}>
                Add account
              </Button>
            </Group>
          </Stack>
        </form>
      </DialogBody>
    </>
  );
}
