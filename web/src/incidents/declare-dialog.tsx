import { Group, Select, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import type { FormEvent } from 'react';
import { useApiForm } from '../ui/api-form';
import { formDialog } from '../ui/dialog';
import { DialogForm } from '../ui/dialog-form';
import { FormAlert } from '../ui/error-display';
import { LimitedTextInput } from '../ui/limited-input';
import { LimitedTextarea } from '../ui/limited-textarea';
import { NumberField } from '../ui/number-field';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { useDeclareIncident, useStaffMembers } from './api';
import { roleChoices } from './role-choices';

const FIELDS = [
  'title',
  'impact',
  'ticketKeys',
  'commanderMembershipId',
  'communicationsLeadMembershipId',
  'updateCadenceMinutes',
  'rationale',
] as const;

export const DeclareIncidentDialog = formDialog(DeclareForm, 'lg');

function DeclareForm({
  slug,
  initialTicket,
  onClose,
}: {
  slug: string;
  initialTicket: string | undefined;
  onClose: () => void;
}) {
  const staff = useStaffMembers(slug);
  const declare = useDeclareIncident(slug);
  const keyFor = useIdempotencyKey();
  const navigate = useNavigate();
  const { form, formError } = useApiForm(
    {
      title: '',
      impact: '',
      ticketKeys: initialTicket ?? '',
      commanderMembershipId: null as string | null,
      communicationsLeadMembershipId: null as string | null,
      updateCadenceMinutes: 30,
      rationale: '',
    },
    declare.error,
    FIELDS,
  );
  const f = form.values;
  const people = roleChoices(staff.data);

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = {
      title: f.title.trim(),
      impact: f.impact.trim(),
      ticketKeys: f.ticketKeys
        .split(/[\s,]+/)
        .map((k) => k.trim())
        .filter(Boolean),
      commanderMembershipId: f.commanderMembershipId ?? undefined,
      communicationsLeadMembershipId: f.communicationsLeadMembershipId ?? undefined,
      updateCadenceMinutes: f.updateCadenceMinutes,
      rationale: f.rationale.trim(),
    };
    declare.mutate(
      { ...body, key: keyFor(body) },
      {
        onSuccess: ({ incident }) => {
          notifications.show({
            color: 'orange',
            message: `${incident.key} is declared. Post the first stakeholder update.`,
          });
          onClose();
          void navigate({ to: '/w/$ws/incidents/$key', params: { ws: slug, key: incident.key } });
        },
      },
    );
  }

  return (
    <DialogForm
      title="Declare a major incident"
      onSubmit={submit}
      onCancel={onClose}
      submitLabel="Declare major incident"
      pending={declare.isPending}
      disabled={!f.title.trim() || !f.ticketKeys.trim()}
      color="red"
      gap="sm"
    >
      <FormAlert message={formError} />
      <LimitedTextInput
        label="Title"
        required
        limit={200}
        placeholder="For example: E-mail is down for everyone"
        {...form.getInputProps('title')}
      />
      <LimitedTextarea
        label="Impact"
        description="Who is affected and how."
        autosize
        minRows={2}
        limit={5000}
        {...form.getInputProps('impact')}
      />
      <TextInput
        label="Tickets"
        description="One or more ticket keys, separated by commas."
        required
        {...form.getInputProps('ticketKeys')}
      />
      <Group grow align="flex-start">
        <Select
          label="Commander"
          description="You, unless you name someone."
          placeholder="Me"
          searchable
          clearable
          data={people}
          {...form.getInputProps('commanderMembershipId')}
        />
        <Select
          label="Communications lead"
          description="Staff of either party."
          placeholder="Nobody yet"
          searchable
          clearable
          data={people}
          {...form.getInputProps('communicationsLeadMembershipId')}
        />
      </Group>
      <NumberField
        label="Stakeholder updates every (minutes)"
        min={5}
        max={1440}
        {...form.getInputProps('updateCadenceMinutes')}
        onChange={(v) =>
          form.setFieldValue('updateCadenceMinutes', typeof v === 'number' ? v : Number(v) || 30)
        }
      />
      <LimitedTextarea
        label="Why declare (kept in the decision log)"
        autosize
        minRows={2}
        limit={5000}
        {...form.getInputProps('rationale')}
      />
    </DialogForm>
  );
}
