import { Button, Group, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { FormEvent } from 'react';
import { useApiForm } from '../ui/api-form';
import { Dialog, DialogBody, DialogHeader } from '../ui/dialog';
import { FormAlert } from '../ui/error-display';
import { FormActions } from '../ui/form-actions';
import { MfaSelect, TierSelect } from './account-fields';
import { type PrivilegedAccount, type Register, useUpdateAccount } from './api';

const FIELDS = ['membershipId', 'tier', 'mfa', 'expiresAt', 'breakGlassLastUsedAt', 'notes'] as const;
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '');
const minute = (iso: string | null) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

export function EditAccountDialog({
  slug,
  account,
  onClose,
  register,
}: {
  slug: string;
  account: PrivilegedAccount | null;
  onClose: () => void;
  register: Register;
}) {
  return (
    <Dialog opened={account !== null} onClose={onClose} size="lg" closeOnClickOutside={false}>
      {account && (
        <EditForm key={account.id} slug={slug} account={account} onClose={onClose} register={register} />
      )}
    </Dialog>
  );
}

function EditForm({
  slug,
  account,
  onClose,
  register,
}: {
  slug: string;
  account: PrivilegedAccount;
  onClose: () => void;
  register: Register;
}) {
  const update = useUpdateAccount(slug);
  // The form mounts with the account (the dialog renders it only once there is one, keyed by its id).
  const { form, formError } = useApiForm(
    {
      membershipId: account.person?.membershipId ?? null,
      tier: account.tier,
      mfa: account.mfa,
      expiresAt: day(account.expiresAt),
      breakGlassLastUsedAt: minute(account.breakGlassLastUsedAt),
      notes: account.notes,
    },
    update.error,
    FIELDS,
  );
  const f = form.values;
  const people = register.people.map((p) => ({
    value: p.membershipId,
    label: `${p.name} (${p.partyName ?? ''})`,
  }));
  // A departed person stays selectable as the current holder, so saving does not silently unname the account.
  if (account.person && !people.some((p) => p.value === account.person?.membershipId))
    people.unshift({
      value: account.person.membershipId,
      label: `${account.person.name} (no longer active)`,
    });

  function save(status?: 'revoked') {
    update.mutate(
      {
        id: account.id,
        version: account.version,
        membershipId: f.membershipId,
        tier: f.tier,
        mfa: f.mfa,
        expiresAt: f.expiresAt ? new Date(`${f.expiresAt}T23:59:59`).toISOString() : null,
        breakGlassLastUsedAt: f.breakGlassLastUsedAt ? new Date(f.breakGlassLastUsedAt).toISOString() : null,
        notes: f.notes.trim(),
        ...(status && { status }),
      },
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            message: status ? `${account.accountName} marked revoked.` : `${account.accountName} saved.`,
          });
          onClose();
        },
      },
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    save();
  }

  return (
    <>
      <DialogHeader title={`Edit ${account.accountName}`} />
      <DialogBody>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm" c="dimmed">
              {account.system.name}
            </Text>
            <FormAlert message={formError} />
            <Select
              label="Person"
              clearable
              searchable
              data={people}
              {...form.getInputProps('membershipId')}
            />
            <Group grow>
              <TierSelect {...form.getInputProps('tier')} />
              <MfaSelect {...form.getInputProps('mfa')} />
            </Group>
            <Group grow>
              <TextInput label="Expires" type="date" {...form.getInputProps('expiresAt')} />
              {f.tier === 'break_glass' && (
                <TextInput
                  label="Break-glass last used"
                  type="datetime-local"
                  {...form.getInputProps('breakGlassLastUsedAt')}
                />
              )}
            </Group>
            <Textarea label="Notes" autosize minRows={2} {...form.getInputProps('notes')} />
            <Group justify="space-between">
              {account.status === 'active' ? (
                <Button
                  color="red"
                  variant="light"
                  onClick={() => save('revoked')}
                  loading={update.isPending}
                >
                  Mark revoked
                </Button>
              ) : (
                <span />
              )}
              <FormActions onCancel={onClose}>
                <Button type="submit" loading={update.isPending}>
                  Save
                </Button>
              </FormActions>
            </Group>
          </Stack>
        </form>
      </DialogBody>
    </>
  );
}
