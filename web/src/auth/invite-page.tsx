import {
  Button,
  PasswordInput,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconMailOff } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { isApiError } from '../ui/api-client';
import { useApiForm } from '../ui/api-form';
import { ROLE_LABELS } from '../ui/api-types';
import { EmptyState } from '../ui/empty-state';
import { ErrorState, FormAlert } from '../ui/error-display';
import { formatDateTime } from '../ui/format';
import { AnchorLink } from '../ui/router-links';
import { type Invitation, useAcceptInvitation, useInvitation } from './api';
import { AuthLayout } from './auth-layout';
import { useContinueAfterSignIn } from './next-path';

const route = getRouteApi('/invite/$token');
const FIELDS = ['name', 'password'] as const;

export function InvitePage() {
  const { token } = route.useParams();
  const invitation = useInvitation(token);

  if (invitation.isPending) {
    return (
      <AuthLayout title="Invitation">
        <Stack aria-busy="true" aria-label="Loading the invitation">
          <Skeleton h={20} />
          <Skeleton h={80} />
          <Skeleton h={36} />
        </Stack>
      </AuthLayout>
    );
  }
  if (invitation.isError) {
    const gone = isApiError(invitation.error, 'NOT_FOUND');
    return (
      <AuthLayout title="Invitation">
        {gone ? (
          <EmptyState
            icon={<IconMailOff aria-hidden />}
            title="This invitation link no longer works"
            description="It may have been used already, revoked or expired. Ask the person who invited you for a new link."
            action={
              <AnchorLink to="/login" search={{}}>
                Go to sign in
              </AnchorLink>
            }
          />
        ) : (
          <ErrorState error={invitation.error} onRetry={() => void invitation.refetch()} />
        )}
      </AuthLayout>
    );
  }
  return <AcceptInvitation token={token} invitation={invitation.data.invitation} />;
}

function AcceptInvitation({ token, invitation }: { token: string; invitation: Invitation }) {
  const accept = useAcceptInvitation(token);
  const continueAfterSignIn = useContinueAfterSignIn();
  const { form, formError } = useApiForm({ name: '', password: '', repeat: '' }, accept.error, FIELDS);
  // The server does not say whether the address has an account (that would tell anyone holding
  // the link); the invitee knows, and says so here.
  const [hasAccount, setHasAccount] = useState<'new' | 'existing'>('new');
  const isNew = hasAccount === 'new';
  const expired = new Date(invitation.expiresAt).getTime() < Date.now();

  function submit(event: FormEvent) {
    event.preventDefault();
    const { name, password, repeat } = form.values;
    if (isNew && password !== repeat) {
      form.setFieldError('repeat', 'The two passwords differ.');
      return;
    }
    form.clearFieldError('repeat');
    accept.mutate(isNew ? { name: name.trim(), password } : { password }, {
      onSuccess: (answer) => continueAfterSignIn(answer.session),
    });
  }

  return (
    <AuthLayout
      title={`Join ${invitation.workspaceName}`}
      subtitle={
        isNew
          ? 'Create your Tandem account to accept this invitation.'
          : 'Enter the password of your Tandem account to accept.'
      }
    >
      <Table variant="vertical" layout="fixed" withTableBorder fz="sm">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={110}>Email</Table.Th>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>{invitation.email}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Party</Table.Th>
            <Table.Td>{invitation.partyName ?? 'None (requester)'}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Role</Table.Th>
            <Table.Td>{ROLE_LABELS[invitation.role] ?? invitation.role}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Expires</Table.Th>
            <Table.Td>{formatDateTime(invitation.expiresAt)}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      {expired && (
        <Text size="sm" c="red">
          This invitation has expired. Ask the person who invited you for a new link.
        </Text>
      )}
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <SegmentedControl
            aria-label={`Do you already have a Tandem account for ${invitation.email}?`}
            fullWidth
            value={hasAccount}
            onChange={(value) => {
              setHasAccount(value as 'new' | 'existing');
              accept.reset();
            }}
            data={[
              { value: 'new', label: 'I am new to Tandem' },
              { value: 'existing', label: 'I have an account' },
            ]}
          />
          {isNew && (
            <TextInput label="Your name" autoComplete="name" required {...form.getInputProps('name')} />
          )}
          <PasswordInput
            label={isNew ? 'Choose a password' : 'Your password'}
            description={isNew ? 'At least 12 characters. A passphrase is easiest to remember.' : undefined}
            autoComplete={isNew ? 'new-password' : 'current-password'}
            required
            {...form.getInputProps('password')}
          />
          {isNew && (
            <PasswordInput
              label="Repeat the password"
              autoComplete="new-password"
              required
              {...form.getInputProps('repeat')}
            />
          )}
          <FormAlert message={formError} title="Could not accept the invitation" />
          <Button type="submit" loading={accept.isPending} disabled={expired} fullWidth>
            {isNew ? 'Create account and join' : 'Accept and sign in'}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
