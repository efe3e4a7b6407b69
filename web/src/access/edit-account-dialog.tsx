import { Button, Group, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { Dialog, DialogBody, DialogHeader } from '../ui/dialog';
import { FormAlert, formErrors } from '../ui/error-display';
import { type PrivilegedAccount, type Register, TIER_LABELS, type Tier, useUpdateAccount } from './api';

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
  const [membershipId, setMembershipId] = useState<string | null>(account.person?.membershipId ?? null);
  const [tier, setTier] = useState<Tier>(account.tier);
  const [mfa, setMfa] = useState(account.mfa);
  const [expires, setExpires] = useState(day(account.expiresAt));
  const [usedAt, setUsedAt] = useState(minute(account.breakGlassLastUsedAt));
  const [notes, setNotes] = useState(account.notes);
  const update = useUpdateAccount(slug);
  const errors = formErrors(update.error, FIELDS);
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
        membershipId,
        tier,
        mfa,
        expiresAt: expires ? new Date(`${expires}T23:59:59`).toISOString() : null,
        breakGlassLastUsedAt: usedAt ? new Date(usedAt).toISOString() : null,
        notes: notes.trim(),
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
            <FormAlert message={errors.form} />
            <Select
              label="Person"
              clearable
              searchable
              data={people}
              value={membershipId}
              onChange={setMembershipId}
              error={errors.field.membershipId}
            />
            <Group grow>
              <Select
                label="Privilege tier"
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
            </Group>
            <Group grow>
              <TextInput
                label="Expires"
                type="date"
                value={expires}
                onChange={(e) => setExpires(e.currentTarget.value)}
                error={errors.field.expiresAt}
              />
              {tier === 'break_glass' && (
                <TextInput
                  label="Break-glass last used"
                  type="datetime-local"
                  value={usedAt}
                  onChange={(e) => setUsedAt(e.currentTarget.value)}
                  error={errors.field.breakGlassLastUsedAt}
                />
              )}
            </Group>
            <Textarea
              label="Notes"
              autosize
              minRows={2}
              value={notes}
              onChange={(e) => setNotes(e.currentTarget.value)}
            />
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
              <Group>
                <Button variant="default" onClick={onClose}>
                  Cancel
                </Button>
                <Button type="submit" loading={update.isPending}>
                  Save
                </Button>
              </Group>
            </Group>
          </Stack>
        </form>
      </DialogBody>
    </>
  );
}
