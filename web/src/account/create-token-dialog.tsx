import { Alert, Button, Checkbox, Code, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import type { FormEvent } from 'react';
import { useApiForm } from '../ui/api-form';
import { CopyField } from '../ui/copy-field';
import { DialogBody, DialogHeader, formDialog } from '../ui/dialog';
import { SubmitForm } from '../ui/dialog-form';
import { FormAlert } from '../ui/error-display';
import { formatDate } from '../ui/format';
import { NumberField } from '../ui/number-field';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { type ApiToken, type TokenScope, useCreateToken } from './api';

const FIELDS = ['name', 'scopes', 'expiresInDays'] as const;

interface CreateTokenFormProps {
  slug: string;
  workspaceName: string;
  onClose: () => void;
}

export const CreateTokenDialog = formDialog(CreateToken, 'lg');

function CreateToken({ slug, workspaceName, onClose }: CreateTokenFormProps) {
  const create = useCreateToken(slug);
  const created = create.data;
  return (
    <>
      <DialogHeader
        title={created ? `Token “${created.token.name}” created` : `New API token for ${workspaceName}`}
      />
      <DialogBody>
        {created ? (
          <TokenSecret
            token={created.token}
            secret={created.secret}
            workspaceName={workspaceName}
            onClose={onClose}
          />
        ) : (
          <TokenForm create={create} onClose={onClose} />
        )}
      </DialogBody>
    </>
  );
}

function TokenSecret(props: { token: ApiToken; secret: string; workspaceName: string; onClose: () => void }) {
  const { token, secret, workspaceName, onClose } = props;
  return (
    <Stack gap="md">
      <Alert color="yellow" variant="light" icon={<IconKey aria-hidden />} title="Copy the secret now">
        <Text size="sm">
          Tandem shows it only this once. It works in {workspaceName} until {formatDate(token.expiresAt)}.
        </Text>
      </Alert>
      <CopyField label="Token secret" value={secret} />
      <Text size="sm">
        Send it as a header: <Code>Authorization: Bearer {secret.slice(0, 8)}…</Code>
      </Text>
      <Group justify="flex-end">
        <Button onClick={onClose} data-autofocus>
          I have copied it
        </Button>
      </Group>
    </Stack>
  );
}

function TokenForm({ create, onClose }: { create: ReturnType<typeof useCreateToken>; onClose: () => void }) {
  const keyFor = useIdempotencyKey();
  const { form, formError } = useApiForm(
    { name: '', scopes: ['read'] as TokenScope[], expiresInDays: 30 as number | string },
    create.error,
    FIELDS,
  );
  const { name, scopes, expiresInDays } = form.values;

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = { name: name.trim(), scopes, expiresInDays: Number(expiresInDays) };
    create.mutate({ ...body, key: keyFor(body) });
  }

  return (
    <SubmitForm
      onSubmit={submit}
      onCancel={onClose}
      submitLabel="Create token"
      pending={create.isPending}
      disabled={!name.trim() || scopes.length === 0 || !expiresInDays}
      actionsGap="xs"
    >
      <TextInput
        label="Name"
        description="What uses it, so you recognise it later."
        placeholder="For example: nightly asset sync"
        required
        {...form.getInputProps('name')}
        data-autofocus
      />
      <Checkbox.Group
        label="Scopes"
        description="Read lets it look; write lets it change things as you."
        {...form.getInputProps('scopes')}
        error={form.errors.scopes ?? (scopes.length === 0 ? 'Choose at least one scope.' : undefined)}
        required
      >
        <Group mt="xs">
          <Checkbox value="read" label="Read" />
          <Checkbox value="write" label="Write" />
        </Group>
      </Checkbox.Group>
      <NumberField
        label="Expires after (days)"
        description="Between 1 and 365."
        min={1}
        max={365}
        clampBehavior="strict"
        allowDecimal={false}
        required
        {...form.getInputProps('expiresInDays')}
      />
      <FormAlert message={formError} title="Token not created" />
    </SubmitForm>
  );
}
