import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  List,
  Paper,
  Progress,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import {
  IconCircleCheck,
  IconCircleDashed,
  IconDownload,
  IconHelpCircle,
  IconShieldCheck,
} from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { errorMessage } from '../ui/error-display';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { TitledSection } from '../ui/titled-section';
import { type ExitPlanData, type ExitRunData, useExitPlan, useStartRun } from './api';

const route = getRouteApi('/_app/w/$ws/exit');

const STATE_ICON = {
  done: <IconCircleCheck size={20} color="var(--mantine-color-teal-7)" aria-hidden />,
  todo: <IconCircleDashed size={20} color="var(--mantine-color-orange-7)" aria-hidden />,
  not_recorded: <IconHelpCircle size={20} color="var(--mantine-color-gray-6)" aria-hidden />,
} as const;
const STATE_LABEL = { done: 'Done', todo: 'To do', not_recorded: 'Not recorded' } as const;
const STATUS_LABEL: Record<ExitRunData['status'], string> = {
  queued: 'Queued',
  running: 'Running',
  ready: 'Ready to download',
  passed: 'Verified',
  failed: 'Failed',
  expired: 'Removed',
};
const STATUS_COLOR: Record<ExitRunData['status'], string> = {
  queued: 'gray',
  running: 'blue',
  ready: 'teal',
  passed: 'teal',
  failed: 'red',
  expired: 'gray',
};

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');
const megabytes = (bytes: number | null) => (bytes === null ? '' : `${(bytes / 1_048_576).toFixed(1)} MB`);

export function ExitPlanPage() {
  const { ws: slug } = route.useParams();
  const plan = useExitPlan(slug);
  return (
    <Page
      title="Exit plan"
      description="What the business keeps if the provider changes: the whole workspace in open formats, proven to restore, and what is left to hand over."
    >
      {!plan.isSuccess ? (
        <QueryStatus query={plan} label="Loading the exit plan" />
      ) : (
        <ExitPlanView slug={slug} plan={plan.data} />
      )}
    </Page>
  );
}

function ExitPlanView({ slug, plan }: { slug: string; plan: ExitPlanData }) {
  return (
    <Stack gap="lg">
      <TitledSection title="Offboarding clause">
        {plan.offboardingClause.recorded ? (
          <Text style={{ whiteSpace: 'pre-wrap' }}>{plan.offboardingClause.text}</Text>
        ) : (
          <Text c="dimmed" size="sm">
            Not recorded: the engagement's offboarding clause is not in Tandem yet. Record it with the
            engagement so everyone knows what the provider owes at the end.
          </Text>
        )}
      </TitledSection>
      <Checklist plan={plan} />
      <ExportSection slug={slug} plan={plan} />
    </Stack>
  );
}

function Checklist({ plan }: { plan: ExitPlanData }) {
  return (
    <section aria-labelledby="exit-checklist">
      <Title order={2} size="h4" id="exit-checklist" mb="xs">
        Checklist for a change of provider
      </Title>
      <Stack gap="sm">
        {plan.checklist.map((item) => (
          <Paper key={item.key} withBorder p="sm" radius="md" data-testid={`check-${item.key}`}>
            <Group gap="sm" wrap="nowrap" align="flex-start">
              {STATE_ICON[item.state]}
              <Stack gap={2} style={{ flex: 1 }}>
                <Group gap="xs">
                  <Text fw={600}>{item.title}</Text>
                  <Badge
                    variant="light"
                    color={item.state === 'done' ? 'teal' : item.state === 'todo' ? 'orange' : 'gray'}
                  >
                    {STATE_LABEL[item.state]}
                  </Badge>
                </Group>
                <Text size="sm">{item.summary}</Text>
                {item.records.length > 0 && (
                  <List size="sm" spacing={2}>
                    {item.records.map((r) => (
                      <List.Item key={r.link + r.label}>
                        <Anchor href={r.link}>{r.label}</Anchor>
                      </List.Item>
                    ))}
                  </List>
                )}
              </Stack>
            </Group>
          </Paper>
        ))}
      </Stack>
    </section>
  );
}

function ExportSection({ slug, plan }: { slug: string; plan: ExitPlanData }) {
  const startExport = useStartRun(slug, 'export');
  const startVerify = useStartRun(slug, 'verify');
  const busy = (kind: string) =>
    plan.runs.some((r) => r.kind === kind && (r.status === 'queued' || r.status === 'running'));
  const verified = plan.lastVerifiedExport;
  return (
    <section aria-labelledby="exit-exports">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="exit-exports">
          Exports
        </Title>
        {(plan.abilities.export || plan.abilities.verify) && (
          <Group gap="xs">
            {plan.abilities.verify && (
              <Button
                variant="default"
                leftSection={<IconShieldCheck size={16} aria-hidden />}
                loading={startVerify.isPending}
                disabled={busy('verify')}
                onClick={() => startVerify.mutate()}
              >
                Verify the exit plan
              </Button>
            )}
            {plan.abilities.export && (
              <Button
                leftSection={<IconDownload size={16} aria-hidden />}
                loading={startExport.isPending}
                disabled={busy('export')}
                onClick={() => startExport.mutate()}
              >
                Prepare an export
              </Button>
            )}
          </Group>
        )}
      </Group>
      {(startExport.error || startVerify.error) && (
        <Alert color="red" mb="sm" role="alert">
          {errorMessage(startExport.error ?? startVerify.error)}
        </Alert>
      )}
      <Text size="sm" mb="sm" data-testid="last-verified">
        {verified
          ? `Last verified export: ${when(verified.finishedAt)} (export → import into a scratch database → export gave the same data).`
          : 'No export has been verified yet.'}
      </Text>
      {plan.runs.length === 0 ? (
        <EmptyState
          title="No export yet"
          description={
            plan.abilities.export
              ? 'Prepare an export to download the whole workspace as one archive (JSON Lines, CSV, Markdown and the original files), or verify that it restores.'
              : 'The internal IT lead prepares and verifies exports of the workspace.'
          }
        />
      ) : (
        <DataTable
          minWidth={640}
          striped
          aria-label="Exports and verifications"
          head={['Requested', 'Kind', 'Status', 'Result']}
        >
          {plan.runs.map((run) => (
            <RunRow key={run.id} run={run} />
          ))}
        </DataTable>
      )}
    </section>
  );
}

function RunRow({ run }: { run: ExitRunData }) {
  const percent = run.progress.total > 0 ? Math.round((100 * run.progress.done) / run.progress.total) : 0;
  return (
    <Table.Tr data-testid={`run-${run.id}`}>
      <Table.Td>{when(run.createdAt)}</Table.Td>
      <Table.Td>{run.kind === 'export' ? 'Export' : 'Verification'}</Table.Td>
      <Table.Td>
        <Badge variant="light" color={STATUS_COLOR[run.status]}>
          {STATUS_LABEL[run.status]}
        </Badge>
      </Table.Td>
      <Table.Td>
        {run.status === 'running' || run.status === 'queued' ? (
          <Progress value={percent} aria-label={`${percent}% done`} animated />
        ) : run.downloadUrl ? (
          <Anchor href={run.downloadUrl} download>
            Download ({megabytes(run.archiveBytes)})
          </Anchor>
        ) : (
          <Text size="sm">
            {run.detail ?? (run.status === 'passed' ? 'Same data after the round trip.' : '')}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
