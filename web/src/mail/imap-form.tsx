import { Button, Checkbox, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { FormEvent } from 'react';
import { useApiForm } from '../ui/api-form';
import { FormAlert } from '../ui/error-display';
import { NumberField } from '../ui/number-field';
import { SectionCard } from '../ui/section-card';
import { useAddImapChannel } from './api';
import { CatalogueItemSelect } from './catalogue-item-select';

const FIELDS = ['name', 'host', 'port', 'tls', 'user', 'password', 'mailbox', 'catalogueItemId'] as const;

/** A hosted mailbox Tandem polls (IMAP with IDLE); the password is sealed and never shown back. */
export function AddImapChannel({ slug }: { slug: string }) {
  const add = useAddImapChannel(slug);
  const { form, formError } = useApiForm(
    {
      name: 'Hosted mailbox',
      host: '',
      port: 993 as number | string,
      tls: true,
      user: '',
      password: '',
      mailbox: 'INBOX',
      catalogueItemId: null as string | null,
    },
    add.error,
    FIELDS,
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    const f = form.values;
    add.mutate(
      {
        name: f.name.trim(),
        host: f.host.trim(),
        port: typeof f.port === 'number' ? f.port : Number(f.port),
        tls: f.tls,
        user: f.user.trim(),
        password: f.password,
        mailbox: f.mailbox.trim(),
        catalogueItemId: f.catalogueItemId ?? '',
      },
      // The name, port, TLS, folder and catalogue item stay for the next mailbox.
      { onSuccess: () => form.setValues({ host: '', user: '', password: '' }) },
    );
  }
  return (
    <SectionCard title="Poll a hosted mailbox (IMAP)">
      <form onSubmit={submit} noValidate aria-label="Add an IMAP mail channel">
        <Stack gap="sm">
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput label="Name" {...form.getInputProps('name')} />
            <TextInput
              label="IMAP server"
              placeholder="imap.example.com"
              {...form.getInputProps('host')}
              miw={220}
            />
            <NumberField
              label="Port"
              {...form.getInputProps('port')}
              min={1}
              max={65535}
              allowDecimal={false}
              w={110}
            />
            <Checkbox label="TLS" {...form.getInputProps('tls', { type: 'checkbox' })} mb={8} />
          </Group>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput label="User name" autoComplete="off" {...form.getInputProps('user')} />
            <PasswordInput
              label="Password"
              description="Stored sealed; never shown again."
              autoComplete="new-password"
              {...form.getInputProps('password')}
              miw={200}
            />
            <TextInput label="Folder" {...form.getInputProps('mailbox')} />
            <CatalogueItemSelect slug={slug} {...form.getInputProps('catalogueItemId')} />
            <Button type="submit" leftSection={<IconPlus size={16} aria-hidden />} loading={add.isPending}>
              Add mailbox
            </Button>
          </Group>
          <FormAlert message={formError} title="The mailbox was not added" />
        </Stack>
      </form>
    </SectionCard>
  );
}
