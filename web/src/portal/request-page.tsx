import { Breadcrumbs, Button, Group, Paper, Radio, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBooks } from '@tabler/icons-react';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useMemo, useState } from 'react';
import { useCreateTicket } from '../tickets/api';
import { URGENCY_CHOICES } from '../tickets/labels';
import type { CatalogueItem } from '../tickets/types';
import { useApiForm } from '../ui/api-form';
import { ErrorState, FormAlert, formErrors } from '../ui/error-display';
import { ListSkeleton } from '../ui/loading';
import { NoticePage } from '../ui/notice-page';
import { Page } from '../ui/page-layout';
import { AnchorLink, ButtonLink } from '../ui/router-links';
import { counterNearLimit, DESCRIPTION_MAX, lengthCounter, SUBJECT_MAX, tooLong } from '../ui/text-limit';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { useCatalogue } from './api';
import { answersOf, ExtraFields, focusFirstInvalid, initialValues, missingRequired } from './extra-fields';

const route = getRouteApi('/_app/w/$ws/portal/request/$itemId');
const FIELDS = ['subject', 'description', 'urgency'] as const;

export function RequestPage() {
  const { ws: slug, itemId } = route.useParams();
  const catalogue = useCatalogue(slug);
  const item = catalogue.data?.items.find((i) => i.id === itemId);
  const crumbs = (
    <Breadcrumbs>
      <AnchorLink to="/w/$ws/portal" params={{ ws: slug }} search={{}} size="sm">
        Request help
      </AnchorLink>
      <Text size="sm">{item?.name ?? 'Request'}</Text>
    </Breadcrumbs>
  );
  if (catalogue.isPending || catalogue.isError)
    return (
      <Page title="Request help">
        {crumbs}
        {catalogue.isPending ? (
          <ListSkeleton rows={5} label="Loading the request form" />
        ) : (
          <ErrorState error={catalogue.error} onRetry={() => void catalogue.refetch()} />
        )}
      </Page>
    );
  if (!item)
    return (
      <NoticePage
        title="Not in the catalogue"
        icon={<IconBooks aria-hidden />}
        notice="This item is no longer offered"
        description="It may have been retired from the catalogue. Pick the nearest item instead and describe what you need."
        action={
          <ButtonLink to="/w/$ws/portal" params={{ ws: slug }} search={{}}>
            Back to the catalogue
          </ButtonLink>
        }
      />
    );
  return (
    <Page title={item.name} description={item.description}>
      {crumbs}
      <RequestForm slug={slug} item={item} />
    </Page>
  );
}

function RequestForm({ slug, item }: { slug: string; item: CatalogueItem }) {
  const navigate = useNavigate();
  const [missing, setMissing] = useState<Record<string, string>>({});
  const create = useCreateTicket(slug);
  const keyFor = useIdempotencyKey();
  // The item's own questions are answered under fieldValues.<name>; one list per item, not per render.
  const paths = useMemo(() => [...FIELDS, ...item.fields.map((f) => `fieldValues.${f.name}`)], [item.fields]);
  const { form, formError } = useApiForm(
    {
      subject: '',
      description: '',
      urgency: item.defaultUrgency,
      fieldValues: initialValues(item.fields),
    },
    create.error,
    paths,
  );
  const { subject, description, urgency, fieldValues: values } = form.values;
  const fieldErrors = Object.fromEntries(
    item.fields.map((f) => [f.name, missing[f.name] ?? form.errors[`fieldValues.${f.name}`]]),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const gaps = missingRequired(item.fields, values);
    if (!subject.trim()) gaps.subject = 'Say in a few words what you need.';
    const longSubject = tooLong(subject.trim(), SUBJECT_MAX);
    if (longSubject) gaps.subject = longSubject;
    const longDescription = tooLong(description.trim(), DESCRIPTION_MAX);
    if (longDescription) gaps.description = longDescription;
    setMissing(gaps);
    const element = event.currentTarget as HTMLFormElement;
    if (Object.keys(gaps).length > 0) return focusFirstInvalid(element);
    const body = {
      catalogueItemId: item.id,
      subject: subject.trim(),
      description: description.trim(),
      urgency,
      fieldValues: answersOf(item.fields, values),
    };
    create.mutate(
      { ...body, key: keyFor(body) },
      {
        onError: (error) => {
          // useApiForm marks the refused fields a render later, after the focus has looked for them.
          form.setErrors(formErrors(error, paths).field);
          focusFirstInvalid(element);
        },
        onSuccess: ({ ticket }) => {
          notifications.show({ color: 'teal', message: `Sent to IT as ${ticket.key}.` });
          void navigate({ to: '/w/$ws/portal/requests/$key', params: { ws: slug, key: ticket.key } });
        },
      },
    );
  }

  return (
    <Paper withBorder radius="md" p={{ base: 'md', sm: 'lg' }} maw={720}>
      <form onSubmit={submit} noValidate aria-label={`Request: ${item.name}`}>
        <Stack gap="md">
          <TextInput
            label="Subject"
            description={`A few words IT will see first. ${lengthCounter(subject, SUBJECT_MAX)}`}
            required
            {...form.getInputProps('subject')}
            error={tooLong(subject, SUBJECT_MAX) ?? missing.subject ?? form.errors.subject}
          />
          <ExtraFields
            fields={item.fields}
            values={values}
            errors={fieldErrors}
            onChange={(name, value) => form.setFieldValue(`fieldValues.${name}`, value)}
          />
          <Textarea
            label="Description"
            description={`What happened, what you expected, and anything you already tried.${counterNearLimit(description, DESCRIPTION_MAX) ? ` ${counterNearLimit(description, DESCRIPTION_MAX)}` : ''}`}
            autosize
            minRows={4}
            maxRows={14}
            {...form.getInputProps('description')}
            error={tooLong(description, DESCRIPTION_MAX) ?? form.errors.description}
          />
          <Radio.Group
            label="How urgent is it for you?"
            description="IT weighs this with how many people are affected to set the priority."
            {...form.getInputProps('urgency')}
          >
            <Stack gap="xs" mt={6}>
              {URGENCY_CHOICES.map((choice) => (
                <Radio
                  key={choice.value}
                  value={choice.value}
                  label={choice.label}
                  description={choice.description}
                />
              ))}
            </Stack>
          </Radio.Group>
          {Object.keys(missing).length > 0 && (
            <FormAlert
              message="Some required answers are missing; they are marked above."
              title="Not sent yet"
            />
          )}
          <FormAlert message={formError} title="Not sent" />
          <Group justify="flex-end" gap="xs">
            <ButtonLink to="/w/$ws/portal" params={{ ws: slug }} search={{}} variant="default">
              Cancel
            </ButtonLink>
            <Button type="submit" loading={create.isPending}>
              Send request
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
