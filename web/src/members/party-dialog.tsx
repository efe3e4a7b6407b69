import { Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { FormEvent } from 'react';
import { isApiError } from '../ui/api-client';
import { useApiForm } from '../ui/api-form';
import type { Party } from '../ui/api-types';
import { formDialog } from '../ui/dialog';
import { DialogForm } from '../ui/dialog-form';
import { FormAlert } from '../ui/error-display';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { useCreateParty, useRenameParty } from './api';

const FIELDS = ['name'] as const;

interface PartyFormProps {
  slug: string;
  /** The party to rename; without one, the dialog adds a provider party. */
  party?: Party;
  onClose: () => void;
}

export const PartyDialog = formDialog(PartyForm);

function PartyForm({ slug, party, onClose }: PartyFormProps) {
  const create = useCreateParty(slug);
  const rename = useRenameParty(slug);
  const keyFor = useIdempotencyKey();
  const mutation = party ? rename : create;
  const { form, formError } = useApiForm({ name: party?.name ?? '' }, mutation.error, FIELDS);
  const { name } = form.values;
  const stale = isApiError(mutation.error, 'STALE_VERSION');

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    const done = (saved: { party: Party }) => {
      notifications.show({
        color: 'teal',
        message: party ? `Renamed to ${saved.party.name}.` : `${saved.party.name} added.`,
      });
      onClose();
    };
    if (party) rename.mutate({ party, name: trimmed }, { onSuccess: done });
    else create.mutate({ name: trimmed, key: keyFor({ name: trimmed }) }, { onSuccess: done });
  }

  return (
    <DialogForm
      title={party ? `Rename ${party.name}` : 'Add a provider party'}
      onSubmit={submit}
      onCancel={onClose}
      submitLabel={party ? 'Save name' : 'Add party'}
      pending={mutation.isPending}
      disabled={!name.trim() || name.trim() === party?.name}
      actionsGap="xs"
    >
      {!party && (
        <Text size="sm" c="dimmed">
          A provider party is an IT company that works in this workspace. After adding it, invite its lead;
          they can invite the rest of their team.
        </Text>
      )}
      <TextInput
        label={party ? 'Party name' : 'Provider name'}
        placeholder={party ? undefined : 'For example: Northwind Managed IT'}
        required
        {...form.getInputProps('name')}
        data-autofocus
      />
      <FormAlert
        message={
          stale ? 'Someone changed this party meanwhile. The list has been reloaded; try again.' : formError
        }
      />
    </DialogForm>
  );
}
