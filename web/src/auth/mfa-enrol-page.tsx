import { Anchor, Button, Group, List, Skeleton, Stack } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import type { FormEvent } from 'react';
import { api } from '../ui/api-client';
import { useApiForm } from '../ui/api-form';
import { CopyField } from '../ui/copy-field';
import { ErrorState, FormAlert } from '../ui/error-display';
import { type Enrolment, useConfirmEnrolment, useMe } from './api';
import { AuthLayout } from './auth-layout';
import { AuthCodeInput } from './code-input';
import { useContinueAfterSignIn } from './next-path';
import { QrImage } from './qr-image';
import { RecoveryCodes } from './recovery-codes';
import { SignOutLink } from './sign-out-link';

const route = getRouteApi('/mfa/enrol');
const FIELDS = ['code'] as const;

export function MfaEnrolPage() {
  const { next } = route.useSearch();
  const queryClient = useQueryClient();
  const continueAfterSignIn = useContinueAfterSignIn();
  const me = useMe();
  // Starting enrolment is a POST, but it is read like data: a query dedupes the double start React's
  // strict mode would cause, and keeping it a while means a remount (or a step to My account and back)
  // shows the secret the server still holds instead of replacing one the person may have scanned.
  // Restarted only on request; a sign-in clears the cache, so it never outlives its account's session.
  const enrolment = useQuery({
    queryKey: ['mfa-enrolment', me.data?.account.id],
    enabled: me.data !== undefined,
    queryFn: () =>
      api<Enrolment>('/api/v1/auth/mfa/enrolment', { method: 'POST', redirectOnAuthProblem: false }),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 10 * 60_000,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
  const confirm = useConfirmEnrolment();
  const { form, formError } = useApiForm({ code: '' }, confirm.error, FIELDS);

  function submit(event: FormEvent) {
    event.preventDefault();
    confirm.mutate({ code: form.values.code.replace(/\s/g, '') });
  }

  async function finish() {
    queryClient.removeQueries({ queryKey: ['mfa-enrolment'] });
    await queryClient.invalidateQueries({ queryKey: ['me'] });
    continueAfterSignIn(confirm.data?.session ?? { mfaState: 'verified', expiresAt: '' }, next);
  }

  if (confirm.data) {
    return (
      <AuthLayout title="Two-factor authentication is on" subtitle="One last step: keep your recovery codes.">
        <RecoveryCodes codes={confirm.data.recoveryCodes} doneLabel="Continue to Tandem" onDone={finish} />
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title="Set up two-factor authentication"
      subtitle="Tandem asks for a code from an authenticator app each time you sign in."
      width={480}
    >
      {enrolment.isPending && (
        <Stack align="center" aria-busy="true" aria-label="Preparing your authenticator secret">
          <Skeleton w={200} h={200} />
          <Skeleton h={36} />
        </Stack>
      )}
      {enrolment.isError && <ErrorState error={enrolment.error} onRetry={() => void enrolment.refetch()} />}
      {enrolment.data && (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <List type="ordered" size="sm" spacing="xs">
              <List.Item>
                Open an authenticator app (for example 1Password, Authy or Google Authenticator).
              </List.Item>
              <List.Item>Scan this QR code, or type the secret below into the app.</List.Item>
              <List.Item>Enter the 6-digit code the app shows.</List.Item>
            </List>
            <Group justify="center">
              <QrImage svg={enrolment.data.qrSvg} label="QR code to add Tandem to your authenticator app" />
            </Group>
            <CopyField
              label="Secret"
              value={enrolment.data.secret}
              description="Type this into your app if you cannot scan the code."
            />
            <AuthCodeInput {...form.getInputProps('code')} />
            <FormAlert message={formError} title="Not confirmed" />
            <Button type="submit" loading={confirm.isPending} fullWidth>
              Turn on two-factor authentication
            </Button>
            <Group justify="space-between" gap="xs">
              <Anchor
                component="button"
                type="button"
                size="sm"
                onClick={() => {
                  confirm.reset();
                  form.reset();
                  void enrolment.refetch();
                }}
              >
                Start again with a new secret
              </Anchor>
              <SignOutLink />
            </Group>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
