import { Group, Select, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { FormEvent } from 'react';
import { useApiForm } from '../ui/api-form';
import { formDialog } from '../ui/dialog';
import { DialogForm } from '../ui/dialog-form';
import { FormAlert } from '../ui/error-display';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { MfaSelect, SystemSelect, TierSelect } from './account-fields';
import { type Register, type Tier, useAddAccount } from './api';

const FIELDS = ['systemId', 'accountName', 'membershipId', 'tier', 'mfa', 'expiresAt', 'notes'] as const;

export const AddAccountDialog = formDialog(AddAccountForm, 'lg');

function AddAccountForm({
  slug,
  onClose,
  register,
}: {
  slug: string;
  onClose: () => void;
  register: Register;
}) {
  const add = useAddAccount(slug);
  const keyFor = useIdempotencyKey();
  const { form, formError } = useApiForm(
    {
      systemId: null as string | null,
      accountName: '',
      membershipId: null as string | null,
      tier: 'admin' as Tier,
      mfa: 'unknown' as 'yes' | 'no' | 'unknown',
      expiresAt: '',
      notes: '',
    },
    add.error,
    FIELDS,
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const f = form.values;
    const body = {
      systemId: f.systemId ?? '',
      accountName: f.accountName.trim(),
      membershipId: f.membershipId,
      tier: f.tier,
      mfa: f.mfa,
      expiresAt: f.expiresAt ? new Date(`${f.expiresAt}T23:59:59`).toISOString() : null,
      notes: f.notes.trim(),
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
    <DialogForm
      title="Add a privileged account"
      onSubmit={submit}
      onCancel={onClose}
      submitLabel="Add account"
      pending={add.isPending}
    >
      <FormAlert message={formError} />
      <SystemSelect systems={register.systems} {...form.getInputProps('systemId')} />
      <TextInput label="Account name" required {...form.getInputProps('accountName')} />
      <Select
        label="Person"
        description="Leave empty when nobody in particular holds it (that is a finding)."
        clearable
        searchable
        data={register.people.map((p) => ({
          value: p.membershipId,
          label: `${p.name} (${p.partyName ?? ''})`,
        }))}
        {...form.getInputProps('membershipId')}
      />
      <Group grow>
        <TierSelect required {...form.getInputProps('tier')} />
        <MfaSelect {...form.getInputProps('mfa')} />
        <TextInput label="Expires" type="date" {...form.getInputProps('expiresAt')} />
      </Group>
      <Textarea label="Notes" autosize minRows={2} {...form.getInputProps('notes')} />
    </DialogForm>
  );
}
