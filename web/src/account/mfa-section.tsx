import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconShieldCheck, IconShieldExclamation } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { AuthCodeInput } from '../auth/code-input';
import { RecoveryCodes } from '../auth/recovery-codes';
import { useApiForm } from '../ui/api-form';
import type { Me } from '../ui/api-types';
import { Dialog, DialogBody, DialogHeader } from '../ui/dialog';
import { SubmitForm } from '../ui/dialog-form';
import { FormAlert } from '../ui/error-display';
import { ButtonLink } from '../ui/router-links';
import { SectionCard } from '../ui/section-card';
import { useRegenerateRecoveryCodes } from './api';

const FIELDS = ['code'] as const;

export function MfaSection({ account }: { account: Me['account'] }) {
  const [regenerating, setRegenerating] = useState(false);
  return (
    <SectionCard
      title="Two-factor authentication"
      description="A code from an authenticator app, asked for at every sign-in."
    >
      <Stack gap="sm">
        <Group gap="xs">
          {account.mfaEnrolled ? (
            <Badge color="teal" variant="light" leftSection={<IconShieldCheck size={14} aria-hidden />}>
              On
            </Badge>
          ) : (
            <Badge
              color="yellow"
              variant="light"
              leftSection={<IconShieldExclamation size={14} aria-hidden />}
            >
              Off
            </Badge>
          )}
          <Text size="sm">
            {account.mfaRequired
              ? 'Required for your account because of a role you hold.'
              : 'Not required for your account, but recommended.'}
          </Text>
        </Group>
        {account.mfaEnrolled ? (
          <Group>
            <Button variant="default" onClick={() => setRegenerating(true)}>
              Get new recovery codes
            </Button>
          </Group>
        ) : (
          <Group>
            <ButtonLink to="/mfa/enrol" search={{ next: '/account' }}>
              Set up two-factor authentication
            </ButtonLink>
          </Group>
        )}
      </Stack>
      <Dialog opened={regenerating} onClose={() => setRegenerating(false)} closeOnClickOutside={false}>
        <RegenerateCodes onClose={() => setRegenerating(false)} />
      </Dialog>
    </SectionCard>
  );
}

function RegenerateCodes({ onClose }: { onClose: () => void }) {
  const regenerate = useRegenerateRecoveryCodes();
  const { form, formError } = useApiForm({ code: '' }, regenerate.error, FIELDS);
  const codes = regenerate.data?.recoveryCodes;

  function submit(event: FormEvent) {
    event.preventDefault();
    regenerate.mutate({ code: form.values.code.replace(/\s/g, '') });
  }

  return (
    <>
      <DialogHeader title={codes ? 'Your new recovery codes' : 'Get new recovery codes'} />
      <DialogBody>
        {codes ? (
          <RecoveryCodes codes={codes} doneLabel="Done" onDone={onClose} />
        ) : (
          <SubmitForm
            onSubmit={submit}
            onCancel={onClose}
            submitLabel="Make new codes"
            pending={regenerate.isPending}
            actionsGap="xs"
          >
            <Text size="sm">
              Your old recovery codes stop working as soon as the new ones are made. Confirm with a code from
              your authenticator app.
            </Text>
            <AuthCodeInput {...form.getInputProps('code')} data-autofocus />
            <FormAlert message={formError} title="No new codes" />
          </SubmitForm>
        )}
      </DialogBody>
    </>
  );
}
