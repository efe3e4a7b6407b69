import {
  Badge,
  Button,
  Group,
  MultiSelect,
  Paper,
  Select,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus, IconSchool } from '@tabler/icons-react';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { usePartyMembers } from '../members/api';
import { ContinuityTabs } from '../problems/continuity-tabs';
import { useResponsibilityMap } from '../responsibility/api';
import { useSystems } from '../systems/api';
import { useApiForm } from '../ui/api-form';
import { DataTable } from '../ui/data-table';
import { Dialog } from '../ui/dialog';
import { DialogForm } from '../ui/dialog-form';
import { EmptyState } from '../ui/empty-state';
import { FormAlert } from '../ui/error-display';
import { formatDate, formatDateTime } from '../ui/format';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { AnchorLink } from '../ui/router-links';
import { useParties } from '../workspaces/api';
import { useAttendance, useCreateHandover, useHandovers } from './api';
import { ArticlesProducedSelect } from './articles-select';

const route = getRouteApi('/_app/w/$ws/handovers');

export function HandoversPage() {
  const { ws: slug } = route.useParams();
  const sessions = useHandovers(slug);
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <Page
      title="Handover sessions"
      description="Knowledge-transfer sessions, so the internal team grows more capable each quarter."
      actions={
        sessions.data?.abilities.manage && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>
            Record a session
          </Button>
        )
      }
    >
      <ContinuityTabs slug={slug} current="handovers" />
      {!sessions.isSuccess ? (
        <QueryStatus query={sessions} label="Loading handover sessions" />
      ) : sessions.data.items.length === 0 ? (
        <EmptyState
          icon={<IconSchool aria-hidden />}
          title="No sessions yet"
          description="Record a walkthrough the provider gave the internal team, with who attended."
        />
      ) : (
        <Paper withBorder radius="md">
          <DataTable
            verticalSpacing="sm"
            highlightOnHover
            head={['Topic', 'Date', 'Presented by', 'Attendance', 'Articles']}
          >
            {sessions.data.items.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  <AnchorLink to="/w/$ws/handovers/$id" params={{ ws: slug, id: s.id }} fw={600}>
                    {s.topic}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{formatDateTime(s.heldAt)}</Table.Td>
                <Table.Td>{s.presenterParty.name}</Table.Td>
                <Table.Td>
                  {s.attended} of {s.invited}
                </Table.Td>
                <Table.Td>{s.articleIds.length}</Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </Paper>
      )}
      <AttendanceSection slug={slug} />
      <Dialog opened={opened} onClose={close} size="lg" closeOnClickOutside={false}>
        <NewSessionForm slug={slug} onDone={close} />
      </Dialog>
    </Page>
  );
}

function AttendanceSection({ slug }: { slug: string }) {
  const attendance = useAttendance(slug);
  return (
    <section aria-labelledby="attendance-title">
      <Title order={2} size="h4" id="attendance-title" mb="sm">
        Attendance per person
      </Title>
      {!attendance.isSuccess ? (
        <QueryStatus query={attendance} rows={2} label="Loading attendance" />
      ) : attendance.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nobody has been invited to a session yet.
        </Text>
      ) : (
        <Paper withBorder radius="md">
          <DataTable
            aria-label="Attendance per person"
            head={['Person', 'Invited', 'Attended', 'Rate', 'Last attended']}
          >
            {attendance.data.items.map((a) => (
              <Table.Tr key={a.personId}>
                <Table.Td>{a.name}</Table.Td>
                <Table.Td>{a.invited}</Table.Td>
                <Table.Td>{a.attended}</Table.Td>
                <Table.Td>
                  <Badge color={a.rate >= 0.75 ? 'teal' : a.rate >= 0.5 ? 'yellow' : 'red'} variant="light">
                    {Math.round(a.rate * 100)}%
                  </Badge>
                </Table.Td>
                <Table.Td>{formatDate(a.lastAttendedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </Paper>
      )}
    </section>
  );
}

const localNow = () => {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
};

const FIELDS = ['topic', 'heldAt', 'presenterPartyId', 'attendees', 'notes'] as const;

function NewSessionForm({ slug, onDone }: { slug: string; onDone: () => void }) {
  const create = useCreateHandover(slug);
  const navigate = useNavigate();
  const parties = useParties(slug);
  const internal = parties.data?.items.find((p) => p.kind === 'internal');
  const provider = parties.data?.items.find((p) => p.kind === 'provider');
  const staff = usePartyMembers(slug, internal?.id ?? null);
  const map = useResponsibilityMap(slug);
  const systems = useSystems(slug);
  // `attendees` holds the invited people's ids; the request marks each as attended.
  const { form, formError } = useApiForm(
    {
      topic: '',
      heldAt: localNow(),
      presenterPartyId: null as string | null,
      serviceIds: [] as string[],
      systemIds: [] as string[],
      articleIds: [] as string[],
      attendees: [] as string[],
      notes: '',
    },
    create.error,
    FIELDS,
  );
  const f = form.values;
  const presenterId = f.presenterPartyId ?? provider?.id ?? internal?.id ?? null;
  return (
    <DialogForm
      title="Record a handover session"
      onSubmit={(e) => {
        e.preventDefault();
        if (!presenterId) return;
        create.mutate(
          {
            topic: f.topic,
            heldAt: new Date(f.heldAt).toISOString(),
            presenterPartyId: presenterId,
            serviceIds: f.serviceIds,
            systemIds: f.systemIds,
            articleIds: f.articleIds,
            notes: f.notes,
            attendees: f.attendees.map((membershipId) => ({ membershipId, attended: true })),
          },
          {
            onSuccess: ({ session }) => {
              onDone();
              void navigate({ to: '/w/$ws/handovers/$id', params: { ws: slug, id: session.id } });
            },
          },
        );
      }}
      onCancel={onDone}
      submitLabel="Save session"
      pending={create.isPending}
    >
      <TextInput label="Topic" required {...form.getInputProps('topic')} />
      <Group grow>
        <TextInput type="datetime-local" label="Held at" required {...form.getInputProps('heldAt')} />
        <Select
          label="Presented by"
          {...form.getInputProps('presenterPartyId')}
          value={presenterId}
          data={(parties.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
          allowDeselect={false}
        />
      </Group>
      <MultiSelect
        label="Services"
        searchable
        {...form.getInputProps('serviceIds')}
        data={(map.data?.services ?? []).map((s) => ({ value: s.id, label: s.name }))}
      />
      <MultiSelect
        label="Systems"
        searchable
        {...form.getInputProps('systemIds')}
        data={(systems.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
      />
      <MultiSelect
        label="Attendees (internal staff)"
        description="Everyone chosen is marked as attended; change it on the session page."
        searchable
        {...form.getInputProps('attendees')}
        data={(staff.data?.items ?? [])
          .filter((m) => m.role !== 'viewer')
          .map((m) => ({ value: m.id, label: m.account.name }))}
      />
      <ArticlesProducedSelect slug={slug} {...form.getInputProps('articleIds')} />
      <Textarea label="Notes" autosize minRows={3} {...form.getInputProps('notes')} />
      <FormAlert message={formError} />
    </DialogForm>
  );
}
