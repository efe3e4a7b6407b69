import { Button, Group, MultiSelect, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { usePartyMembers } from '../members/api';
import { useResponsibilityMap } from '../responsibility/api';
import { Dialog, DialogBody, DialogHeader } from '../ui/dialog';
import { FormAlert, formErrors } from '../ui/error-display';
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

export function NewObligationDialog({
  slug,
  opened,
  onClose,
}: {
  slug: string;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Dialog opened={opened} onClose={onClose} size="xl" closeOnClickOutside={false}>
      <NewObligationForm slug={slug} onClose={onClose} />
    </Dialog>
  );
}

function NewObligationForm({ slug, onClose }: { slug: string; onClose: () => void }) {
  const services = useResponsibilityMap(slug).data?.services ?? [];
  const internal = (useParties(slug).data?.items ?? []).find((p) => p.kind === 'internal') ?? null;
  const people = usePartyMembers(slug, internal?.id ?? null).data?.items ?? [];
  const controls = useControls(slug).data?.controls ?? [];
  const create = useCreateObligation(slug);
  const keyFor = useIdempotencyKey();
  const navigate = useNavigate();
  const [f, setF] = useState({
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
  });
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => setF((x) => ({ ...x, [k]: v }));
  const errors = formErrors(create.error, FIELDS);
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
    <>
      <DialogHeader title="New obligation" />
      <DialogBody>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <FormAlert message={errors.form} />
            <TextInput
              label="Title"
              required
              value={f.title}
              onChange={(e) => set('title', e.currentTarget.value)}
              error={errors.field.title}
              data-autofocus
            />
            <Textarea
              label="What is done"
              autosize
              minRows={2}
              value={f.description}
              onChange={(e) => set('description', e.currentTarget.value)}
              error={errors.field.description}
            />
            <MultiSelect
              label="Controls it evidences"
              searchable
              value={f.controls}
              onChange={(v) => set('controls', v)}
              data={controls.map((c) => ({ value: c.ref, label: c.name }))}
              error={errors.field.controls}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label="Service"
                description="Its Responsible party in the map hands the evidence in"
                required
                searchable
                value={f.serviceId}
                onChange={(v) => set('serviceId', v)}
                data={services
                  .filter((s) => s.status === 'active')
                  .map((s) => ({ value: s.id, label: s.name }))}
                error={errors.field.serviceId}
              />
              <Select
                label="Accountable internal person"
                required
                searchable
                value={f.accountableMembershipId}
                onChange={(v) => set('accountableMembershipId', v)}
                data={people.map((m) => ({ value: m.id, label: m.account.name }))}
                error={errors.field.accountableMembershipId}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput
                label="Schedule (RFC 5545 RRULE)"
                required
                value={f.rrule}
                onChange={(e) => set('rrule', e.currentTarget.value)}
                error={errors.field.rrule}
                description="In the workspace's timezone"
              />
              <Select
                label="Or pick a schedule"
                data={PRESETS}
                value={null}
                onChange={(v) => v && set('rrule', v)}
              />
              <Group grow>
                <TextInput
                  type="time"
                  label="Due at"
                  value={f.dueTime}
                  onChange={(e) => set('dueTime', e.currentTarget.value)}
                  error={errors.field.dueTime}
                />
                <NumberField
                  label="Grace (hours)"
                  min={0}
                  value={f.graceHours}
                  onChange={(v) => set('graceHours', v)}
                  error={errors.field.graceHours}
                />
              </Group>
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Textarea
                label="Checklist"
                description="One item per line"
                autosize
                minRows={2}
                value={f.checklist}
                onChange={(e) => set('checklist', e.currentTarget.value)}
                error={errors.field.checklist}
              />
              <Textarea
                label="Required files"
                description="One per line, e.g. Backup report"
                autosize
                minRows={2}
                value={f.requiredFiles}
                onChange={(e) => set('requiredFiles', e.currentTarget.value)}
                error={errors.field.requiredFiles}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="Measured figure (optional)"
                placeholder="Devices fully patched"
                value={f.figureName}
                onChange={(e) => set('figureName', e.currentTarget.value)}
                error={errors.field.figure}
              />
              <TextInput
                label="Unit"
                placeholder="%"
                value={f.figureUnit}
                onChange={(e) => set('figureUnit', e.currentTarget.value)}
              />
            </SimpleGrid>
            <TextInput
              label="Attestation sentence"
              required
              value={f.attestation}
              onChange={(e) => set('attestation', e.currentTarget.value)}
              error={errors.field.attestation}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create obligation
              </Button>
            </Group>
          </Stack>
        </form>
      </DialogBody>
    </>
  );
}
