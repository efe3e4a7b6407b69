import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import type { FormEvent } from 'react';
import { useApiForm } from '../ui/api-form';
import { FormAlert } from '../ui/error-display';
import { useLogin } from './api';
import { AuthLayout } from './auth-layout';
import { useContinueAfterSignIn } from './next-path';
import { SsoButtons, SsoRefusal } from './sso-buttons';

const route = getRouteApi('/login');
const FIELDS = ['email', 'password'] as const;

export function LoginPage() {
  const { next, sso_message: ssoMessage } = route.useSearch();
  const login = useLogin();
  const continueAfterSignIn = useContinueAfterSignIn();
  const { form, formError } = useApiForm({ email: '', password: '' }, login.error, FIELDS);

  function submit(event: FormEvent) {
    event.preventDefault();
    const { email, password } = form.values;
    // Empty fields are answered here, in words, before anything is sent.
    const empty = {
      ...(email.trim() === '' && { email: 'Enter your email address.' }),
      ...(password === '' && { password: 'Enter your password.' }),
    };
    if (empty.email || empty.password) {
      form.setErrors((current) => ({ ...current, ...empty }));
      return;
    }
    login.mutate(
      { email: email.trim(), password },
      { onSuccess: (answer) => continueAfterSignIn(answer.session, next) },
    );
  }

  return (
    <AuthLayout title="Sign in" subtitle="Your co-managed IT workspace.">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <SsoRefusal message={ssoMessage} />
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            {...form.getInputProps('email')}
            data-autofocus
            autoFocus
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            {...form.getInputProps('password')}
          />
          <FormAlert message={formError} title="Could not sign in" />
          <Button type="submit" loading={login.isPending} fullWidth>
            Sign in
          </Button>
          <SsoButtons next={next} />
        </Stack>
      </form>
    </AuthLayout>
  );
}
