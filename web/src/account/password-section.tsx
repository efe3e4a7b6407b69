import { Button, Group, PasswordInput, SimpleGrid, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { FormEvent } from 'react';
import { useApiForm } from '../ui/api-form';
import { FormAlert } from '../ui/error-display';
import { SectionCard } from '../ui/section-card';
import { useChangePassword } from './api';

const FIELDS = ['currentPassword', 'newPassword'] as const;

export function PasswordSection() {
  const change = useChangePassword();
  const { form, formError } = useApiForm(
    { currentPassword: '', newPassword: '', repeat: '' },
    change.error,
    FIELDS,
  );
  const { currentPassword, newPassword } = form.values;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (newPassword !== form.values.repeat) {
      form.setFieldError('repeat', 'The two passwords differ.');
      return;
    }
    form.clearFieldError('repeat');
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          form.reset();
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
              {...form.getInputProps('currentPassword')}
            />
            <PasswordInput
              label="New password"
              description="At least 12 characters."
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              autoComplete="new-password"
              required
              {...form.getInputProps('newPassword')}
            />
            <PasswordInput
              label="Repeat new password"
              autoComplete="new-password"
              required
              {...form.getInputProps('repeat')}
            />
          </SimpleGrid>
          <FormAlert message={formError} title="Password not changed" />
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
