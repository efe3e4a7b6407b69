import { Alert, Button, Group, MultiSelect, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { isApiError } from '../ui/api-client';
import { CopyField } from '../ui/copy-field';
import { DialogBody, DialogHeader } from '../ui/dialog';
import { DialogForm } from '../ui/dialog-form';
import { ErrorState } from '../ui/error-display';
import { useCreateWebhook, useEventCatalogue } from './api';

/** Adds an endpoint; the signing secret is shown here once and never again. */
export function NewWebhookDialogBody({ slug, onClose }: { slug: string; onClose: () => void }) {
  const catalogue = useEventCatalogue(slug);
  const create = useCreateWebhook(slug);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>(['ticket.created']);
  const issues = isApiError(create.error, 'VALIDATION_FAILED') ? create.error.fieldIssues : [];
  const issue = (field: string) => issues.find((i) => i.path === field)?.message;

  if (create.data) {
    return (
      <>
        <DialogHeader title="Endpoint added: copy its secret now" />
        <DialogBody>
          <Stack>
            <Alert color="yellow" variant="light">
              This is the only time the signing secret is shown. Store it where the receiving system can read
              it; use “Rotate secret” if it is lost.
            </Alert>
            <CopyField label="Signing secret" value={create.data.secret} />
            <Text size="sm" c="dimmed">
              Each delivery carries a <code>Tandem-Signature: t=…,v1=…</code> header: the HMAC-SHA256 of
              “timestamp.body” with this secret. Refuse deliveries whose signature does not match or whose
              timestamp is more than five minutes old.
            </Text>
            <Group justify="flex-end">
              <Button onClick={onClose}>Done</Button>
            </Group>
          </Stack>
        </DialogBody>
      </>
    );
  }

  return (
    <DialogForm
      title="Add a webhook endpoint"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ url: url.trim(), description, events });
      }}
      onCancel={onClose}
      submitLabel="Add endpoint"
      pending={create.isPending}
    >
      <TextInput
        label="URL"
        description="http:// or https:// address that receives a JSON POST per event"
        placeholder="https://hooks.example.com/tandem"
        value={url}
        onChange={(e) => setUrl(e.currentTarget.value)}
        error={issue('url')}
        required
        data-autofocus
      />
      <TextInput
        label="Description"
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
        error={issue('description')}
      />
      <MultiSelect
        label="Events"
        data={(catalogue.data?.items ?? []).map((i) => ({
          value: i.event,
          label: `${i.event} — ${i.label}`,
        }))}
        value={events}
        onChange={setEvents}
        error={issues.find((i) => i.path.startsWith('events'))?.message}
        searchable
        required
      />
      {create.isError && issues.length === 0 && <ErrorState error={create.error} />}
    </DialogForm>
  );
}
