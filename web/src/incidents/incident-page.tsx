import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlarm, IconBell, IconBellOff, IconCheck } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import type { FormEvent } from 'react';
import { RaiseRiskButton } from '../risks/raise-risk-button';
import { useApiForm } from '../ui/api-form';
import { EmptyState } from '../ui/empty-state';
import { FormAlert, formErrors } from '../ui/error-display';
import { formatDateTime } from '../ui/format';
import { LimitedTextarea } from '../ui/limited-textarea';
import { PagePending } from '../ui/loading';
import { Page } from '../ui/page-layout';
import { AnchorLink } from '../ui/router-links';
import { textLeftAfterSend } from '../ui/sent-text';
import { TitledSection } from '../ui/titled-section';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { useWorkspace } from '../workspaces/api';
import {
  type IncidentDetail,
  type UpdateVisibility,
  useIncident,
  useIncidentChange,
  useStaffMembers,
} from './api';
import { IncidentStatusBadge } from './badges';
import { ReviewSection } from './review-section';
import { roleChoices } from './role-choices';

const route = getRouteApi('/_app/w/$ws/incidents/$key');

export function IncidentPage() {
  const { ws: slug, key } = route.useParams();
  const incident = useIncident(slug, key);
  if (!incident.isSuccess)
    return (
      <PagePending
        query={incident}
        title={key.toUpperCase()}
        label="Loading the incident"
        rows={5}
        notFound={
          <EmptyState
            title={`There is no major incident ${key.toUpperCase()} here`}
            description="It may belong to another workspace, or the address may be mistyped."
            action={
              <AnchorLink to="/w/$ws/incidents" params={{ ws: slug }} search={{}}>
                All major incidents
              </AnchorLink>
            }
          />
        }
      />
    );
  const { incident: detail, actions } = incident.data;
  return (
    <Page
      title={`${detail.key} ${detail.title}`}
      description={`Declared by ${detail.declaredBy?.name ?? 'a former member'} on ${formatDateTime(detail.declaredAt)}`}
      actions={<IncidentHeaderActions slug={slug} incident={detail} />}
    >
      <AnchorLink to="/w/$ws/incidents" params={{ ws: slug }} search={{}} size="sm">
        ← All major incidents
      </AnchorLink>
      {detail.status === 'open' && <CadenceAlert incident={detail} />}
      {detail.status === 'resolved' && (
        <Alert color="teal" variant="light" icon={<IconCheck aria-hidden />} title="Resolved">
          {detail.resolution} — {detail.resolvedBy?.name ?? 'someone'}, {formatDateTime(detail.resolvedAt)}
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
          <Stack gap="lg">
            {detail.impact && (
              <Paper withBorder radius="md" p="md">
                <Title order={2} size="h4" mb={4}>
                  Impact
                </Title>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {detail.impact}
                </Text>
              </Paper>
            )}
            {detail.abilities.postUpdate && <UpdateComposer slug={slug} incident={detail} />}
            <Updates incident={detail} />
            {detail.status === 'resolved' && (
              <ReviewSection slug={slug} incident={detail} actions={actions} />
            )}
            <IncidentTimeline incident={detail} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
          <Stack gap="lg">
            <Roles slug={slug} incident={detail} />
            <LinkedTickets slug={slug} incident={detail} />
            {detail.abilities.resolve && <ResolveForm slug={slug} incident={detail} />}
            <TitledSection title="Subscribers">
              <Text size="sm">
                {detail.subscribers.map((s) => s.name ?? 'a former member').join(', ') || 'Nobody yet.'}
              </Text>
            </TitledSection>
          </Stack>
        </Grid.Col>
      </Grid>
    </Page>
  );
}

function IncidentHeaderActions({ slug, incident }: { slug: string; incident: IncidentDetail }) {
  const change = useIncidentChange(slug, incident.key);
  const me = useWorkspace(slug).data?.membership;
  return (
    <Group gap={6}>
      <IncidentStatusBadge status={incident.status} size="lg" />
      <RaiseRiskButton slug={slug} source={{ kind: 'incident', key: incident.key }} />
      {incident.status === 'open' && me && (
        <Button
          size="xs"
          variant="default"
          loading={change.isPending}
          leftSection={
            incident.subscribed ? <IconBellOff size={14} aria-hidden /> : <IconBell size={14} aria-hidden />
          }
          onClick={() =>
            change.mutate(
              incident.subscribed
                ? { path: `/subscribers/${me.id}`, method: 'DELETE' }
                : { path: '/subscribers', body: {} },
            )
          }
        >
          {incident.subscribed ? 'Unsubscribe' : 'Subscribe'}
        </Button>
      )}
    </Group>
  );
}

function CadenceAlert({ incident }: { incident: IncidentDetail }) {
  return incident.updateOverdue ? (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlarm aria-hidden />}
      title="A stakeholder update is due"
      role="alert"
    >
      Updates go out every {incident.updateCadenceMinutes} minutes; the next one was due at{' '}
      {formatDateTime(incident.nextUpdateDueAt)}.
    </Alert>
  ) : (
    <Text size="sm" c="dimmed">
      Stakeholder updates every {incident.updateCadenceMinutes} minutes; next by{' '}
      {formatDateTime(incident.nextUpdateDueAt)}.
    </Text>
  );
}

// Not 'visibility': its segmented control shows no message, so a refusal of it goes to the alert.
const UPDATE_FIELDS = ['body'] as const;

function UpdateComposer({ slug, incident }: { slug: string; incident: IncidentDetail }) {
  const change = useIncidentChange(slug, incident.key);
  const keyFor = useIdempotencyKey();
  const { form, formError } = useApiForm(
    { body: '', visibility: 'public' as UpdateVisibility },
    change.error,
    UPDATE_FIELDS,
  );
  const { body, visibility } = form.values;

  function submit(event: FormEvent) {
    event.preventDefault();
    const payload = { body: body.trim(), visibility };
    change.mutate(
      { path: '/updates', body: payload, idempotencyKey: keyFor(payload) },
      {
        onSuccess: () => {
          form.setFieldValue('body', (current) => textLeftAfterSend(current, body));
          notifications.show({ color: 'teal', message: 'The update is posted and subscribers are told.' });
        },
      },
    );
  }

  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="form"
      onSubmit={submit}
      aria-labelledby="post-update-title"
    >
      <Stack gap="sm">
        <Title order={2} size="h4" id="post-update-title">
          Post a stakeholder update
        </Title>
        <FormAlert message={formError} />
        <LimitedTextarea
          label="Update"
          description="Public updates show in the requester portal's banner and go to every subscriber."
          autosize
          minRows={3}
          limit={10_000}
          {...form.getInputProps('body')}
        />
        <Group justify="space-between">
          <SegmentedControl
            aria-label="Who sees this update"
            {...form.getInputProps('visibility')}
            data={[
              { value: 'public', label: 'Everyone (portal banner)' },
              { value: 'staff', label: 'Staff only' },
            ]}
          />
          <Button type="submit" loading={change.isPending} disabled={!body.trim()}>
            Post update
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function Updates({ incident }: { incident: IncidentDetail }) {
  return (
    <TitledSection title="Stakeholder updates" headingGap="sm">
      {incident.updates.length === 0 ? (
        <Text size="sm" c="dimmed">
          No updates yet.
        </Text>
      ) : (
        <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {incident.updates.map((u) => (
            <li key={u.id}>
              <Group gap={6} mb={2}>
                <Text size="xs" c="dimmed">
                  {formatDateTime(u.createdAt)} · {u.author?.name ?? 'a former member'}
                </Text>
                {u.visibility === 'staff' && (
                  <Badge size="xs" variant="light" color="gray">
                    Staff only
                  </Badge>
                )}
              </Group>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {u.body}
              </Text>
            </li>
          ))}
        </Stack>
      )}
    </TitledSection>
  );
}

function IncidentTimeline({ incident }: { incident: IncidentDetail }) {
  return (
    <TitledSection title="Timeline" headingGap="sm">
      <Timeline bulletSize={12} lineWidth={2}>
        {incident.timeline.map((e) => (
          <Timeline.Item key={e.id} title={<Text size="sm">{e.text}</Text>}>
            <Text size="xs" c="dimmed">
              {formatDateTime(e.at)}
              {e.actor ? ` · ${e.actor.name ?? 'a former member'}` : ' · Tandem'}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </TitledSection>
  );
}

function Roles({ slug, incident }: { slug: string; incident: IncidentDetail }) {
  const editable = incident.abilities.changeRoles;
  const staff = useStaffMembers(slug, editable);
  const change = useIncidentChange(slug, incident.key);
  const people = roleChoices(staff.data);
  const errors = formErrors(change.error, [
    'commanderMembershipId',
    'communicationsLeadMembershipId',
  ] as const);
  const set = (field: 'commanderMembershipId' | 'communicationsLeadMembershipId', value: string | null) =>
    change.mutate({ path: '', method: 'PATCH', body: { version: incident.version, [field]: value } });
  return (
    <TitledSection title="Roles">
      {editable ? (
        <Stack gap="xs">
          <FormAlert message={errors.form} />
          <Select
            label="Commander"
            searchable
            allowDeselect={false}
            data={people}
            value={incident.commander?.membershipId ?? null}
            error={errors.field.commanderMembershipId}
            onChange={(v) => v && set('commanderMembershipId', v)}
          />
          <Select
            label="Communications lead"
            searchable
            clearable
            data={people}
            value={incident.communicationsLead?.membershipId ?? null}
            error={errors.field.communicationsLeadMembershipId}
            onChange={(v) => set('communicationsLeadMembershipId', v)}
          />
        </Stack>
      ) : (
        <Stack gap={4}>
          <Text size="sm">Commander: {incident.commander?.name ?? 'nobody'}</Text>
          <Text size="sm">Communications lead: {incident.communicationsLead?.name ?? 'nobody'}</Text>
        </Stack>
      )}
    </TitledSection>
  );
}

const LINK_FIELDS = ['ticketKeys'] as const;

function LinkedTickets({ slug, incident }: { slug: string; incident: IncidentDetail }) {
  const change = useIncidentChange(slug, incident.key);
  const { form, formError } = useApiForm({ ticketKeys: '' }, change.error, LINK_FIELDS);
  return (
    <TitledSection title="Linked tickets">
      <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {incident.tickets.map((t) => (
          <li key={t.key}>
            <AnchorLink to="/w/$ws/tickets/$key" params={{ ws: slug, key: t.key }} size="sm">
              {t.key} {t.subject}
            </AnchorLink>
          </li>
        ))}
      </Stack>
      {incident.abilities.linkTickets && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const ticketKeys = form.values.ticketKeys.split(/[\s,]+/).filter(Boolean);
            change.mutate({ path: '/tickets', body: { ticketKeys } }, { onSuccess: () => form.reset() });
          }}
        >
          <Group gap="xs" mt="sm" align="flex-end">
            <TextInput
              label="Link more tickets"
              placeholder="ACME-42, ACME-43"
              style={{ flex: 1 }}
              {...form.getInputProps('ticketKeys')}
              error={form.errors.ticketKeys ?? formError}
            />
            <Button
              type="submit"
              variant="light"
              loading={change.isPending}
              disabled={!form.values.ticketKeys.trim()}
            >
              Link
            </Button>
          </Group>
        </form>
      )}
    </TitledSection>
  );
}

const RESOLVE_FIELDS = ['resolution'] as const;

function ResolveForm({ slug, incident }: { slug: string; incident: IncidentDetail }) {
  const change = useIncidentChange(slug, incident.key);
  const { form, formError } = useApiForm({ resolution: '' }, change.error, RESOLVE_FIELDS);
  const { resolution } = form.values;
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="form"
      aria-labelledby="resolve-title"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        change.mutate({
          path: '/resolve',
          body: { version: incident.version, resolution: resolution.trim() },
        });
      }}
    >
      <Stack gap="xs">
        <Title order={2} size="h4" id="resolve-title">
          Resolve
        </Title>
        <FormAlert message={formError} />
        <Textarea
          label="How was it resolved?"
          description="Subscribers are told; the review follows."
          autosize
          minRows={2}
          {...form.getInputProps('resolution')}
        />
        <Button type="submit" color="teal" loading={change.isPending} disabled={!resolution.trim()}>
          Resolve incident
        </Button>
      </Stack>
    </Paper>
  );
}
