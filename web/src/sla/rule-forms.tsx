import { Button, Checkbox, Group, MultiSelect, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { FormEvent } from 'react';
import { useApiForm } from '../ui/api-form';
import { FormAlert } from '../ui/error-display';
import { NumberField } from '../ui/number-field';
import { useParties } from '../workspaces/api';
import { type Priority, type SlaCalendar, useCreateCoverRule, useCreateEscalationRule } from './api';
import { FormPanel } from './form-panel';

const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];
const ESCALATION_FIELDS = ['priority', 'clockKind', 'atPercent', 'actions', 'note'] as const;
const COVER_FIELDS = ['partyId', 'priorities', 'calendarId'] as const;

export function EscalationRuleForm({ slug }: { slug: string }) {
  const create = useCreateEscalationRule(slug);
  const { form, formError, fieldError } = useApiForm(
    {
      priority: 'P1' as string | null,
      clockKind: 'resolution' as string | null,
      atPercent: 75 as number | string,
      notifyLeads: true,
      notifyAgents: false,
      otherLead: true,
      raise: false,
      note: '',
    },
    create.error,
    ESCALATION_FIELDS,
    { actions: ['notifyLeads', 'notifyAgents', 'otherLead', 'raise'] },
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { priority, clockKind, atPercent, notifyLeads, notifyAgents, otherLead, raise, note } = form.values;
    create.mutate(
      {
        // The select offers only P1–P4; the server refuses anything else, naming the field.
        priority: (priority ?? '') as Priority,
        clockKind: (clockKind ?? 'resolution') as 'first_response' | 'resolution',
        atPercent: Number(atPercent),
        actions: {
          notifyRoles: [
            ...(notifyLeads ? (['lead'] as const) : []),
            ...(notifyAgents ? (['agent'] as const) : []),
          ],
          notifyOtherPartyLead: otherLead,
          raisePriority: raise,
        },
        note,
      },
      {
        onSuccess: () => {
          notifications.show({ message: 'Escalation rule added.' });
          form.reset();
        },
      },
    );
  };
  return (
    <FormPanel id="new-rule" title="Add an escalation rule" onSubmit={submit}>
      <Stack gap="sm">
        {/* useApiForm sets each field's message as a string. */}
        <FormAlert message={formError ?? fieldError('actions')} />
        <Group grow align="flex-start">
          <Select label="Priority" data={PRIORITIES} {...form.getInputProps('priority')} />
          <Select
            label="Clock"
            data={[
              { value: 'first_response', label: 'First response' },
              { value: 'resolution', label: 'Resolution' },
            ]}
            {...form.getInputProps('clockKind')}
          />
          <NumberField
            label="At this share of the target (%)"
            description="100 = at breach"
            min={1}
            max={100}
            {...form.getInputProps('atPercent')}
          />
        </Group>
        <Group>
          <Checkbox
            label="Notify the lane’s leads"
            {...form.getInputProps('notifyLeads', { type: 'checkbox' })}
          />
          <Checkbox
            label="Notify the lane’s agents"
            {...form.getInputProps('notifyAgents', { type: 'checkbox' })}
          />
          <Checkbox
            label="Notify the other party’s lead"
            {...form.getInputProps('otherLead', { type: 'checkbox' })}
          />
          <Checkbox label="Raise the priority" {...form.getInputProps('raise', { type: 'checkbox' })} />
        </Group>
        <TextInput
          label="Handoff point"
          description="What the people notified are expected to do"
          {...form.getInputProps('note')}
        />
        <Group>
          <Button type="submit" loading={create.isPending}>
            Add rule
          </Button>
        </Group>
      </Stack>
    </FormPanel>
  );
}

export function CoverRuleForm({ slug, calendars }: { slug: string; calendars: SlaCalendar[] }) {
  const parties = useParties(slug);
  const create = useCreateCoverRule(slug);
  const { form, formError } = useApiForm(
    { partyId: null as string | null, priorities: ['P1', 'P2'], calendarId: null as string | null },
    create.error,
    COVER_FIELDS,
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { partyId, priorities, calendarId } = form.values;
    create.mutate(
      { partyId: partyId ?? '', priorities: priorities as Priority[], calendarId },
      {
        onSuccess: () => {
          notifications.show({ message: 'Cover rule added.' });
          form.reset();
        },
      },
    );
  };
  return (
    <FormPanel id="new-cover" title="Add a cover rule" onSubmit={submit}>
      <Stack gap="sm">
        <FormAlert message={formError} />
        <Group grow align="flex-start">
          <Select
            label="Covering party"
            required
            data={(parties.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
            {...form.getInputProps('partyId')}
          />
          <MultiSelect
            label="Priorities (none = all)"
            data={PRIORITIES}
            {...form.getInputProps('priorities')}
          />
          <Select
            label="Cover hours (none = whenever the internal team is closed)"
            clearable
            data={calendars.map((c) => ({ value: c.id, label: c.name }))}
            {...form.getInputProps('calendarId')}
          />
        </Group>
        <Group>
          <Button type="submit" loading={create.isPending}>
            Add cover rule
          </Button>
        </Group>
      </Stack>
    </FormPanel>
  );
}
