import {
  Breadcrumbs,
  Button,
  Checkbox,
  Grid,
  Group,
  List,
  MultiSelect,
  Paper,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { usePartyMembers } from '../members/api';
import { useApiForm } from '../ui/api-form';
import { EmptyState } from '../ui/empty-state';
import { FormAlert } from '../ui/error-display';
import { formatDateTime } from '../ui/format';
import { PagePending } from '../ui/loading';
import { Page } from '../ui/page-layout';
import { AnchorLink } from '../ui/router-links';
import { TitledSection } from '../ui/titled-section';
import { useParties } from '../workspaces/api';
import { type HandoverDetail, useHandover, useUpdateHandover } from './api';
import { ArticlesProducedSelect } from './articles-select';

const route = getRouteApi('/_app/w/$ws/handovers/$id');

export function HandoverPage() {
  const { ws: slug, id } = route.useParams();
  const query = useHandover(slug, id);
  const crumbs = (
    <Breadcrumbs>
      <AnchorLink to="/w/$ws/handovers" params={{ ws: slug }} size="sm">
        Handover sessions
      </AnchorLink>
      <Text size="sm">{query.data?.session.topic ?? 'Session'}</Text>
    </Breadcrumbs>
  );
  if (!query.isSuccess)
    return (
      <PagePending
        query={query}
        title="Handover session"
        label="Loading the session"
        crumbs={crumbs}
        notFound={<EmptyState title="No such session" description="It may belong to another workspace." />}
      />
    );
  const d = query.data;
  return (
    <Page
      title={d.session.topic}
      description={`${formatDateTime(d.session.heldAt)} · presented by ${d.session.presenterParty.name}`}
    >
      {crumbs}
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <AttendanceCard slug={slug} data={d} key={`a${d.session.version}`} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack>
            <Paper withBorder p="md" radius="md">
              <Text size="sm" fw={600}>
                Services
              </Text>
              <Text size="sm">{d.services.map((s) => s.name).join(', ') || '—'}</Text>
              <Text size="sm" fw={600} mt="xs">
                Systems
              </Text>
              <Text size="sm">{d.systems.map((s) => s.name).join(', ') || '—'}</Text>
            </Paper>
            <NotesCard slug={slug} data={d} key={`n${d.session.version}`} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Page>
  );
}

const ATTENDANCE_FIELDS = ['attendees'] as const;
const NOTES_FIELDS = ['notes', 'articleIds'] as const;

function AttendanceCard({ slug, data }: { slug: string; data: HandoverDetail }) {
  const update = useUpdateHandover(slug);
  const parties = useParties(slug);
  const internal = parties.data?.items.find((p) => p.kind === 'internal');
  const staff = usePartyMembers(slug, internal?.id ?? null);
  const { form, formError, fieldError } = useApiForm(
    { attendees: data.attendees.map((a) => ({ ...a })) },
    update.error,
    ATTENDANCE_FIELDS,
  );
  const rows = form.values.attendees;
  const known = new Set(rows.map((r) => r.membershipId));
  const candidates = (staff.data?.items ?? []).filter((m) => !known.has(m.id) && m.role !== 'viewer');
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="attendance-card-title">
      <Title order={2} size="h5" id="attendance-card-title" mb="xs">
        Attendance ({rows.filter((r) => r.attended).length} of {rows.length})
      </Title>
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          Nobody invited yet.
        </Text>
      )}
      <Stack gap={6}>
        {rows.map((r, i) => (
          <Checkbox
            key={r.membershipId}
            label={r.name}
            {...form.getInputProps(`attendees.${i}.attended`, { type: 'checkbox' })}
            disabled={!data.abilities.manage}
          />
        ))}
      </Stack>
      {data.abilities.manage && (
        <>
          <MultiSelect
            mt="sm"
            label="Invite more internal staff"
            searchable
            value={[]}
            onChange={(ids) =>
              form.setFieldValue('attendees', (all) => [
                ...all,
                ...ids.map((id) => ({
                  membershipId: id,
                  name: candidates.find((c) => c.id === id)?.account.name ?? id,
                  attended: false,
                })),
              ])
            }
            data={candidates.map((m) => ({ value: m.id, label: m.account.name }))}
          />
          {/* useApiForm sets each field's message as a string. */}
          <FormAlert message={formError ?? fieldError('attendees')} />
          <Group justify="flex-end" mt="sm">
            <Button
              loading={update.isPending}
              onClick={() =>
                update.mutate({
                  session: data.session,
                  change: {
                    attendees: rows.map(({ membershipId, attended }) => ({ membershipId, attended })),
                  },
                })
              }
            >
              Save attendance
            </Button>
          </Group>
        </>
      )}
    </Paper>
  );
}

function NotesCard({ slug, data }: { slug: string; data: HandoverDetail }) {
  const update = useUpdateHandover(slug);
  const { form, formError } = useApiForm(
    { notes: data.session.notes, articleIds: data.session.articleIds },
    update.error,
    NOTES_FIELDS,
  );
  return (
    <TitledSection title="Notes and articles produced" headingSize="h5">
      {data.articles.length > 0 && (
        <List size="sm" mb="sm">
          {data.articles.map((a) => (
            <List.Item key={a.id}>
              {a.key} {a.title} ({a.type.replaceAll('_', ' ')})
            </List.Item>
          ))}
        </List>
      )}
      {data.abilities.manage ? (
        <Stack>
          <Textarea label="Notes" autosize minRows={3} {...form.getInputProps('notes')} />
          <ArticlesProducedSelect slug={slug} {...form.getInputProps('articleIds')} />
          <FormAlert message={formError} />
          <Group justify="flex-end">
            <Button
              variant="light"
              loading={update.isPending}
              onClick={() => update.mutate({ session: data.session, change: form.values })}
            >
              Save notes
            </Button>
          </Group>
        </Stack>
      ) : (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {data.session.notes || '—'}
        </Text>
      )}
    </TitledSection>
  );
}
