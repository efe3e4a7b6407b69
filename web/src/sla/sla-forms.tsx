import { Button, Checkbox, Group, Paper, Select, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useAssignableStaff } from '../members/api';
import { FormAlert, formErrors } from '../ui/error-display';
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

export function CalendarForm({ slug }: { slug: string }) {
  const parties = useParties(slug);
  const create = useCreateCalendar(slug);
  const [name, setName] = useState('');
  const [partyId, setPartyId] = useState<string | null>(null);
  const [timeZone, setTimeZone] = useState('Europe/London');
  const [is24x7, set24x7] = useState(false);
  const [hours, setHours] = useState<Record<string, string>>({
    mon: '09:00-17:00',
    tue: '09:00-17:00',
    wed: '09:00-17:00',
    thu: '09:00-17:00',
    fri: '09:00-17:00',
  });
  const [holidays, setHolidays] = useState('');
  const errors = formErrors(create.error, [
    'name',
    'partyId',
    'timeZone',
    'weeklyHours',
    'holidays',
  ] as const);
  const submit = (event: FormEvent) => {
    event.preventDefault();
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
          setName('');
        },
      },
    );
  };
  return (
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} aria-labelledby="new-calendar">
      <Title order={2} size="h4" id="new-calendar" mb="sm">
        Add a calendar
      </Title>
      <Stack gap="sm">
        <FormAlert message={errors.form} />
        <Group grow>
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.field.name}
          />
          <Select
            label="Party"
            required
            data={(parties.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
            value={partyId}
            onChange={setPartyId}
            error={errors.field.partyId}
          />
          <TextInput
            label="Timezone (IANA)"
            required
            value={timeZone}
            onChange={(e) => setTimeZone(e.currentTarget.value)}
            error={errors.field.timeZone}
          />
        </Group>
        <Checkbox label="Open 24x7" checked={is24x7} onChange={(e) => set24x7(e.currentTarget.checked)} />
        {!is24x7 && (
          <Group grow>
            {WEEKDAYS.map((d) => (
              <TextInput
                key={d}
                label={d}
                placeholder="closed"
                value={hours[d] ?? ''}
                onChange={(e) => setHours({ ...hours, [d]: e.currentTarget.value })}
              />
            ))}
          </Group>
        )}
        {errors.field.weeklyHours && <FormAlert message={errors.field.weeklyHours} title="Working hours" />}
        <Textarea
          label="Holidays (YYYY-MM-DD, separated by spaces or commas)"
          autosize
          minRows={2}
          value={holidays}
          onChange={(e) => setHolidays(e.currentTarget.value)}
          error={errors.field.holidays}
        />
        <Group>
          <Button type="submit" loading={create.isPending}>
            Add calendar
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export function PolicyForm({ slug, calendars }: { slug: string; calendars: SlaCalendar[] }) {
  const create = useCreatePolicy(slug);
  const [name, setName] = useState('');
  const [priority, setPriority] = useState<string | null>('P3');
  const [calendarId, setCalendarId] = useState<string | null>(null);
  const [firstResponse, setFirstResponse] = useState<number | string>(240);
  const [resolution, setResolution] = useState<number | string>(1440);
  const errors = formErrors(create.error, [
    'name',
    'priority',
    'calendarId',
    'firstResponseMinutes',
    'resolutionMinutes',
  ] as const);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        name,
        priority: (priority ?? '') as Priority,
        calendarId: calendarId ?? '',
        firstResponseMinutes: Number(firstResponse),
        resolutionMinutes: Number(resolution),
      },
      { onSuccess: () => notifications.show({ message: `Policy “${name}” added.` }) },
    );
  };
  return (
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} aria-labelledby="new-policy">
      <Title order={2} size="h4" id="new-policy" mb="sm">
        Add a policy
      </Title>
      <Stack gap="sm">
        <FormAlert message={errors.form} />
        <Group grow align="flex-start">
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.field.name}
          />
          <Select
            label="Priority"
            data={['P1', 'P2', 'P3', 'P4']}
            value={priority}
            onChange={setPriority}
            error={errors.field.priority}
          />
          <Select
            label="Calendar"
            required
            data={calendars.map((c) => ({ value: c.id, label: c.name }))}
            value={calendarId}
            onChange={setCalendarId}
            error={errors.field.calendarId}
          />
          <NumberField
            label="First response (business minutes)"
            min={1}
            value={firstResponse}
            onChange={setFirstResponse}
            error={errors.field.firstResponseMinutes}
          />
          <NumberField
            label="Resolution (business minutes)"
            min={1}
            value={resolution}
            onChange={setResolution}
            error={errors.field.resolutionMinutes}
          />
        </Group>
        <Group>
          <Button type="submit" loading={create.isPending}>
            Add policy
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export function ShiftForm({ slug, partyId }: { slug: string; partyId: string }) {
  const staff = useAssignableStaff(slug);
  const create = useCreateShift(slug);
  const [membershipId, setMembershipId] = useState<string | null>(null);
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const errors = formErrors(create.error, ['membershipId', 'startsAt', 'endsAt'] as const);
  const submit = (event: FormEvent) => {
    event.preventDefault();
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
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} aria-labelledby="new-shift">
      <Title order={2} size="h4" id="new-shift" mb="sm">
        Add a shift
      </Title>
      <Stack gap="sm">
        <FormAlert message={errors.form} />
        <Group grow align="flex-start">
          <Select
            label="Who is on call"
            required
            data={(staff.data ?? [])
              .filter((m) => m.party?.id === partyId)
              .map((m) => ({ value: m.id, label: m.account.name }))}
            value={membershipId}
            onChange={setMembershipId}
            error={errors.field.membershipId}
          />
          <TextInput
            type="datetime-local"
            label="From (hand-over)"
            required
            value={startsAt}
            onChange={(e) => setStartsAt(e.currentTarget.value)}
            error={errors.field.startsAt}
          />
          <TextInput
            type="datetime-local"
            label="Until"
            required
            value={endsAt}
            onChange={(e) => setEndsAt(e.currentTarget.value)}
            error={errors.field.endsAt}
          />
        </Group>
        <Group>
          <Button type="submit" loading={create.isPending}>
            Add shift
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
