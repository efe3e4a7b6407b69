import { Button, Checkbox, Group, MultiSelect, Paper, Select, Stack, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { FormAlert, formErrors } from '../ui/error-display';
import { NumberField } from '../ui/number-field';
import { useParties } from '../workspaces/api';
import { type Priority, type SlaCalendar, useCreateCoverRule, useCreateEscalationRule } from './api';

const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];

export function EscalationRuleForm({ slug }: { slug: string }) {
  const create = useCreateEscalationRule(slug);
  const [priority, setPriority] = useState<string | null>('P1');
  const [clockKind, setClockKind] = useState<string | null>('resolution');
  const [atPercent, setAtPercent] = useState<number | string>(75);
  const [notifyLeads, setNotifyLeads] = useState(true);
  const [notifyAgents, setNotifyAgents] = useState(false);
  const [otherLead, setOtherLead] = useState(true);
  const [raise, setRaise] = useState(false);
  const [note, setNote] = useState('');
  const errors = formErrors(create.error, ['priority', 'clockKind', 'atPercent', 'actions', 'note'] as const);
  const submit = (event: FormEvent) => {
    event.preventDefault();
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
      { onSuccess: () => notifications.show({ message: 'Escalation rule added.' }) },
    );
  };
  return (
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} aria-labelledby="new-rule">
      <Title order={2} size="h4" id="new-rule" mb="sm">
        Add an escalation rule
      </Title>
      <Stack gap="sm">
        <FormAlert message={errors.form ?? errors.field.actions ?? null} />
        <Group grow align="flex-start">
          <Select
            label="Priority"
            data={PRIORITIES}
            value={priority}
            onChange={setPriority}
            error={errors.field.priority}
          />
          <Select
            label="Clock"
            data={[
              { value: 'first_response', label: 'First response' },
              { value: 'resolution', label: 'Resolution' },
            ]}
            value={clockKind}
            onChange={setClockKind}
          />
          <NumberField
            label="At this share of the target (%)"
            description="100 = at breach"
            min={1}
            max={100}
            value={atPercent}
            onChange={setAtPercent}
            error={errors.field.atPercent}
          />
        </Group>
        <Group>
          <Checkbox
            label="Notify the lane’s leads"
            checked={notifyLeads}
            onChange={(e) => setNotifyLeads(e.currentTarget.checked)}
          />
          <Checkbox
            label="Notify the lane’s agents"
            checked={notifyAgents}
            onChange={(e) => setNotifyAgents(e.currentTarget.checked)}
          />
          <Checkbox
            label="Notify the other party’s lead"
            checked={otherLead}
            onChange={(e) => setOtherLead(e.currentTarget.checked)}
          />
          <Checkbox
            label="Raise the priority"
            checked={raise}
            onChange={(e) => setRaise(e.currentTarget.checked)}
          />
        </Group>
        <TextInput
          label="Handoff point"
          description="What the people notified are expected to do"
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={errors.field.note}
        />
        <Group>
          <Button type="submit" loading={create.isPending}>
            Add rule
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export function CoverRuleForm({ slug, calendars }: { slug: string; calendars: SlaCalendar[] }) {
  const parties = useParties(slug);
  const create = useCreateCoverRule(slug);
  const [partyId, setPartyId] = useState<string | null>(null);
  const [priorities, setPriorities] = useState<string[]>(['P1', 'P2']);
  const [calendarId, setCalendarId] = useState<string | null>(null);
  const errors = formErrors(create.error, ['partyId', 'priorities', 'calendarId'] as const);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { partyId: partyId ?? '', priorities: priorities as Priority[], calendarId },
      { onSuccess: () => notifications.show({ message: 'Cover rule added.' }) },
    );
  };
  return (
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} aria-labelledby="new-cover">
      <Title order={2} size="h4" id="new-cover" mb="sm">
        Add a cover rule
      </Title>
      <Stack gap="sm">
        <FormAlert message={errors.form} />
        <Group grow align="flex-start">
          <Select
            label="Covering party"
            required
            data={(parties.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
            value={partyId}
            onChange={setPartyId}
            error={errors.field.partyId}
          />
          <MultiSelect
            label="Priorities (none = all)"
            data={PRIORITIES}
            value={priorities}
            onChange={setPriorities}
            error={errors.field.priorities}
          />
          <Select
            label="Cover hours (none = whenever the internal team is closed)"
            clearable
            data={calendars.map((c) => ({ value: c.id, label: c.name }))}
            value={calendarId}
            onChange={setCalendarId}
            error={errors.field.calendarId}
          />
        </Group>
        <Group>
          <Button type="submit" loading={create.isPending}>
            Add cover rule
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
