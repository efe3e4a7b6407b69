import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { FormAlert } from '../ui/error-display';
import { formatDateTime } from '../ui/format';
import { type Engagement, type Proposal, useDecideProposal } from './api';

/** Proposed changes to the terms: what each changes, and approve / reject for the internal lead. */
export function ProposalsCard({ slug, engagement }: { slug: string; engagement: Engagement }) {
  const decide = useDecideProposal(slug, engagement.id);
  const open = engagement.proposals.filter((p) => p.status === 'open');
  const decided = engagement.proposals.filter((p) => p.status !== 'open').slice(0, 5);
  if (engagement.proposals.length === 0) return null;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="proposals-heading">
      <Title order={2} size="h4" id="proposals-heading" mb="xs">
        Proposals {open.length > 0 && <Badge ml={4}>{open.length} open</Badge>}
      </Title>
      <FormAlert message={decide.error ? (decide.error as Error).message : null} />
      <Stack gap="sm">
        {open.length === 0 && (
          <Text size="sm" c="dimmed">
            No proposal is waiting.
          </Text>
        )}
        {[...open, ...decided].map((p) => (
          <Stack key={p.id} gap={4} aria-label={`Proposal by ${p.proposedBy?.name ?? 'someone'}`}>
            <Group gap="xs">
              <Text fw={600}>{p.summary}</Text>
              <Badge
                size="sm"
                variant="light"
                color={p.status === 'open' ? 'blue' : p.status === 'approved' ? 'teal' : 'gray'}
              >
                {p.status}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed">
              Proposed by {p.proposedBy?.name ?? 'someone'} on {formatDateTime(p.createdAt)}, based on version{' '}
              {p.baseVersion}
              {p.resultVersion && `; became version ${p.resultVersion}`}
              {p.decisionNote && ` (${p.decisionNote})`}
            </Text>
            {p.status === 'open' && <ChangedClauses engagement={engagement} proposal={p} />}
            {p.status === 'open' && engagement.abilities.decide && (
              <Group gap="xs">
                <Button
                  size="xs"
                  loading={decide.isPending}
                  onClick={() =>
                    decide.mutate(
                      { proposalId: p.id, decision: 'approve' },
                      {
                        onSuccess: () =>
                          notifications.show({
                            color: 'teal',
                            message: 'Proposal approved: a new version of the terms.',
                          }),
                      },
                    )
                  }
                >
                  Approve
                </Button>
                <Button
                  size="xs"
                  variant="default"
                  loading={decide.isPending}
                  onClick={() => decide.mutate({ proposalId: p.id, decision: 'reject' })}
                >
                  Reject
                </Button>
              </Group>
            )}
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
}

function ChangedClauses({ engagement, proposal }: { engagement: Engagement; proposal: Proposal }) {
  const changed = proposal.terms.clauses.filter(
    (c) => engagement.terms.clauses.find((x) => x.kind === c.kind)?.text !== c.text,
  );
  if (changed.length === 0) return null;
  return (
    <Stack gap={2}>
      {changed.map((c) => (
        <Text key={c.kind} size="sm">
          <strong>{c.title}:</strong> {c.text}
        </Text>
      ))}
    </Stack>
  );
}
