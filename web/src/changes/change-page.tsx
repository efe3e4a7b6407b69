import {
  Alert,
  Anchor,
  Button,
  Grid,
  Group,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
} from '@mantine/core';
import { IconAlertTriangle, IconArrowBackUp, IconSnowflake } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useApiForm } from '../ui/api-form';
import { FormAlert, formErrors } from '../ui/error-display';
import { formatDateTime } from '../ui/format';
import { PagePending } from '../ui/loading';
import { Page } from '../ui/page-layout';
import { AnchorLink } from '../ui/router-links';
import { TitledSection } from '../ui/titled-section';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { useParties, useWorkspace } from '../workspaces/api';
import { type Change, useChange, useChangeWrite } from './api';
import { ChangeStatusBadge, formatWindow, RiskBadge, TypeBadge } from './badges';
import { NewChangeDialog } from './new-change-dialog';

const route = getRouteApi('/_app/w/$ws/changes/$key');

/** Why another change conflicts, in words. */
function conflictReason(x: Change['conflicts'][number]) {
  if (x.reason === 'same_system') return 'the same system';
  if (x.reason === 'depends_on') return `${x.system.name} depends on it`;
  return `it depends on ${x.system.name}`;
}

export function ChangePage() {
  const { ws: slug, key } = route.useParams();
  const found = useChange(slug, key);
  if (!found.isSuccess) return <PagePending query={found} title={key} label="Loading the change" rows={5} />;
  return <ChangeView slug={slug} change={found.data.change} />;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {children || '—'}
      </Text>
    </div>
  );
}

