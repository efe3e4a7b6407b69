import { Badge, Button, Group, List, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useApiForm } from '../ui/api-form';
import { Dialog } from '../ui/dialog';
import { DialogForm } from '../ui/dialog-form';
import { ErrorState, FormAlert } from '../ui/error-display';
import { formatDateTime, formatRelative } from '../ui/format';
import { QueryStatus } from '../ui/query-status';
import { AnchorLink } from '../ui/router-links';
import {
  type Proposal,
  useAcceptProposal,
  useDismissProposal,
  useProposals,
  useRunDetection,
  useRuns,
  type WorkaroundKind,
} from './api';
import { useOpenCreatedProblem } from './new-problem-dialog';
import { WorkaroundFields, workaroundBody } from './workaround-fields';

const SHOWN_TICKETS = 6;
/** The newest proposals shown at first: a busy desk can have dozens, and the problem records follow. */
const SHOWN_PROPOSALS = 5;

/** Groups of similar recent tickets found by the recurrence job, for staff to accept or dismiss. */
export function ProposalsCard({
  slug,
  canManage,
  canRun,
}: {
  slug: string;
  canManage: boolean;
  canRun: boolean;
}) {
  const proposals = useProposals(slug);
  // The run is queued for the job worker: poll the runs until a new one has finished.
  const [waitingAfter, setWaitingAfter] = useState<string | null | undefined>(undefined);
  const run = useRunDetection(slug);
  // Said from the click on, not only once the request is queued.
  const waiting = waitingAfter !== undefined || run.isPending;
  const runs = useRuns(slug, waiting);
  const latest = runs.data?.items[0];
  const refetchProposals = proposals.refetch;
  // What the last check started from this page found, said in the card until the next one.
  const [outcome, setOutcome] = useState<string | null>(null);
  useEffect(() => {
    if (waitingAfter !== undefined && latest?.finishedAt && latest.id !== waitingAfter) {
      setWaitingAfter(undefined);
      setOutcome(runOutcome(latest.ticketsScanned, latest.proposalsCreated));
      void refetchProposals();
    }
  }, [waitingAfter, latest, refetchProposals]);
  const [accepting, setAccepting] = useState<Proposal | null>(null);
  const [dismissing, setDismissing] = useState<Proposal | null>(null);
  const [showAll, setShowAll] = useState(false);
  const items = proposals.data?.items ?? [];
  const shown = showAll ? items : items.slice(0, SHOWN_PROPOSALS);

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="proposals-title">
      <Group justify="space-between" mb="sm">
        <div>
          <Title order={2} size="h4" id="proposals-title">
            Recurring tickets found
          </Title>
          <Text size="sm" c="dimmed">
            {latest
              ? `Last checked ${formatRelative(latest.finishedAt ?? latest.startedAt)}: ${latest.ticketsScanned} recent tickets${latest.durationMs !== null ? ` in ${(latest.durationMs / 1000).toFixed(1)} s` : ''}.`
              : 'The recurrence check runs every night over the last 30 days of tickets.'}
          </Text>
        </div>
        {canRun && (
          <Button
            variant="light"
            leftSection={<IconRefresh size={16} aria-hidden />}
            loading={waiting}
            // The latest run must be known first: a check is done when a newer one has finished.
            disabled={runs.isPending}
            onClick={() => {
              const before = latest?.id ?? null;
              setOutcome(null);
              run.mutate(undefined, { onSuccess: () => setWaitingAfter(before) });
            }}
          >
            Check for recurrence now
          </Button>
        )}
      </Group>
      {/* Read out to screen readers as the check starts and when it ends. */}
      <Text size="sm" role="status" mb={waiting || outcome ? 'sm' : 0}>
        {waiting ? 'Checking recent tickets for recurrence…' : (outcome ?? '')}
      </Text>
      {run.isError && <ErrorState error={run.error} />}
      {!proposals.isSuccess ? (
        <QueryStatus query={proposals} rows={2} label="Loading recurrence proposals" />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No open proposals: no group of similar recent tickets is waiting for a decision.
        </Text>
      ) : (
        <Stack gap="sm">
          {shown.map((p) => (
            <Paper
              key={p.id}
              component="article"
              withBorder
              p="sm"
              radius="sm"
              aria-label={`Proposal: ${p.title}`}
            >
              <Group justify="space-between" align="flex-start">
                <div>
                  <Text fw={600}>{p.title}</Text>
                  <Group gap="xs" mt={4}>
                    <Badge variant="light">
                      {p.scope.kind === 'service' ? 'Service' : 'Asset'}: {p.scope.name}
                    </Badge>
                    <Badge variant="outline" color="gray">
                      {p.tickets.length} ticket{p.tickets.length === 1 ? '' : 's'} · similarity{' '}
                      {Math.round(p.averageSimilarity * 100)}%
                    </Badge>
                  </Group>
                </div>
                {canManage && (
                  <Group gap="xs">
                    <Button size="xs" onClick={() => setAccepting(p)}>
                      Accept as problem
                    </Button>
                    <Button size="xs" variant="default" onClick={() => setDismissing(p)}>
                      Dismiss
                    </Button>
                  </Group>
                )}
              </Group>
              <List size="sm" mt="xs" spacing={2}>
                {p.tickets.slice(0, SHOWN_TICKETS).map((t) => (
                  <List.Item key={t.key}>
                    <AnchorLink to="/w/$ws/tickets/$key" params={{ ws: slug, key: t.key }} size="sm">
                      {t.key}
                    </AnchorLink>{' '}
                    {t.subject}{' '}
                    <Text span size="xs" c="dimmed">
                      ({formatDateTime(t.createdAt)})
                    </Text>
                  </List.Item>
                ))}
              </List>
              {p.tickets.length > SHOWN_TICKETS && (
                <Text size="xs" c="dimmed" mt={4}>
                  and {p.tickets.length - SHOWN_TICKETS} more
                </Text>
              )}
            </Paper>
          ))}
          {items.length > SHOWN_PROPOSALS && (
            <Group>
              <Button
                variant="subtle"
                size="xs"
                aria-expanded={showAll}
                onClick={() => setShowAll((all) => !all)}
              >
                {showAll ? `Show the newest ${SHOWN_PROPOSALS} only` : `Show all ${items.length} proposals`}
              </Button>
            </Group>
          )}
        </Stack>
      )}
      <Dialog
        opened={accepting !== null}
        onClose={() => setAccepting(null)}
        size="lg"
        closeOnClickOutside={false}
      >
        {accepting && <AcceptForm slug={slug} proposal={accepting} onDone={() => setAccepting(null)} />}
      </Dialog>
      <Dialog opened={dismissing !== null} onClose={() => setDismissing(null)}>
        {dismissing && <DismissForm slug={slug} proposal={dismissing} onDone={() => setDismissing(null)} />}
      </Dialog>
    </Paper>
  );
}

