import { Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { FormAlert, formErrors } from '../ui/error-display';
import { useVerifyMfa } from './api';
import { AuthLayout } from './auth-layout';
import { AuthCodeInput } from './code-input';
import { useContinueAfterSignIn } from './next-path';
import { SignOutLink } from './sign-out-link';

const route = getRouteApi('/mfa');

export function MfaVerifyPage() {
  const { next } = route.useSearch();
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const verify = useVerifyMfa();
  const continueAfterSignIn = useContinueAfterSignIn();
  const errors = formErrors(verify.error, ['code', 'recoveryCode'] as const);

  function submit(event: FormEvent) {
    event.preventDefault();
    const value = code.trim();
    verify.mutate(useRecovery ? { recoveryCode: value } : { code: value.replace(/\s/g, '') }, {
      onSuccess: (answer) => continueAfterSignIn(answer.session, next),
    });
  }

  function switchMode() {
    setUseRecovery((current) => !current);
    setCode('');
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
              value={code}
              onChange={(event) => setCode(event.currentTarget.value)}
              error={errors.field.recoveryCode}
              autoFocus
            />
          ) : (
            <AuthCodeInput
              key="code"
              value={code}
              onChange={(event) => setCode(event.currentTarget.value)}
              error={errors.field.code}
              autoFocus
            />
          )}
          <FormAlert message={errors.form} title="Not verified" />
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
