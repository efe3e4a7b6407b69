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
import { useIdempotencyKey } from '../ui/use-idempotency-key';
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
] as const;

const SCORES = ['1', '2', '3', '4', '5'].map((v) => ({ value: v, label: v }));
const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const toIso = (local: string) => (local ? new Date(local).toISOString() : null);
const keys = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((k) => k.trim())
    .filter(Boolean);

export function NewChangeDialog({
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
      <NewChangeForm slug={slug} onClose={onClose} />
    </Dialog>
  );
}

function NewChangeForm({ slug, onClose }: { slug: string; onClose: () => void }) {
  const [type, setType] = useState<ChangeType>('normal');
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [serviceIds, setServiceIds] = useState<string[]>([]);
  const [systemIds, setSystemIds] = useState<string[]>([]);
  const [tickets, setTickets] = useState('');
  const [likelihood, setLikelihood] = useState('2');
  const [impact, setImpact] = useState('2');
  const [implementationPlan, setImplementationPlan] = useState('');
  const [testPlan, setTestPlan] = useState('');
  const [backoutPlan, setBackoutPlan] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [timezone, setTimezone] = useState(localZone);
  const [userImpact, setUserImpact] = useState('');
  const [downtime, setDowntime] = useState<number | string>(0);
  const [emergencyReason, setEmergencyReason] = useState('');
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
    write.mutate(
      { path: '/changes', body, idempotencyKey: keyFor(body) },
      {
        onSuccess: (result) => {
          const { change } = result as { change: Change };
          notifications.show({ message: `${change.key} is saved as a draft. Submit it when it is ready.` });
          onClose();
          void navigate({ to: '/w/$ws/changes/$key', params: { ws: slug, key: change.key } });
        },
      },
    );
  }

  return (
    <>
      <DialogHeader title="Raise a change" />
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
            <TextInput
              label="Title"
              required
              maxLength={200}
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
                Save draft
              </Button>
            </Group>
          </Stack>
        </form>
      </DialogBody>
    </>
  );
}
