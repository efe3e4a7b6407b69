import { Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useApiForm } from '../ui/api-form';
import { FormAlert } from '../ui/error-display';
import { useVerifyMfa } from './api';
import { AuthLayout } from './auth-layout';
import { useContinueAfterSignIn } from './next-path';
import { SignOutLink } from './sign-out-link';

const route = getRouteApi('/mfa');
const FIELDS = ['code', 'recoveryCode'] as const;

export function MfaVerifyPage() {
  const { next } = route.useSearch();
  const [useRecovery, setUseRecovery] = useState(false);
  const verify = useVerifyMfa();
  const continueAfterSignIn = useContinueAfterSignIn();
  // One field per mode, so each shows (and clears) the server's message about its own code.
  const { form, formError } = useApiForm({ code: '', recoveryCode: '' }, verify.error, FIELDS);

  function submit(event: FormEvent) {
    event.preventDefault();
    const { code, recoveryCode } = form.values;
    verify.mutate(
      useRecovery ? { recoveryCode: recoveryCode.trim() } : { code: code.trim().replace(/\s/g, '') },
      { onSuccess: (answer) => continueAfterSignIn(answer.session, next) },
    );
  }

  function switchMode() {
    setUseRecovery((current) => !current);
    form.reset();
    verify.reset();
  }

  return (
    <AuthLayout
      title="Two-factor authentication"
      subtitle={
        useRecovery
          ? 'Enter one of the recovery codes you saved when you set up two-factor authentication. Each code works once.'
          : 'Enter the 6-digit code from your authenticator app.'
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {useRecovery ? (
            <TextInput
              key="recovery"
              label="Recovery code"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              required
              {...form.getInputProps('recoveryCode')}
              autoFocus
            />
          ) : (
            <TextInput
              key="code"
              label="Authentication code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={8}
              required
              {...form.getInputProps('code')}
              autoFocus
            />
          )}
          <FormAlert message={formError} title="Not verified" />
          <Button type="submit" loading={verify.isPending} fullWidth>
            Verify
          </Button>
          <Group justify="space-between" gap="xs">
            <Anchor component="button" type="button" size="sm" onClick={switchMode}>
              {useRecovery ? 'Use my authenticator app' : 'Use a recovery code'}
            </Anchor>
            <SignOutLink />
          </Group>
          <Text size="xs" c="dimmed">
            Lost both your authenticator and your recovery codes? Ask your Tandem administrator to help you
            back in.
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
