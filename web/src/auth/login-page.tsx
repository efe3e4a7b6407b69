import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { FormAlert, formErrors } from '../ui/error-display';
import { useLogin } from './api';
import { AuthLayout } from './auth-layout';
import { useContinueAfterSignIn } from './next-path';
import { SsoButtons, SsoRefusal } from './sso-buttons';

const route = getRouteApi('/login');

export function LoginPage() {
  const { next, sso_message: ssoMessage } = route.useSearch();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useLogin();
  const continueAfterSignIn = useContinueAfterSignIn();
  const errors = formErrors(login.error, ['email', 'password'] as const);
  // Empty fields are answered here, in words, before anything is sent.
  const [missing, setMissing] = useState<{ email?: string; password?: string }>({});

  function submit(event: FormEvent) {
    event.preventDefault();
    const empty = {
      ...(email.trim() === '' && { email: 'Enter your email address.' }),
      ...(password === '' && { password: 'Enter your password.' }),
    };
    setMissing(empty);
    if (empty.email || empty.password) return;
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
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            error={missing.email ?? errors.field.email}
            data-autofocus
            autoFocus
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={missing.password ?? errors.field.password}
          />
          <FormAlert message={errors.form} title="Could not sign in" />
          <Button type="submit" loading={login.isPending} fullWidth>
            Sign in
          </Button>
          <SsoButtons next={next} />
        </Stack>
      </form>
    </AuthLayout>
  );
}
