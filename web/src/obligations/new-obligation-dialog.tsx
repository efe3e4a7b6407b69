import { Group, MultiSelect, Select, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import type { FormEvent } from 'react';
import { usePartyMembers } from '../members/api';
import { useResponsibilityMap } from '../responsibility/api';
import { useApiForm } from '../ui/api-form';
import { formDialog } from '../ui/dialog';
import { DialogForm } from '../ui/dialog-form';
import { FormAlert } from '../ui/error-display';
import { NumberField } from '../ui/number-field';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { useParties } from '../workspaces/api';
import { type NewObligation, useControls, useCreateObligation } from './api';

const FIELDS = [
  'title',
  'description',
  'controls',
  'serviceId',
  'accountableMembershipId',
  'rrule',
  'timeZone',
  'startsOn',
  'dueTime',
  'graceHours',
  'checklist',
  'requiredFiles',
  'figure',
  'attestation',
] as const;

const PRESETS = [
  { value: 'FREQ=MONTHLY;BYMONTHDAY=1', label: 'Monthly, on the 1st' },
  { value: 'FREQ=MONTHLY;BYDAY=1MO', label: 'Monthly, first Monday' },
  { value: 'FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15', label: 'Quarterly, on the 15th' },
  { value: 'FREQ=WEEKLY;BYDAY=FR', label: 'Weekly, on Fridays' },
  { value: 'FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=15', label: 'Yearly, 15 October' },
];
const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export const NewObligationDialog = formDialog(NewObligationForm, 'xl');

function NewObligationForm({ slug, onClose }: { slug: string; onClose: () => void }) {
  const services = useResponsibilityMap(slug).data?.services ?? [];
  const internal = (useParties(slug).data?.items ?? []).find((p) => p.kind === 'internal') ?? null;
  const people = usePartyMembers(slug, internal?.id ?? null).data?.items ?? [];
  const controls = useControls(slug).data?.controls ?? [];
  const create = useCreateObligation(slug);
  const keyFor = useIdempotencyKey();
  const navigate = useNavigate();
  const { form, formError } = useApiForm(
    {
      title: '',
      description: '',
      controls: [] as string[],
      serviceId: null as string | null,
      accountableMembershipId: null as string | null,
      rrule: 'FREQ=MONTHLY;BYMONTHDAY=1',
      dueTime: '17:00',
      graceHours: 72 as number | string,
      checklist: '',
      requiredFiles: '',
      figureName: '',
      figureUnit: '',
      attestation: '',
    },
    create.error,
    FIELDS,
    { figure: 'figureName' },
  );
  const f = form.values;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: NewObligation = {
      title: f.title,
      description: f.description,
      controls: f.controls,
      serviceId: f.serviceId ?? '',
      accountableMembershipId: f.accountableMembershipId ?? '',
      rrule: f.rrule,
      dueTime: f.dueTime,
      graceHours: Number(f.graceHours) || 0,
      checklist: lines(f.checklist),
      requiredFiles: lines(f.requiredFiles),
      figure: f.figureName.trim() ? { name: f.figureName.trim(), unit: f.figureUnit.trim() } : null,
      attestation: f.attestation,
    };
    create.mutate(
      { body, idempotencyKey: keyFor(body) },
      {
        onSuccess: (data) => {
          notifications.show({ color: 'green', message: `${data.obligation.key} created.` });
          onClose();
          void navigate({ to: '/w/$ws/obligations/$key', params: { ws: slug, key: data.obligation.key } });
        },
      },
    );
  };
  return (
    <DialogForm
      title="New obligation"
      onSubmit={submit}
      onCancel={onClose}
      submitLabel="Create obligation"
      pending={create.isPending}
      gap="sm"
    >
      <FormAlert message={formError} />
      <TextInput label="Title" required {...form.getInputProps('title')} data-autofocus />
      <Textarea label="What is done" autosize minRows={2} {...form.getInputProps('description')} />
      <MultiSelect
        label="Controls it evidences"
        searchable
        {...form.getInputProps('controls')}
        data={controls.map((c) => ({ value: c.ref, label: c.name }))}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label="Service"
          description="Its Responsible party in the map hands the evidence in"
          required
          searchable
          {...form.getInputProps('serviceId')}
          data={services.filter((s) => s.status === 'active').map((s) => ({ value: s.id, label: s.name }))}
        />
        <Select
          label="Accountable internal person"
          required
          searchable
          {...form.getInputProps('accountableMembershipId')}
          data={people.map((m) => ({ value: m.id, label: m.account.name }))}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput
          label="Schedule (RFC 5545 RRULE)"
          required
          {...form.getInputProps('rrule')}
          description="In the workspace's timezone"
        />
        <Select
          label="Or pick a schedule"
          data={PRESETS}
          value={null}
          onChange={(v) => v && form.setFieldValue('rrule', v)}
        />
        <Group grow>
          <TextInput type="time" label="Due at" {...form.getInputProps('dueTime')} />
          <NumberField label="Grace (hours)" min={0} {...form.getInputProps('graceHours')} />
        </Group>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Textarea
          label="Checklist"
          description="One item per line"
          autosize
          minRows={2}
          {...form.getInputProps('checklist')}
        />
        <Textarea
          label="Required files"
          description="One per line, e.g. Backup report"
          autosize
          minRows={2}
          {...form.getInputProps('requiredFiles')}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label="Measured figure (optional)"
          placeholder="Devices fully patched"
          {...form.getInputProps('figureName')}
        />
        <TextInput label="Unit" placeholder="%" {...form.getInputProps('figureUnit')} />
      </SimpleGrid>
      <TextInput label="Attestation sentence" required {...form.getInputProps('attestation')} />
    </DialogForm>
  );
}
