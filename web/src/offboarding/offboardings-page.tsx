import { Badge, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconUserMinus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { ErrorState, FormAlert } from '../ui/error-display';
import { formatDateTime, pluralise } from '../ui/format';
import { ListSkeleton, PagePending } from '../ui/loading';
import { Page } from '../ui/page-layout';
import { type Offboarding, offboardingQueryOptions, offboardingsQueryOptions, useCompleteTask } from './api';

const route = getRouteApi('/_app/w/$ws/offboardings');

/** Offboarding records: what each did, and the tasks left, confirmed with evidence. */
export function OffboardingsPage() {
  const { ws: slug } = route.useParams();
  const list = useQuery(offboardingsQueryOptions(slug));
  const description =
    'Offboard a person from the members page (the action menu beside them). Each record lists what was done and the tasks left; it completes when every task is confirmed with evidence.';
  if (!list.isSuccess)
    return (
      <PagePending
        query={list}
        title="Offboarding"
        label="Loading offboarding records"
        description={description}
      />
    );
  return (
    <Page title="Offboarding" description={description}>
      {list.data.offboardings.length === 0 ? (
        <EmptyState
          icon={<IconUserMinus size={28} aria-hidden />}
          title="Nobody has been offboarded yet"
          description="When someone leaves, open the members page and choose Offboard in the menu beside them: you see what will happen before anything changes."
        />
      ) : (
        <Stack gap="sm">
          {list.data.offboardings.map((o) => (
            <Record key={o.id} slug={slug} id={o.id} />
          ))}
        </Stack>
      )}
    </Page>
  );
}

function Record({ slug, id }: { slug: string; id: string }) {
  const found = useQuery(offboardingQueryOptions(slug, id));
  if (found.isPending) return <ListSkeleton rows={1} label="Loading the record" />;
  if (found.isError) return <ErrorState error={found.error} />;
  const o = found.data.offboarding;
  return (
    <Paper withBorder p="md" radius="md" component="article" aria-label={`${o.key} ${o.person.name}`}>
      <Group justify="space-between">
        <Title order={2} size="h5">
          {o.key} {o.person.name}
        </Title>
        <Badge color={o.status === 'completed' ? 'teal' : 'orange'} variant="light">
          {o.status === 'completed' ? 'Completed' : 'In progress'}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed">
        Started {formatDateTime(o.startedAt)}
        {o.completedAt && `, completed ${formatDateTime(o.completedAt)}`}. Returned to the queue:{' '}
        {o.outcome.ticketsReturned.map((t) => t.key).join(', ') || 'no tickets'};{' '}
        {pluralise(o.outcome.shiftsReleased, 'on-call shift')} released;{' '}
        {pluralise(o.outcome.tokensRevoked, 'API token')} revoked
        {o.outcome.passedTo && `; reviews passed to ${o.outcome.passedTo.name}`}.
      </Text>
      {o.tasks.length > 0 && <Tasks slug={slug} offboarding={o} />}
    </Paper>
  );
}

function Tasks({ slug, offboarding }: { slug: string; offboarding: Offboarding }) {
  return (
    <DataTable mt="sm" withTableBorder scope="col" head={['Task', 'Status and evidence']}>
      {offboarding.tasks.map((task) => (
        <Table.Tr key={task.id}>
          <Table.Td>{task.label}</Table.Td>
          <Table.Td>
            {task.status === 'done' ? (
              <Text size="sm">Done: {task.evidence}</Text>
            ) : offboarding.abilities.completeTask ? (
              <CompleteTask slug={slug} offboardingId={offboarding.id} taskId={task.id} label={task.label} />
            ) : (
              <Text size="sm">Open</Text>
            )}
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}

function CompleteTask({
  slug,
  offboardingId,
  taskId,
  label,
}: {
  slug: string;
  offboardingId: string;
  taskId: string;
  label: string;
}) {
  const [evidence, setEvidence] = useState('');
  const complete = useCompleteTask(slug, offboardingId);
  function submit(event: FormEvent) {
    event.preventDefault();
    complete.mutate({ taskId, evidence: evidence.trim() });
  }
  return (
    <form onSubmit={submit}>
      <FormAlert message={complete.error ? (complete.error as Error).message : null} />
      <Group gap="xs" align="flex-end">
        <TextInput
          size="xs"
          label="Evidence"
          aria-label={`Evidence for: ${label}`}
          placeholder="How it was done"
          value={evidence}
          onChange={(e) => setEvidence(e.currentTarget.value)}
        />
        <Button size="xs" type="submit" loading={complete.isPending} disabled={!evidence.trim()}>
          Confirm done
        </Button>
      </Group>
    </form>
  );
}
