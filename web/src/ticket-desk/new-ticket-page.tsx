import {
  Breadcrumbs,
  Button,
  Group,
  Input,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useMemo, useState } from 'react';
import { catalogueOptions, useCatalogue } from '../portal/api';
import {
  answersOf,
  ExtraFields,
  type FieldValues,
  focusFirstInvalid,
  initialValues,
  missingRequired,
} from '../portal/extra-fields';
import { type TicketTemplate, useTicketTemplates } from '../templates/api';
import { useCreateTicket, useMemberSearch, useServices } from '../tickets/api';
import { LEVEL_LABELS } from '../tickets/labels';
import { DeskStaffOnly } from '../tickets/staff-only';
import { LEVELS, type Level, type NewTicket } from '../tickets/types';
import { FormAlert, formErrors } from '../ui/error-display';
import growing from '../ui/growing-textarea.module.css';
import { Page } from '../ui/page-layout';
import { AnchorLink } from '../ui/router-links';
import { counterNearLimit, DESCRIPTION_MAX, lengthCounter, SUBJECT_MAX, tooLong } from '../ui/text-limit';
import { useAfterFirstPaint } from '../ui/use-after-first-paint';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { useWorkspace } from '../workspaces/api';
import { isStaff } from '../workspaces/membership';

const route = getRouteApi('/_app/w/$ws/tickets/new');
const LEVEL_OPTIONS = LEVELS.map((l) => ({ value: l, label: LEVEL_LABELS[l] }));
const DESCRIPTION_LINES = { '--grow-min-lines': 4, '--grow-max-lines': 14 } as React.CSSProperties;

export function NewTicketPage() {
  const { ws: slug } = route.useParams();
  const membership = useWorkspace(slug).data?.membership;
  if (!isStaff(membership)) return <DeskStaffOnly slug={slug} />;
  return (
    <Page
      title="New ticket"
      description="Raise a ticket yourself, or for someone who called or wrote to you."
    >
      <Breadcrumbs>
        <AnchorLink to="/w/$ws/tickets" params={{ ws: slug }} search={{}} size="sm">
          Service desk
        </AnchorLink>
        <Text size="sm">New ticket</Text>
      </Breadcrumbs>
      <NewTicketForm slug={slug} />
    </Page>
  );
}

