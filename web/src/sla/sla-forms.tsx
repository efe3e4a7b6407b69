import { Button, Checkbox, Group, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useMemo } from 'react';
import { useAssignableStaff } from '../members/api';
import { catalogueOptions, useCatalogue } from '../portal/api';
import { useServices } from '../tickets/api';
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
  'serviceId',
  'catalogueItemId',
  'calendarId',
  'firstResponseMinutes',
  'resolutionMinutes',
] as const;
const SHIFT_FIELDS = ['membershipId', 'startsAt', 'endsAt'] as const;

export function CalendarForm({ slug }: { slug: string }) {
  const parties = useParties(slug);
  const create = useCreateCalendar(slug);
  const { form, formError, fieldError } = useApiForm(
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
    { weeklyHours: 'hours' },
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
          form.reset();
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
              <TextInput
                key={d}
                label={d}
                styles={{ label: { textTransform: 'capitalize' } }}
                placeholder="closed"
                {...form.getInputProps(`hours.${d}`)}
              />
            ))}
          </Group>
        )}
        {/* useApiForm sets each field's message as a string. */}
        <FormAlert message={fieldError('hours')} title="Working hours" />
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

type PolicyScope = 'workspace' | 'service' | 'item';
const SCOPES: { value: PolicyScope; label: string }[] = [
  { value: 'workspace', label: 'The whole workspace' },
  { value: 'service', label: 'One service' },
  { value: 'item', label: 'One catalogue item' },
];

/**
 * A policy sets the targets for one priority in one scope: the whole workspace, a service or a
 * catalogue item (a ticket takes the most specific). A second policy for the same priority and scope
 * is refused, and the refusal names the policy already there.
 */
export function PolicyForm({ slug, calendars }: { slug: string; calendars: SlaCalendar[] }) {
  const create = useCreatePolicy(slug);
  const { form, formError } = useApiForm(
    {
      name: '',
      priority: 'P3' as string | null,
      scope: 'workspace' as PolicyScope,
      serviceId: null as string | null,
      catalogueItemId: null as string | null,
      calendarId: null as string | null,
      firstResponseMinutes: 240 as number | string,
      resolutionMinutes: 1440 as number | string,
    },
    create.error,
    POLICY_FIELDS,
  );
  const { scope } = form.values;
  const services = useServices(slug, scope === 'service');
  const catalogue = useCatalogue(slug, scope === 'item');
  const itemOptions = useMemo(() => catalogueOptions(catalogue.data?.items ?? []), [catalogue.data]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const {
      name,
      priority,
      serviceId,
      catalogueItemId,
      calendarId,
      firstResponseMinutes,
      resolutionMinutes,
    } = form.values;
    create.mutate(
      {
        name,
        priority: (priority ?? '') as Priority,
        // An empty choice goes as '' so the server names the field that is missing.
        serviceId: scope === 'service' ? (serviceId ?? '') : null,
        catalogueItemId: scope === 'item' ? (catalogueItemId ?? '') : null,
        calendarId: calendarId ?? '',
        firstResponseMinutes: Number(firstResponseMinutes),
        resolutionMinutes: Number(resolutionMinutes),
      },
      {
        onSuccess: () => {
          notifications.show({ message: `Policy “${name}” added.` });
          form.reset();
        },
      },
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
            label="Applies to"
            description="A ticket takes the policy of its catalogue item, else its service, else the workspace’s."
            data={SCOPES}
            allowDeselect={false}
            {...form.getInputProps('scope')}
          />
          {scope !== 'workspace' && (
            <Select
              key={scope}
              label={scope === 'service' ? 'Service' : 'Catalogue item'}
              required
              searchable
              placeholder={(scope === 'service' ? services : catalogue).isPending ? 'Loading…' : 'Choose one'}
              data={
                scope === 'service'
                  ? (services.data ?? []).map((s) => ({ value: s.id, label: s.name }))
                  : itemOptions
              }
              {...form.getInputProps(scope === 'service' ? 'serviceId' : 'catalogueItemId')}
            />
          )}
        </Group>
        <Group grow align="flex-start">
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
      {
        onSuccess: () => {
          notifications.show({ message: 'Shift added to the rota.' });
          form.reset();
        },
      },
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
