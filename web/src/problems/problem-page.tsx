import {
  Breadcrumbs,
  Button,
  Checkbox,
  Grid,
  Group,
  List,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { RaiseRiskButton } from '../risks/raise-risk-button';
import { useApiForm } from '../ui/api-form';
import { EmptyState } from '../ui/empty-state';
import { FormAlert } from '../ui/error-display';
import { formatDate, formatDateTime } from '../ui/format';
import { PagePending } from '../ui/loading';
import { Page } from '../ui/page-layout';
import { RemovableList } from '../ui/removable-list';
import { AnchorLink } from '../ui/router-links';
import { TitledSection } from '../ui/titled-section';
import {
  PROBLEM_STATUS_LABELS,
  type ProblemDetail,
  useLinkTicket,
  useProblem,
  useUnlinkTicket,
  useUpdateProblem,
} from './api';
import { ProblemStatusBadge, WorkaroundBadge } from './problem-badges';
import { WorkaroundFields, workaroundBody } from './workaround-fields';

const route = getRouteApi('/_app/w/$ws/problems/$key');

export function ProblemPage() {
  const { ws: slug, key } = route.useParams();
  const query = useProblem(slug, key);
  const crumbs = (
    <Breadcrumbs>
      <AnchorLink to="/w/$ws/problems" params={{ ws: slug }} size="sm">
        Problems
      </AnchorLink>
      <Text size="sm">{key.toUpperCase()}</Text>
    </Breadcrumbs>
  );
  if (!query.isSuccess)
    return (
      <PagePending
        query={query}
        title={key.toUpperCase()}
        label="Loading the problem"
        crumbs={crumbs}
        notFound={
          <EmptyState
            title="No such problem"
            description="It may have been mistyped, or it belongs to another workspace."
          />
        }
      />
    );
  const { problem } = query.data;
  return (
    <Page
      title={`${problem.key} ${problem.title}`}
      actions={<RaiseRiskButton slug={slug} source={{ kind: 'problem', key: problem.key }} />}
    >
      {crumbs}
      <Group gap="xs">
        <ProblemStatusBadge status={problem.status} />
        <WorkaroundBadge kind={problem.workaroundKind} expiresOn={problem.workaroundExpiresOn} />
        {problem.knownError && (
          <Text size="sm" fw={600} c="orange">
            Known error
          </Text>
        )}
        <Text size="sm" c="dimmed">
          Owner: {problem.ownerParty.name} · Service: {problem.service?.name ?? '—'} · Opened{' '}
          {formatDate(problem.createdAt)}
        </Text>
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          {query.data.abilities.manage ? (
            <EditProblem slug={slug} data={query.data} key={problem.version} />
          ) : (
            <ReadProblem data={query.data} />
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <LinkedTickets slug={slug} data={query.data} />
            <TitledSection title="Articles" headingSize="h5">
              {query.data.articles.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No article is linked to this problem yet: a documentation gap.
                </Text>
              ) : (
                <List size="sm">
                  {query.data.articles.map((a) => (
                    <List.Item key={a.id}>
                      {a.key} {a.title} ({a.status})
                    </List.Item>
                  ))}
                </List>
              )}
            </TitledSection>
            {query.data.measure && (
              <TitledSection title="Recurrence around the fix" headingSize="h5">
                <Text size="sm">
                  {query.data.measure.before} similar tickets in the {query.data.measure.windowDays} days
                  before the resolution, {query.data.measure.after} after (
                  {query.data.measure.daysObservedAfter} days observed).
                </Text>
              </TitledSection>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Page>
  );
}

function ReadProblem({ data }: { data: ProblemDetail }) {
  const p = data.problem;
  const rows: Array<[string, string]> = [
    ['Description', p.description],
    ['Root cause', p.rootCause],
    ['Workaround', p.workaround],
    ['Resolution', p.resolution],
  ];
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        {rows.map(([label, value]) => (
          <div key={label}>
            <Text size="sm" fw={600}>
              {label}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {value || '—'}
            </Text>
          </div>
        ))}
      </Stack>
    </Paper>
  );
}

const EDIT_FIELDS = ['status', 'rootCause', 'resolution', 'workaround', 'workaroundExpiresOn'] as const;

function EditProblem({ slug, data }: { slug: string; data: ProblemDetail }) {
  const p = data.problem;
  const update = useUpdateProblem(slug);
  const { form, formError } = useApiForm(
    {
      status: p.status,
      description: p.description,
      rootCause: p.rootCause,
      resolution: p.resolution,
      knownError: p.knownError,
      workaroundKind: p.workaroundKind,
      workaround: p.workaround,
      workaroundExpiresOn: p.workaroundExpiresOn ?? '',
    },
    update.error,
    EDIT_FIELDS,
  );
  const f = form.values;
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="form"
      aria-label="Problem record"
      onSubmit={(e: React.FormEvent) => {
        e.preventDefault();
        update.mutate({
          problem: p,
          change: {
            status: f.status,
            description: f.description,
            rootCause: f.rootCause,
            resolution: f.resolution,
            knownError: f.knownError,
            ...workaroundBody(f),
          },
        });
      }}
    >
      <Stack>
        <Select
          label="Status"
          {...form.getInputProps('status')}
          data={Object.entries(PROBLEM_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
          allowDeselect={false}
        />
        <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
        <Textarea label="Root cause" autosize minRows={2} {...form.getInputProps('rootCause')} />
        <WorkaroundFields kind={f.workaroundKind} inputProps={form.getInputProps} />
        <Checkbox
          label="Known error (cause and workaround are known)"
          {...form.getInputProps('knownError', { type: 'checkbox' })}
        />
        <Textarea label="Resolution" autosize minRows={2} {...form.getInputProps('resolution')} />
        <FormAlert message={formError} />
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            Last changed {formatDateTime(p.updatedAt)}
          </Text>
          <Button type="submit" loading={update.isPending}>
            Save problem
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function LinkedTickets({ slug, data }: { slug: string; data: ProblemDetail }) {
  const key = data.problem.key;
  const link = useLinkTicket(slug, key);
  const unlink = useUnlinkTicket(slug, key);
  const [ticket, setTicket] = useState('');
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="linked-title">
      <Title order={2} size="h5" id="linked-title" mb="xs">
        Linked tickets ({data.tickets.length})
      </Title>
      <RemovableList
        items={data.tickets}
        empty="No tickets linked yet."
        itemKey={(t) => t.key}
        nowrap
        render={(t) => (
          <Text size="sm">
            <AnchorLink to="/w/$ws/tickets/$key" params={{ ws: slug, key: t.key }} size="sm">
              {t.key}
            </AnchorLink>{' '}
            {t.subject}
          </Text>
        )}
        remove={
          data.abilities.manage
            ? { label: (t) => `Unlink ${t.key}`, onRemove: (t) => unlink.mutate(t.key) }
            : undefined
        }
      />
      {data.abilities.manage && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            link.mutate(ticket.trim(), { onSuccess: () => setTicket('') });
          }}
        >
          <Group mt="sm" align="flex-end" gap="xs">
            <TextInput
              label="Link a ticket"
              placeholder="ACME-42"
              value={ticket}
              onChange={(e) => setTicket(e.currentTarget.value)}
              error={link.error ? (link.error as Error).message : undefined}
              style={{ flex: 1 }}
            />
            <Button type="submit" variant="light" loading={link.isPending} disabled={!ticket.trim()}>
              Link
            </Button>
          </Group>
        </form>
      )}
    </Paper>
  );
}