const ACCEPT_FIELDS = ['title', 'rootCause', 'workaround', 'workaroundExpiresOn'] as const;

function AcceptForm({ slug, proposal, onDone }: { slug: string; proposal: Proposal; onDone: () => void }) {
  const accept = useAcceptProposal(slug);
  const openProblem = useOpenCreatedProblem(slug, onDone);
  const { form, formError } = useApiForm(
    {
      title: proposal.title.replace(/^Recurring: /, ''),
      rootCause: '',
      workaroundKind: 'none' as WorkaroundKind,
      workaround: '',
      workaroundExpiresOn: '',
    },
    accept.error,
    ACCEPT_FIELDS,
  );
  const f = form.values;
  return (
    <DialogForm
      title="Accept as a problem"
      onSubmit={(e) => {
        e.preventDefault();
        accept.mutate(
          { id: proposal.id, title: f.title, rootCause: f.rootCause, ...workaroundBody(f) },
          { onSuccess: openProblem },
        );
      }}
      onCancel={onDone}
      submitLabel="Create problem"
      pending={accept.isPending}
    >
      <Text size="sm">
        A problem is created with the {proposal.tickets.length} tickets of this group linked to it.
      </Text>
      <TextInput label="Problem title" required {...form.getInputProps('title')} />
      <Textarea label="Root cause (if known)" autosize minRows={2} {...form.getInputProps('rootCause')} />
      <WorkaroundFields kind={f.workaroundKind} inputProps={form.getInputProps} />
      <FormAlert message={formError} />
    </DialogForm>
  );
}

const DISMISS_FIELDS = ['reason'] as const;

function DismissForm({ slug, proposal, onDone }: { slug: string; proposal: Proposal; onDone: () => void }) {
  const dismiss = useDismissProposal(slug);
  const { form, formError } = useApiForm({ reason: '' }, dismiss.error, DISMISS_FIELDS);
  return (
    <DialogForm
      title="Dismiss this proposal"
      onSubmit={(e) => {
        e.preventDefault();
        dismiss.mutate({ id: proposal.id, reason: form.values.reason }, { onSuccess: onDone });
      }}
      onCancel={onDone}
      submitLabel="Dismiss"
      pending={dismiss.isPending}
      color="red"
    >
      <Text size="sm">The same group of tickets will not be proposed again.</Text>
      <Textarea label="Why is this not a problem?" required {...form.getInputProps('reason')} />
      <FormAlert message={formError} />
    </DialogForm>
  );
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function runOutcome(ticketsScanned: number, proposalsCreated: number): string {
  const scanned = `Check finished: ${plural(ticketsScanned, 'recent ticket', 'recent tickets')} compared`;
  return proposalsCreated === 0
    ? `${scanned}, no new group found.`
    : `${scanned}, ${plural(proposalsCreated, 'new proposal', 'new proposals')} below.`;
}
