import { Button, Checkbox, Group, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { FormEvent } from 'react';
import { useAssignableStaff } from '../members/api';
import { useApiForm } from '../ui/api-form';
import { FormAlert } from '../ui/error-display';
import { NumberField } from '../ui/number-field';
import { useParties } from '../workspaces/api';
import {
  type Priority,
  type SlaCalendar,
  useCreateCalendar,
  useCreatePolicy,
  useCreateShift,
  WEEKDAYS,
  type WeeklyHours,
} from './api';
import { FormPanel } from './form-panel';

/** "09:00-12:00, 13:00-17:30" → intervals; the server names anything wrong. */
const parseHours = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [start = '', end = ''] = s.split(/\s*[-–]\s*/);
      return { start, end };
    });

const CALENDAR_FIELDS = ['name', 'partyId', 'timeZone', 'weeklyHours', 'holidays'] as const;
const POLICY_FIELDS = [
  'name',
  'priority',
  'calendarId',
  'firstResponseMinutes',
  'resolutionMinutes',
] as const;
const SHIFT_FIELDS = ['membershipId', 'startsAt', 'endsAt'] as const;

export function CalendarForm({ slug }: { slug: string }) {
  const parties = useParties(slug);
  const create = useCreateCalendar(slug);
  const { form, formError } = useApiForm(
    {
      name: '',
      partyId: null as string | null,
      timeZone: 'Europe/London',
      is24x7: false,
      hours: {
        mon: '09:00-17:00',
        tue: '09:00-17:00',
        wed: '09:00-17:00',
        thu: '09:00-17:00',
        fri: '09:00-17:00',
        sat: '',
        sun: '',
      } as Record<string, string>,
      holidays: '',
    },
    create.error,
    CALENDAR_FIELDS,
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { name, partyId, timeZone, is24x7, hours, holidays } = form.values;
    const weeklyHours: WeeklyHours = {};
    for (const d of WEEKDAYS) if (hours[d]?.trim()) weeklyHours[d] = parseHours(hours[d]!);
    create.mutate(
      {
        name,
        partyId: partyId ?? '',
        timeZone,
        is24x7,
        weeklyHours,
        holidays: holidays.split(/[\s,]+/).filter(Boolean),
      },
      {
        onSuccess: () => {
          notifications.show({ message: `Calendar “${name}” added.` });
          form.setFieldValue('name', '');
        },
      },
    );
  };
  return (
    <FormPanel id="new-calendar" title="Add a calendar" onSubmit={submit}>
      <Stack gap="sm">
        <FormAlert message={formError} />
        <Group grow>
          <TextInput label="Name" required {...form.getInputProps('name')} />
          <Select
            label="Party"
            required
            data={(parties.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
            {...form.getInputProps('partyId')}
          />
          <TextInput label="Timezone (IANA)" required {...form.getInputProps('timeZone')} />
        </Group>
        <Checkbox label="Open 24x7" {...form.getInputProps('is24x7', { type: 'checkbox' })} />
        {!form.values.is24x7 && (
          <Group grow>
            {WEEKDAYS.map((d) => (
              <TextInput key={d} label={d} placeholder="closed" {...form.getInputProps(`hours.${d}`)} />
            ))}
          </Group>
        )}
        {/* useApiForm sets each field's message as a string. */}
        <FormAlert message={(form.errors.weeklyHours as string | undefined) ?? null} title="Working hours" />
        <Textarea
          label="Holidays (YYYY-MM-DD, separated by spaces or commas)"
          autosize
          minRows={2}
          {...form.getInputProps('holidays')}
        />
        <Group>
          <Button type="submit" loading={create.isPending}>
            Add calendar
          </Button>
        </Group>
      </Stack>
    </FormPanel>
  );
}

export function PolicyForm({ slug, calendars }: { slug: string; calendars: SlaCalendar[] }) {
  const create = useCreatePolicy(slug);
  const { form, formError } = useApiForm(
    {
      name: '',
      priority: 'P3' as string | null,
      calendarId: null as string | null,
      firstResponseMinutes: 240 as number | string,
      resolutionMinutes: 1440 as number | string,
    },
    create.error,
    POLICY_FIELDS,
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { name, priority, calendarId, firstResponseMinutes, resolutionMinutes } = form.values;
    create.mutate(
      {
        name,
        priority: (priority ?? '') as Priority,
        calendarId: calendarId ?? '',
        firstResponseMinutes: Number(firstResponseMinutes),
        resolutionMinutes: Number(resolutionMinutes),
      },
      { onSuccess: () => notifications.show({ message: `Policy “${name}” added.` }) },
    );
  };
  return (
    <FormPanel id="new-policy" title="Add a policy" onSubmit={submit}>
      <Stack gap="sm">
        <FormAlert message={formError} />
        <Group grow align="flex-start">
          <TextInput label="Name" required {...form.getInputProps('name')} />
          <Select label="Priority" data={['P1', 'P2', 'P3', 'P4']} {...form.getInputProps('priority')} />
          <Select
            label="Calendar"
            required
            data={calendars.map((c) => ({ value: c.id, label: c.name }))}
            {...form.getInputProps('calendarId')}
          />
          <NumberField
            label="First response (business minutes)"
            min={1}
            {...form.getInputProps('firstResponseMinutes')}
          />
          <NumberField
            label="Resolution (business minutes)"
            min={1}
            {...form.getInputProps('resolutionMinutes')}
          />
        </Group>
        <Group>
          <Button type="submit" loading={create.isPending}>
            Add policy
          </Button>
        </Group>
      </Stack>
    </FormPanel>
  );
}

export function ShiftForm({ slug, partyId }: { slug: string; partyId: string }) {
  const staff = useAssignableStaff(slug);
  const create = useCreateShift(slug);
  const { form, formError } = useApiForm(
    { membershipId: null as string | null, startsAt: '', endsAt: '' },
    create.error,
    SHIFT_FIELDS,
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { membershipId, startsAt, endsAt } = form.values;
    create.mutate(
      {
        partyId,
        membershipId: membershipId ?? '',
        startsAt: startsAt ? new Date(startsAt).toISOString() : '',
        endsAt: endsAt ? new Date(endsAt).toISOString() : '',
      },
      { onSuccess: () => notifications.show({ message: 'Shift added to the rota.' }) },
    );
  };
  return (
    <FormPanel id="new-shift" title="Add a shift" onSubmit={submit}>
      <Stack gap="sm">
        <FormAlert message={formError} />
        <Group grow align="flex-start">
          <Select
            label="Who is on call"
            required
            data={(staff.data ?? [])
              .filter((m) => m.party?.id === partyId)
              .map((m) => ({ value: m.id, label: m.account.name }))}
            {...form.getInputProps('membershipId')}
          />
          <TextInput
            type="datetime-local"
            label="From (hand-over)"
            required
            {...form.getInputProps('startsAt')}
          />
          <TextInput type="datetime-local" label="Until" required {...form.getInputProps('endsAt')} />
        </Group>
        <Group>
          <Button type="submit" loading={create.isPending}>
            Add shift
          </Button>
        </Group>
      </Stack>
    </FormPanel>
  );
}