function NewTicketForm({ slug }: { slug: string }) {
  const navigate = useNavigate();
  const catalogue = useCatalogue(slug);
  const services = useServices(slug);
  const [mode, setMode] = useState<'item' | 'service'>('item');
  // The three selects at the form's foot (impact, urgency, on behalf of) mount just after the rest
  // has painted: each select is a good part of the form's first render.
  const footShown = useAfterFirstPaint();
  const [itemId, setItemId] = useState<string | null>(null);
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [impact, setImpact] = useState<Level>('low');
  const [urgency, setUrgency] = useState<Level>('medium');
  const [values, setValues] = useState<FieldValues>({});
  const [requester, setRequester] = useState<{ value: string; label: string } | null>(null);
  const [who, setWho] = useState('');
  // Once someone is picked the box shows their name; that is not a new search.
  const [whoQuery] = useDebouncedValue(who === requester?.label ? '' : who, 300);
  const members = useMemberSearch(slug, whoQuery);
  const [missing, setMissing] = useState<Record<string, string>>({});
  const create = useCreateTicket(slug);
  const keyFor = useIdempotencyKey();
  const templates = useTicketTemplates(slug);
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [category, setCategory] = useState<string | null>(null);

  /** A template prefills the form; everything stays editable before the ticket is raised. */
  function chooseTemplate(id: string | null) {
    setTemplateId(id);
    const t: TicketTemplate | undefined = templates.data?.items.find((i) => i.id === id);
    if (!t) return;
    setSubject(t.subject);
    setDescription(t.description);
    if (t.service) {
      setMode('service');
      setServiceId(t.service.id);
    }
    if (t.impact) setImpact(t.impact);
    if (t.urgency) setUrgency(t.urgency);
    setCategory(t.category);
    if (Object.keys(t.fieldValues).length > 0)
      setValues((prev) => ({ ...prev, ...(t.fieldValues as FieldValues) }));
  }

  const items = catalogue.data?.items ?? [];
  const item = mode === 'item' ? items.find((i) => i.id === itemId) : undefined;
  const fields = item?.fields ?? [];
  const itemOptions = useMemo(() => catalogueOptions(items), [items]);
  const paths = fields.map((f) => `fieldValues.${f.name}`);
  const errors = formErrors(create.error, [
    'catalogueItemId',
    'serviceId',
    'subject',
    'description',
    'impact',
    'urgency',
    'requesterMembershipId',
    ...paths,
  ]);
  const fieldErrors = Object.fromEntries(
    fields.map((f) => [f.name, missing[f.name] ?? errors.field[`fieldValues.${f.name}`]]),
  );

  function chooseItem(id: string | null) {
    setItemId(id);
    const next = items.find((i) => i.id === id);
    setValues(next ? initialValues(next.fields) : {});
    if (next) {
      setImpact(next.defaultImpact);
      setUrgency(next.defaultUrgency);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const gaps = missingRequired(fields, values);
    if (!subject.trim()) gaps.subject = 'Give the ticket a subject.';
    const longSubject = tooLong(subject.trim(), SUBJECT_MAX);
    if (longSubject) gaps.subject = longSubject;
    const longDescription = tooLong(description.trim(), DESCRIPTION_MAX);
    if (longDescription) gaps.description = longDescription;
    if (mode === 'item' && !item) gaps.catalogueItemId = 'Choose a catalogue item.';
    if (mode === 'service' && !serviceId) gaps.serviceId = 'Choose a service.';
    setMissing(gaps);
    const form = event.currentTarget as HTMLFormElement;
    if (Object.keys(gaps).length > 0) return focusFirstInvalid(form);
    const body: NewTicket = {
      ...(item ? { catalogueItemId: item.id, fieldValues: answersOf(fields, values) } : {}),
      ...(mode === 'service' && serviceId ? { serviceId } : {}),
      subject: subject.trim(),
      description: description.trim(),
      impact,
      urgency,
      ...(category ? { category } : {}),
      ...(requester ? { requesterMembershipId: requester.value } : {}),
    };
    create.mutate(
      { ...body, key: keyFor(body) },
      {
        onError: () => focusFirstInvalid(form),
        onSuccess: ({ ticket, routingReason }) => {
          notifications.show({ color: 'teal', title: `${ticket.key} raised`, message: routingReason });
          void navigate({ to: '/w/$ws/tickets/$key', params: { ws: slug, key: ticket.key } });
        },
      },
    );
  }

  const found = (members.data?.items ?? []).map((m) => ({
    value: m.id,
    label: `${m.account.name} · ${m.account.email}${m.party ? ` (${m.party.name})` : ''}`,
  }));
  const memberOptions =
    requester && !found.some((o) => o.value === requester.value) ? [requester, ...found] : found;

  return (
    <Paper withBorder radius="md" p={{ base: 'md', sm: 'lg' }} maw={760}>
      <form onSubmit={submit} noValidate aria-label="New ticket">
        <Stack gap="md">
          <Select
            label="Start from a template"
            description={
              templates.isSuccess && templates.data.items.length === 0
                ? 'No templates yet: a party’s lead adds them for the tickets staff raise most.'
                : 'Optional: prefills the subject, description, service, priority and category.'
            }
            placeholder={templates.isPending ? 'Loading templates…' : 'No template'}
            data={(templates.data?.items ?? []).map((t) => ({
              value: t.id,
              label: t.scope === 'party' ? `${t.title} (my party)` : t.title,
            }))}
            value={templateId}
            onChange={chooseTemplate}
            searchable
            clearable
          />
          {category && (
            <Text size="xs" c="dimmed">
              Category from the template: {category}
            </Text>
          )}
          <Stack gap={4}>
            <Input.Label id="raise-from-label" component="span">
              What it is about
            </Input.Label>
            <SegmentedControl
              aria-labelledby="raise-from-label"
              data={[
                { value: 'item', label: 'A catalogue item' },
                { value: 'service', label: 'A service' },
              ]}
              value={mode}
              onChange={(value) => setMode(value === 'service' ? 'service' : 'item')}
              style={{ alignSelf: 'flex-start' }}
            />
          </Stack>
          {mode === 'item' ? (
            <Select
              label="Catalogue item"
              description="Its service decides the lane; its questions are asked below."
              placeholder={catalogue.isPending ? 'Loading the catalogue…' : 'Choose an item'}
              data={itemOptions}
              value={itemId}
              onChange={chooseItem}
              searchable
              required
              error={missing.catalogueItemId ?? errors.field.catalogueItemId}
            />
          ) : (
            <Select
              label="Service"
              description="The responsibility map routes the ticket to the Responsible party’s lane."
              placeholder={services.isPending ? 'Loading services…' : 'Choose a service'}
              data={(services.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
              value={serviceId}
              onChange={setServiceId}
              searchable
              required
              error={missing.serviceId ?? errors.field.serviceId}
            />
          )}
          <TextInput
            label="Subject"
            description={lengthCounter(subject, SUBJECT_MAX)}
            required
            value={subject}
            onChange={(event) => setSubject(event.currentTarget.value)}
            error={tooLong(subject, SUBJECT_MAX) ?? missing.subject ?? errors.field.subject}
          />
          {fields.length > 0 && (
            <ExtraFields
              fields={fields}
              values={values}
              errors={fieldErrors}
              onChange={(name, value) => setValues((prev) => ({ ...prev, [name]: value }))}
            />
          )}
          <Textarea
            label="Description"
            // Grows with its text in CSS: `autosize` measured it with a forced layout on mount.
            rows={4}
            classNames={{ input: growing.grow }}
            styles={{ input: DESCRIPTION_LINES }}
            description={counterNearLimit(description, DESCRIPTION_MAX)}
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
            error={tooLong(description, DESCRIPTION_MAX) ?? errors.field.description}
          />
          {footShown ? (
            <>
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
                <Select
                  label="Impact"
                  description="How many people or how much of the business it affects."
                  data={LEVEL_OPTIONS}
                  value={impact}
                  onChange={(value) => value && setImpact(value as Level)}
                  allowDeselect={false}
                  error={errors.field.impact}
                />
                <Select
                  label="Urgency"
                  description="How soon it hurts if nothing is done."
                  data={LEVEL_OPTIONS}
                  value={urgency}
                  onChange={(value) => value && setUrgency(value as Level)}
                  allowDeselect={false}
                  error={errors.field.urgency}
                />
              </SimpleGrid>
              <Select
                label="On behalf of"
                description="Optional: the person who asked. Leave empty to raise it as yourself."
                placeholder="Search by name or email"
                data={memberOptions}
                value={requester?.value ?? null}
                onChange={(value, option) =>
                  setRequester(value && option ? { value, label: option.label } : null)
                }
                searchable
                searchValue={who}
                onSearchChange={setWho}
                filter={({ options }) => options}
                clearable
                nothingFoundMessage={members.isFetching ? 'Searching…' : 'Nobody found'}
                error={errors.field.requesterMembershipId}
              />
            </>
          ) : (
            <div style={{ minHeight: 150 }} />
          )}
          {Object.keys(missing).length > 0 && (
            <FormAlert
              message="Some required answers are missing; they are marked above."
              title="Not raised yet"
            />
          )}
          <FormAlert message={errors.form} title="Ticket not raised" />
          <Group justify="flex-end" gap="xs">
            <Button
              variant="default"
              onClick={() => void navigate({ to: '/w/$ws/tickets', params: { ws: slug }, search: {} })}
            >
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Raise ticket
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
