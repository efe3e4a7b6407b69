import { Button, Group, PasswordInput, SimpleGrid, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { FormAlert, formErrors } from '../ui/error-display';
import { SectionCard } from '../ui/section-card';
import { useChangePassword } from './api';

export function PasswordSection() {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useChangePassword();
  const errors = formErrors(change.error, ['currentPassword', 'newPassword'] as const);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (newPassword !== repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setCurrentPassword('');
          setNewPassword('');
          setRepeat('');
          notifications.show({
            color: 'teal',
            title: 'Password changed',
            message: 'Your other sessions have been signed out.',
          });
        },
      },
    );
  }

  return (
    <SectionCard title="Password" description="Changing it signs out your other sessions.">
      <form onSubmit={submit} noValidate>
        <Stack gap="md" maw={720}>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <PasswordInput
              label="Current password"
              autoComplete="current-password"
              required
              value={currentPassword}
              onChange={(event) => setCurrentPassword(event.currentTarget.value)}
              error={errors.field.currentPassword}
            />
            <PasswordInput
              label="New password"
              description="At least 12 characters."
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              autoComplete="new-password"
              required
              value={newPassword}
              onChange={(event) => setNewPassword(event.currentTarget.value)}
              error={errors.field.newPassword}
            />
            <PasswordInput
              label="Repeat new password"
              autoComplete="new-password"
              required
              value={repeat}
              onChange={(event) => setRepeat(event.currentTarget.value)}
              error={mismatch ? 'The two passwords differ.' : undefined}
            />
          </SimpleGrid>
          <FormAlert message={errors.form} title="Password not changed" />
          <Group>
            <Button type="submit" loading={change.isPending} disabled={!currentPassword || !newPassword}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </SectionCard>
  );
}