function ChangeView({ slug, change: c }: { slug: string; change: Change }) {
  const write = useChangeWrite(slug);
  const me = useWorkspace(slug).data?.membership.id;
  const [editing, setEditing] = useState(false);
  const act = (path: string, body: unknown = { version: c.version }, method: 'POST' | 'PUT' = 'POST') =>
    write.mutate({ path: `/changes/${c.key}${path}`, body, method });
  return (
    <Page
      title={`${c.key} ${c.title}`}
      description={
        <Group gap="xs" component="span">
          <TypeBadge type={c.type} />
          <ChangeStatusBadge status={c.status} />
          <RiskBadge level={c.riskLevel} />
        </Group>
      }
      actions={
        <>
          {c.abilities.edit && (
            <Button variant="default" onClick={() => setEditing(true)}>
              Edit
            </Button>
          )}
          {c.abilities.submit && (
            <Button onClick={() => act('/submit')} loading={write.isPending}>
              {c.type === 'standard' ? 'Schedule' : 'Submit for approval'}
            </Button>
          )}
          {c.abilities.start && (
            <Button onClick={() => act('/start')} loading={write.isPending}>
              Start the change
            </Button>
          )}
          {c.abilities.close && (
            <Button variant="light" onClick={() => act('/close')} loading={write.isPending}>
              Close the change
            </Button>
          )}
          <Button
            variant="default"
            onClick={() =>
              write.mutate(
                c.watching
                  ? { path: `/changes/${c.key}/watchers/${me ?? ''}`, method: 'DELETE' }
                  : { path: `/changes/${c.key}/watchers`, body: {} },
              )
            }
          >
            {c.watching ? 'Stop watching' : 'Watch'}
          </Button>
        </>
      }
    >
      <FormAlert message={write.error ? formErrors(write.error, []).form : null} />
      <NewChangeDialog slug={slug} opened={editing} onClose={() => setEditing(false)} change={c} />
      {c.conflicts.length > 0 && (
        <Alert
          color="yellow"
          icon={<IconAlertTriangle aria-hidden />}
          title="Conflicting changes"
          role="status"
        >
          <Stack gap={2}>
            {c.conflicts.map((x) => (
              <Text size="sm" key={`${x.change.id}-${x.otherSystem.id}`}>
                <AnchorLink to="/w/$ws/changes/$key" params={{ ws: slug, key: x.change.key }}>
                  {x.change.key} {x.change.title}
                </AnchorLink>{' '}
                works on {x.otherSystem.name} ({conflictReason(x)}) in an overlapping window:{' '}
                {formatWindow(x.plannedStart, x.plannedEnd, c.timezone)}.
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      {c.freeze && (
        <Alert
          color={c.freeze.overridden ? 'orange' : 'red'}
          icon={<IconSnowflake aria-hidden />}
          title={`In the change freeze “${c.freeze.title}”`}
        >
          {c.freeze.overridden
            ? 'This emergency change goes ahead during the freeze because its reason is recorded.'
            : 'It cannot be scheduled in this window. Move the window, or record why an emergency cannot wait.'}
        </Alert>
      )}
      {c.status === 'rejected' && (
        <Alert color="red" icon={<IconArrowBackUp aria-hidden />} title="Returned with a reason">
          {c.rejectionReason || 'No reason was given.'} Edit it and submit it again, or leave it.
        </Alert>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <TitledSection title="Plan" headingGap="sm">
              <Stack gap="sm">
                <Field label="Window">{formatWindow(c.plannedStart, c.plannedEnd, c.timezone)}</Field>
                <Field label="Description">{c.description}</Field>
                <Field label="Implementation plan">{c.implementationPlan}</Field>
                <Field label="Test plan">{c.testPlan}</Field>
                <Field label="Back-out plan">{c.backoutPlan}</Field>
                <Field label="Expected user impact">
                  {[c.userImpact, c.downtimeMinutes ? `${c.downtimeMinutes} minutes of downtime` : '']
                    .filter(Boolean)
                    .join(' · ')}
                </Field>
                {c.emergencyReason && <Field label="Why it cannot wait">{c.emergencyReason}</Field>}
              </Stack>
            </TitledSection>
            {(c.abilities.complete || c.outcome) && <OutcomeSection slug={slug} change={c} />}
            {(c.abilities.writeReview || c.review.summary || c.review.required) &&
              ['implemented', 'failed', 'backed_out', 'reviewed'].includes(c.status) && (
                <ReviewSection slug={slug} change={c} />
              )}
            <TitledSection title="History" headingGap="sm">
              <Timeline bulletSize={12} lineWidth={2}>
                {c.events.map((e) => (
                  <Timeline.Item key={`${e.kind}-${e.at}`} title={e.kind.replaceAll('_', ' ')}>
                    <Text size="xs" c="dimmed">
                      {e.actor ?? 'Tandem'} · {formatDateTime(e.at)}
                    </Text>
                  </Timeline.Item>
                ))}
              </Timeline>
            </TitledSection>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            <ApprovalSection slug={slug} change={c} />
            <TitledSection title="Who and what" headingGap="sm">
              <Stack gap="sm">
                <Field label="Implementing party">
                  {c.implementingParty?.name ?? 'Not set'}
                  {c.implementingPartyOverridden && c.suggestedImplementingParty
                    ? ` (the map says ${c.suggestedImplementingParty.name})`
                    : ''}
                </Field>
                <Field label="Raised by">{c.createdBy}</Field>
                <Field label="Services">{c.links.services.map((s) => s.title).join(', ')}</Field>
                <Field label="Systems">
                  {c.links.systems.map((s) => `${s.title} (${s.criticality})`).join(', ')}
                </Field>
                <Field label="Tickets, problems, incidents">
                  {[...c.links.tickets, ...c.links.problems, ...c.links.incidents]
                    .map((l) => `${l.key} ${l.title}`)
                    .join('\n')}
                </Field>
                {c.treatsRisks.length > 0 && (
                  <Field label="Treats risks">
                    {c.treatsRisks.map((r) => (
                      <Text key={r.id} size="sm">
                        treats risk{' '}
                        <AnchorLink to="/w/$ws/risks/$key" params={{ ws: slug, key: r.key }}>
                          {r.key}
                        </AnchorLink>{' '}
                        {r.title}
                      </Text>
                    ))}
                  </Field>
                )}
                <Field label="Watchers">{c.watchers.map((w) => w.name).join(', ')}</Field>
              </Stack>
            </TitledSection>
          </Stack>
        </Grid.Col>
      </Grid>
    </Page>
  );
}

const APPROVAL_FIELDS = ['rationale'] as const;

function ApprovalSection({ slug, change: c }: { slug: string; change: Change }) {
  const write = useChangeWrite(slug);
  const { form, formError } = useApiForm({ rationale: '' }, write.error, APPROVAL_FIELDS);
  const decide = (outcome: 'approve' | 'reject') =>
    c.decision &&
    write.mutate({
      path: `/decisions/${c.decision.number}/${outcome}`,
      body: { rationale: form.values.rationale.trim() },
    });
  return (
    <TitledSection title="Approval" headingGap="sm">
      <Stack gap="sm">
        {c.type === 'standard' ? (
          <Text size="sm">
            Pre-approved through {c.template ? `${c.template.key} ${c.template.title}` : 'its template'}.
          </Text>
        ) : (
          <Text size="sm">
            Decided by {c.decisionRight.holder} (“{c.decisionRight.name}”).
          </Text>
        )}
        {c.decision && (
          <Text size="sm">
            Decision{' '}
            <AnchorLink
              to="/w/$ws/decisions/$number"
              params={{ ws: slug, number: String(c.decision.number) }}
            >
              {c.decision.key}
            </AnchorLink>
            : {c.decision.status}
            {c.decision.rationale ? ` — “${c.decision.rationale}”` : ''}
          </Text>
        )}
        {c.abilities.decide && (
          <>
            <FormAlert message={formError} />
            <Textarea
              label="Rationale"
              description="Recorded in the decision log with your decision."
              autosize
              minRows={2}
              {...form.getInputProps('rationale')}
            />
            <Group grow>
              <Button color="green" loading={write.isPending} onClick={() => decide('approve')}>
                Approve
              </Button>
              <Button color="red" variant="light" loading={write.isPending} onClick={() => decide('reject')}>
                Reject
              </Button>
            </Group>
          </>
        )}
        {c.status === 'submitted' && !c.abilities.decide && (
          <Text size="sm" c="dimmed">
            Waiting for {c.decisionRight.holder}.
          </Text>
        )}
      </Stack>
    </TitledSection>
  );
}

const OUTCOME_FIELDS = ['outcome', 'note'] as const;

function OutcomeSection({ slug, change: c }: { slug: string; change: Change }) {
  const write = useChangeWrite(slug);
  const { form, formError } = useApiForm(
    { outcome: 'implemented' as string | null, note: '' },
    write.error,
    OUTCOME_FIELDS,
  );
  if (!c.abilities.complete)
    return (
      <TitledSection title="Outcome" headingGap="sm">
        <Field label="Result">{c.outcome?.replace('_', ' ')}</Field>
        <Field label="Note">{c.completionNote}</Field>
      </TitledSection>
    );
  return (
    <TitledSection title="Record the outcome" headingGap="sm">
      <Stack gap="sm">
        <FormAlert message={formError} />
        <Select
          label="Outcome"
          allowDeselect={false}
          data={[
            { value: 'implemented', label: 'Implemented' },
            { value: 'failed', label: 'Failed' },
            { value: 'backed_out', label: 'Backed out' },
          ]}
          {...form.getInputProps('outcome')}
        />
        <Textarea label="Note" autosize {...form.getInputProps('note')} />
        <Button
          loading={write.isPending}
          onClick={() =>
            write.mutate({
              path: `/changes/${c.key}/complete`,
              body: { version: c.version, ...form.values },
            })
          }
        >
          Record outcome
        </Button>
      </Stack>
    </TitledSection>
  );
}

const REVIEW_FIELDS = ['summary', 'lessons'] as const;
const ACTION_FIELDS = ['title', 'ownerPartyId'] as const;

function ReviewSection({ slug, change: c }: { slug: string; change: Change }) {
  const parties = useParties(slug);
  const saveReview = useChangeWrite(slug);
  const addReviewAction = useChangeWrite(slug);
  const review = useApiForm(
    { summary: c.review.summary, lessons: c.review.lessons },
    saveReview.error,
    REVIEW_FIELDS,
  );
  const action = useApiForm(
    { title: '', ownerPartyId: null as string | null },
    addReviewAction.error,
    ACTION_FIELDS,
  );
  const keyFor = useIdempotencyKey();
  const editable = c.abilities.writeReview;
  function save(event: FormEvent) {
    event.preventDefault();
    saveReview.mutate({
      path: `/changes/${c.key}/review`,
      method: 'PUT',
      body: { version: c.version, ...review.form.values },
    });
  }
  function addAction() {
    const { title, ownerPartyId } = action.form.values;
    const body = { title: title.trim(), ownerPartyId: ownerPartyId ?? '' };
    addReviewAction.mutate(
      { path: `/changes/${c.key}/review/actions`, body, idempotencyKey: keyFor(body) },
      { onSuccess: () => action.form.reset() },
    );
  }
  return (
    <TitledSection title="Post-implementation review" headingGap="sm">
      <Stack gap="sm">
        {c.review.required && (
          <Text size="sm" c="dimmed">
            {c.type === 'emergency' ? 'An emergency change' : 'A change that failed or was backed out'} needs
            this review before it closes.
          </Text>
        )}
        <form onSubmit={save} noValidate>
          <Stack gap="sm">
            <FormAlert message={review.formError} />
            <Textarea
              label="What happened"
              autosize
              minRows={2}
              readOnly={!editable}
              variant={editable ? 'default' : 'filled'}
              {...review.form.getInputProps('summary')}
            />
            <Textarea
              label="Lessons"
              autosize
              minRows={2}
              readOnly={!editable}
              variant={editable ? 'default' : 'filled'}
              {...review.form.getInputProps('lessons')}
            />
            {editable && (
              <Group justify="flex-end">
                <Button type="submit" variant="light" loading={saveReview.isPending}>
                  Save review
                </Button>
              </Group>
            )}
          </Stack>
        </form>
        <Text size="sm" fw={600}>
          Actions on the improvement backlog
        </Text>
        {c.reviewActions.length === 0 && (
          <Text size="sm" c="dimmed">
            None yet.
          </Text>
        )}
        {c.reviewActions.map((a) => (
          <Text size="sm" key={a.id}>
            <Anchor href={`/w/${slug}/backlog`}>{a.key}</Anchor> {a.title} · {a.ownerPartyName} · {a.status}
          </Text>
        ))}
        {editable && (
          <>
            <FormAlert message={action.formError} />
            <Group align="flex-end" grow>
              <TextInput label="New action" {...action.form.getInputProps('title')} />
              <Select
                label="Owner"
                data={(parties.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
                {...action.form.getInputProps('ownerPartyId')}
              />
              <Button
                variant="default"
                loading={addReviewAction.isPending}
                disabled={!action.form.values.title.trim() || !action.form.values.ownerPartyId}
                onClick={addAction}
              >
                Add to backlog
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </TitledSection>
  );
}
