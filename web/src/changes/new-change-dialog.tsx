import {
  Button,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import type { FormEvent } from 'react';
import { useSystems } from '../systems/api';
import { useServices } from '../tickets/api';
import { useApiForm } from '../ui/api-form';
import { DialogBody, DialogHeader, formDialog } from '../ui/dialog';
import { FormAlert } from '../ui/error-display';
import { FormActions } from '../ui/form-actions';
import { LimitedTextInput } from '../ui/limited-input';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { useParties } from '../workspaces/api';
import { type Change, type ChangeType, useChangeWrite, useTemplates } from './api';

// Not 'type': its segmented control shows no message, so a refusal of it goes to the form's alert.
const FIELDS = [
  'templateId',
  'title',
  'description',
  'serviceIds',
  'systemIds',
  'ticketKeys',
  'likelihood',
  'impact',
  'implementationPlan',
  'testPlan',
  'backoutPlan',
  'plannedStart',
  'plannedEnd',
  'timezone',
  'userImpact',
  'downtimeMinutes',
  'emergencyReason',
  'implementingPartyId',
] as const;

const SCORES = ['1', '2', '3', '4', '5'].map((v) => ({ value: v, label: v }));
const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const toIso = (local: string) => (local ? new Date(local).toISOString() : null);
const keys = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((k) => k.trim())
    .filter(Boolean);

/** Raises a change, or (with `change`) edits a draft or a rejected one. */
export const NewChangeDialog = formDialog(NewChangeForm, 'xl');

/** An instant as a datetime-local value in the browser's time zone. */
function toLocalInput(iso: string | null) {
  if (!iso) return '';
  const d = new Date(iso);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

function NewChangeForm({
  slug,
  onClose,
  change,
}: {
  slug: string;
  onClose: () => void;
  change?: Change | undefined;
}) {
  const mayChooseParty = change?.abilities.setImplementingParty === true;
  const parties = useParties(slug);
  const services = useServices(slug);
  const systems = useSystems(slug);
  const templates = useTemplates(slug);
  const write = useChangeWrite(slug);
  const keyFor = useIdempotencyKey();
  const navigate = useNavigate();
  const { form, formError } = useApiForm(
    {
      type: change?.type ?? ('normal' as ChangeType),
      templateId: change?.template?.id ?? (null as string | null),
      title: change?.title ?? '',
      description: change?.description ?? '',
      serviceIds: change?.links.services.map((l) => l.id) ?? ([] as string[]),
      systemIds: change?.links.systems.map((l) => l.id) ?? ([] as string[]),
      ticketKeys: change?.links.tickets.map((l) => l.key).join(', ') ?? '',
      likelihood: String(change?.likelihood ?? 2),
      impact: String(change?.impact ?? 2),
      implementationPlan: change?.implementationPlan ?? '',
      testPlan: change?.testPlan ?? '',
      backoutPlan: change?.backoutPlan ?? '',
      plannedStart: toLocalInput(change?.plannedStart ?? null),
      plannedEnd: toLocalInput(change?.plannedEnd ?? null),
      timezone: change?.timezone ?? localZone(),
      userImpact: change?.userImpact ?? '',
      downtimeMinutes: (change?.downtimeMinutes ?? 0) as number | string,
      emergencyReason: change?.emergencyReason ?? '',
      implementingPartyId: change?.implementingParty?.id ?? (null as string | null),
    },
    write.error,
    FIELDS,
  );
  const f = form.values;
  const { type, templateId } = f;
  const approved = (templates.data?.items ?? []).filter((t) => t.status === 'approved');
  const standard = type === 'standard';

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = {
      type,
      ...(standard && templateId && { templateId }),
      title: f.title.trim(),
      description: f.description.trim(),
      serviceIds: f.serviceIds,
      systemIds: f.systemIds,
      ticketKeys: keys(f.ticketKeys),
      ...(!standard && {
        likelihood: Number(f.likelihood),
        impact: Number(f.impact),
        implementationPlan: f.implementationPlan.trim(),
        testPlan: f.testPlan.trim(),
        backoutPlan: f.backoutPlan.trim(),
      }),
      plannedStart: toIso(f.plannedStart),
      plannedEnd: toIso(f.plannedEnd),
      timezone: f.timezone.trim(),
      userImpact: f.userImpact.trim(),
      downtimeMinutes: Number(f.downtimeMinutes) || 0,
      emergencyReason: type === 'emergency' ? f.emergencyReason.trim() || null : null,
    };
    const onSuccess = (result: unknown) => {
      const saved = (result as { change: Change }).change;
      notifications.show({
        message: change
          ? `${saved.key} is saved.`
          : `${saved.key} is saved as a draft. Submit it when it is ready.`,
      });
      onClose();
      if (!change) void navigate({ to: '/w/$ws/changes/$key', params: { ws: slug, key: saved.key } });
    };
    if (change) {
      const { type: _type, templateId: _template, ...fields } = body as typeof body & { templateId?: string };
      const party =
        mayChooseParty && f.implementingPartyId !== (change.implementingParty?.id ?? null)
          ? { implementingPartyId: f.implementingPartyId }
          : {};
      write.mutate(
        {
          path: `/changes/${change.key}`,
          method: 'PATCH',
          body: { ...fields, ...party, version: change.version },
        },
        { onSuccess },
      );
      return;
    }
    write.mutate({ path: '/changes', body, idempotencyKey: keyFor(body) }, { onSuccess });
  }

  return (
    <>
      <DialogHeader title={change ? `Edit ${change.key}` : 'Raise a change'} />
      <DialogBody>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <FormAlert message={formError} />
            <Stack gap={4}>
              <Text size="sm" fw={500} id="change-type-label">
                Type
              </Text>
              <SegmentedControl
                aria-labelledby="change-type-label"
                disabled={change !== undefined}
                {...form.getInputProps('type')}
                data={[
                  { value: 'normal', label: 'Normal' },
                  { value: 'emergency', label: 'Emergency' },
                  { value: 'standard', label: 'Standard (pre-approved)' },
                ]}
              />
              <Text size="xs" c="dimmed">
                {type === 'normal' &&
                  'Approved by the holder of the “approve a normal change” decision right.'}
                {type === 'emergency' &&
                  'Authorised by the holder of the “authorise an emergency change” right; reviewed after it is done.'}
                {type === 'standard' &&
                  'Made from an approved template: scheduled without a further approval.'}
              </Text>
            </Stack>
            {standard && (
              <Select
                label="Template"
                required
                placeholder={approved.length ? 'Choose an approved template' : 'No approved template yet'}
                data={approved.map((t) => ({ value: t.id, label: `${t.key} ${t.title}` }))}
                {...form.getInputProps('templateId')}
              />
            )}
            <LimitedTextInput label="Title" required limit={200} {...form.getInputProps('title')} />
            <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <MultiSelect
                label="Services"
                description="The first one decides the implementing party (from the responsibility map)."
                searchable
                data={(services.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
                {...form.getInputProps('serviceIds')}
              />
              <MultiSelect
                label="Systems"
                description="Used to find conflicting changes."
                searchable
                data={(systems.data?.items ?? []).map((s) => ({
                  value: s.id,
                  label: `${s.name} (${s.criticality})`,
                }))}
                {...form.getInputProps('systemIds')}
              />
            </SimpleGrid>
            {mayChooseParty && (
              <Select
                label="Implementing party"
                description={`The responsibility map suggests ${change?.suggestedImplementingParty?.name ?? 'no single party'}.`}
                clearable
                data={(parties.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
                {...form.getInputProps('implementingPartyId')}
              />
            )}
            <TextInput
              label="Tickets, problems or incidents"
              description="Ticket keys, separated by commas (problems and incidents can be linked through the API)."
              {...form.getInputProps('ticketKeys')}
            />
            {!standard && (
              <>
                <SimpleGrid cols={2}>
                  <Select
                    label="Likelihood (1–5)"
                    data={SCORES}
                    {...form.getInputProps('likelihood')}
                    allowDeselect={false}
                  />
                  <Select
                    label="Impact (1–5)"
                    data={SCORES}
                    {...form.getInputProps('impact')}
                    allowDeselect={false}
                  />
                </SimpleGrid>
                <Textarea
                  label="Implementation plan"
                  autosize
                  minRows={2}
                  {...form.getInputProps('implementationPlan')}
                />
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <Textarea label="Test plan" autosize minRows={2} {...form.getInputProps('testPlan')} />
                  <Textarea
                    label="Back-out plan"
                    autosize
                    minRows={2}
                    {...form.getInputProps('backoutPlan')}
                  />
                </SimpleGrid>
              </>
            )}
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput
                type="datetime-local"
                label="Window starts"
                {...form.getInputProps('plannedStart')}
              />
              <TextInput type="datetime-local" label="Window ends" {...form.getInputProps('plannedEnd')} />
              <TextInput
                label="Time zone"
                description="IANA name, e.g. Europe/London"
                {...form.getInputProps('timezone')}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="Expected user impact" {...form.getInputProps('userImpact')} />
              <NumberInput
                label="Expected downtime (minutes)"
                min={0}
                {...form.getInputProps('downtimeMinutes')}
              />
            </SimpleGrid>
            {type === 'emergency' && (
              <Textarea
                label="Why it cannot wait"
                description="Required to submit; it also lets an emergency change go ahead during a freeze."
                autosize
                minRows={2}
                {...form.getInputProps('emergencyReason')}
              />
            )}
            <FormActions onCancel={onClose} mt="sm">
              <Button type="submit" loading={write.isPending}>
                {change ? 'Save changes' : 'Save draft'}
              </Button>
            </FormActions>
          </Stack>
        </form>
      </DialogBody>
    </>
  );
}
