import { Button, Checkbox, Group, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useCatalogue } from '../portal/api';
import { FormAlert, formErrors } from '../ui/error-display';
import { NumberField } from '../ui/number-field';
import { SectionCard } from '../ui/section-card';
import { useAddImapChannel } from './api';

const FIELDS = ['name', 'host', 'port', 'tls', 'user', 'password', 'mailbox', 'catalogueItemId'] as const;

/** A hosted mailbox Tandem polls (IMAP with IDLE); the password is sealed and never shown back. */
export function AddImapChannel({ slug }: { slug: string }) {
  const catalogue = useCatalogue(slug);
  const add = useAddImapChannel(slug);
  const [name, setName] = useState('Hosted mailbox');
  const [host, setHost] = useState('');
  const [port, setPort] = useState<number | string>(993);
  const [tls, setTls] = useState(true);
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [mailbox, setMailbox] = useState('INBOX');
  const [itemId, setItemId] = useState<string | null>(null);
  const errors = formErrors(add.error, FIELDS);
  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate(
      {
        name: name.trim(),
        host: host.trim(),
        port: typeof port === 'number' ? port : Number(port),
        tls,
        user: user.trim(),
        password,
        mailbox: mailbox.trim(),
        catalogueItemId: itemId ?? '',
      },
      {
        onSuccess: () => {
          setHost('');
          setUser('');
          setPassword('');
        },
      },
    );
  }
  return (
    <SectionCard title="Poll a hosted mailbox (IMAP)">
      <form onSubmit={submit} noValidate aria-label="Add an IMAP mail channel">
        <Stack gap="sm">
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput
              label="Name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.field.name}
            />
            <TextInput
              label="IMAP server"
              placeholder="imap.example.com"
              value={host}
              onChange={(e) => setHost(e.currentTarget.value)}
              error={errors.field.host}
              miw={220}
            />
            <NumberField
              label="Port"
              value={port}
              onChange={setPort}
              min={1}
              max={65535}
              allowDecimal={false}
              error={errors.field.port}
              w={110}
            />
            <Checkbox
              label="TLS"
              checked={tls}
              onChange={(e) => setTls(e.currentTarget.checked)}
              error={errors.field.tls}
              mb={8}
            />
          </Group>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput
              label="User name"
              autoComplete="off"
              value={user}
              onChange={(e) => setUser(e.currentTarget.value)}
              error={errors.field.user}
            />
            <PasswordInput
              label="Password"
              description="Stored sealed; never shown again."
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={errors.field.password}
              miw={200}
            />
            <TextInput
              label="Folder"
              value={mailbox}
              onChange={(e) => setMailbox(e.currentTarget.value)}
              error={errors.field.mailbox}
            />
            <Select
              label="New mail becomes a request for"
              placeholder={catalogue.isPending ? 'Loading the catalogue…' : 'Choose a catalogue item'}
              data={(catalogue.data?.items ?? []).map((i) => ({ value: i.id, label: i.name }))}
              value={itemId}
              onChange={setItemId}
              error={errors.field.catalogueItemId}
              searchable
              miw={260}
            />
            <Button type="submit" leftSection={<IconPlus size={16} aria-hidden />} loading={add.isPending}>
              Add mailbox
            </Button>
          </Group>
          <FormAlert message={errors.form} title="The mailbox was not added" />
        </Stack>
      </form>
    </SectionCard>
  );
}
