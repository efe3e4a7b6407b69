import {
  Button,
  Group,
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
import { type FormEvent, useState } from 'react';
import { useSystems } from '../systems/api';
import { useServices } from '../tickets/api';
import { Dialog, DialogBody, DialogHeader } from '../ui/dialog';
import { FormAlert, formErrors } from '../ui/error-display';
import { LimitedTextInput } from '../ui/limited-input';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { useParties } from '../workspaces/api';
import { type Change, type ChangeType, useChangeWrite, useTemplates } from './api';

const FIELDS = [
  'type',
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
export function NewChangeDialog({
  slug,
  opened,
  onClose,
  change,
}: {
  slug: string;
  opened: boolean;
  onClose: () => void;
  change?: Change;
}) {
  return (
    <Dialog opened={opened} onClose={onClose} size="xl" closeOnClickOutside={false}>
      <NewChangeForm slug={slug} onClose={onClose} change={change} />
    </Dialog>
  );
}

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
  const [type, setType] = useState<ChangeType>(change?.type ?? 'normal');
  const [templateId, setTemplateId] = useState<string | null>(change?.template?.id ?? null);
  const [title, setTitle] = useState(change?.title ?? '');
  const [description, setDescription] = useState(change?.description ?? '');
  const [serviceIds, setServiceIds] = useState<string[]>(change?.links.services.map((l) => l.id) ?? []);
  const [systemIds, setSystemIds] = useState<string[]>(change?.links.systems.map((l) => l.id) ?? []);
  const [tickets, setTickets] = useState(change?.links.tickets.map((l) => l.key).join(', ') ?? '');
  const [likelihood, setLikelihood] = useState(String(change?.likelihood ?? 2));
  const [impact, setImpact] = useState(String(change?.impact ?? 2));
  const [implementationPlan, setImplementationPlan] = useState(change?.implementationPlan ?? '');
  const [testPlan, setTestPlan] = useState(change?.testPlan ?? '');
  const [backoutPlan, setBackoutPlan] = useState(change?.backoutPlan ?? '');
  const [start, setStart] = useState(toLocalInput(change?.plannedStart ?? null));
  const [end, setEnd] = useState(toLocalInput(change?.plannedEnd ?? null));
  const [timezone, setTimezone] = useState(change?.timezone ?? localZone());
  const [userImpact, setUserImpact] = useState(change?.userImpact ?? '');
  const [downtime, setDowntime] = useState<number | string>(change?.downtimeMinutes ?? 0);
  const [emergencyReason, setEmergencyReason] = useState(change?.emergencyReason ?? '');
  const [partyId, setPartyId] = useState<string | null>(change?.implementingParty?.id ?? null);
  const mayChooseParty = change?.abilities.setImplementingParty === true;
  const parties = useParties(slug);
  const services = useServices(slug);
  const systems = useSystems(slug);
  const templates = useTemplates(slug);
  const write = useChangeWrite(slug);
  const keyFor = useIdempotencyKey();
  const navigate = useNavigate();
  const errors = formErrors(write.error, FIELDS);
  const approved = (templates.data?.items ?? []).filter((t) => t.status === 'approved');
  const standard = type === 'standard';

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = {
      type,
      ...(standard && templateId && { templateId }),
      title: title.trim(),
      description: description.trim(),
      serviceIds,
      systemIds,
      ticketKeys: keys(tickets),
      ...(!standard && {
        likelihood: Number(likelihood),
        impact: Number(impact),
        implementationPlan: implementationPlan.trim(),
        testPlan: testPlan.trim(),
        backoutPlan: backoutPlan.trim(),
      }),
      plannedStart: toIso(start),
      plannedEnd: toIso(end),
      timezone: timezone.trim(),
      userImpact: userImpact.trim(),
      downtimeMinutes: Number(downtime) || 0,
      emergencyReason: type === 'emergency' ? emergencyReason.trim() || null : null,
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
        mayChooseParty && partyId !== (change.implementingParty?.id ?? null)
          ? { implementingPartyId: partyId }
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
            <FormAlert message={errors.form} />
            <Stack gap={4}>
              <Text size="sm" fw={500} id="change-type-label">
                Type
              </Text>
              <SegmentedControl
                aria-labelledby="change-type-label"
                disabled={change !== undefined}
                value={type}
                onChange={(v) => setType(v as ChangeType)}
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
                value={templateId}
                onChange={setTemplateId}
                error={errors.field.templateId}
              />
            )}
            <LimitedTextInput
              label="Title"
              required
              limit={200}
              value={title}
              error={errors.field.title}
              onChange={(e) => setTitle(e.currentTarget.value)}
            />
            <Textarea
              label="Description"
              autosize
              minRows={2}
              value={description}
              error={errors.field.description}
              onChange={(e) => setDescription(e.currentTarget.value)}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <MultiSelect
                label="Services"
                description="The first one decides the implementing party (from the responsibility map)."
                searchable
                data={(services.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
                value={serviceIds}
                onChange={setServiceIds}
                error={errors.field.serviceIds}
              />
              <MultiSelect
                label="Systems"
                description="Used to find conflicting changes."
                searchable
                data={(systems.data?.items ?? []).map((s) => ({
                  value: s.id,
                  label: `${s.name} (${s.criticality})`,
                }))}
                value={systemIds}
                onChange={setSystemIds}
                error={errors.field.systemIds}
              />
            </SimpleGrid>
            {mayChooseParty && (
              <Select
                label="Implementing party"
                description={`The responsibility map suggests ${change?.suggestedImplementingParty?.name ?? 'no single party'}.`}
                clearable
                data={(parties.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
                value={partyId}
                onChange={setPartyId}
                error={errors.field.implementingPartyId}
              />
            )}
            <TextInput
              label="Tickets, problems or incidents"
              description="Ticket keys, separated by commas (problems and incidents can be linked through the API)."
              value={tickets}
              error={errors.field.ticketKeys}
              onChange={(e) => setTickets(e.currentTarget.value)}
            />
            {!standard && (
              <>
                <SimpleGrid cols={2}>
                  <Select
                    label="Likelihood (1–5)"
                    data={SCORES}
                    value={likelihood}
                    allowDeselect={false}
                    onChange={(v) => setLikelihood(v ?? '1')}
                    error={errors.field.likelihood}
                  />
                  <Select
                    label="Impact (1–5)"
                    data={SCORES}
                    value={impact}
                    allowDeselect={false}
                    onChange={(v) => setImpact(v ?? '1')}
                    error={errors.field.impact}
                  />
                </SimpleGrid>
                <Textarea
                  label="Implementation plan"
                  autosize
                  minRows={2}
                  value={implementationPlan}
                  error={errors.field.implementationPlan}
                  onChange={(e) => setImplementationPlan(e.currentTarget.value)}
                />
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <Textarea
                    label="Test plan"
                    autosize
                    minRows={2}
                    value={testPlan}
                    error={errors.field.testPlan}
                    onChange={(e) => setTestPlan(e.currentTarget.value)}
                  />
                  <Textarea
                    label="Back-out plan"
                    autosize
                    minRows={2}
                    value={backoutPlan}
                    error={errors.field.backoutPlan}
                    onChange={(e) => setBackoutPlan(e.currentTarget.value)}
                  />
                </SimpleGrid>
              </>
            )}
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput
                type="datetime-local"
                label="Window starts"
                value={start}
                error={errors.field.plannedStart}
                onChange={(e) => setStart(e.currentTarget.value)}
              />
              <TextInput
                type="datetime-local"
                label="Window ends"
                value={end}
                error={errors.field.plannedEnd}
                onChange={(e) => setEnd(e.currentTarget.value)}
              />
              <TextInput
                label="Time zone"
                description="IANA name, e.g. Europe/London"
                value={timezone}
                error={errors.field.timezone}
                onChange={(e) => setTimezone(e.currentTarget.value)}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="Expected user impact"
                value={userImpact}
                error={errors.field.userImpact}
                onChange={(e) => setUserImpact(e.currentTarget.value)}
              />
              <NumberInput
                label="Expected downtime (minutes)"
                min={0}
                value={downtime}
                error={errors.field.downtimeMinutes}
                onChange={setDowntime}
              />
            </SimpleGrid>
            {type === 'emergency' && (
              <Textarea
                label="Why it cannot wait"
                description="Required to submit; it also lets an emergency change go ahead during a freeze."
                autosize
                minRows={2}
                value={emergencyReason}
                error={errors.field.emergencyReason}
                onChange={(e) => setEmergencyReason(e.currentTarget.value)}
              />
            )}
            <Group justify="flex-end" mt="sm">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={write.isPending}>
                {change ? 'Save changes' : 'Save draft'}
              </Button>
            </Group>
          </Stack>
        </form>
      </DialogBody>
    </>
  );
}
