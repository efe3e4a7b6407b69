import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Progress,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { RaiseRiskButton } from '../risks/raise-risk-button';
import { DataTable } from '../ui/data-table';
import { errorMessage, FormAlert } from '../ui/error-display';
import { formatDate, formatRelative } from '../ui/format';
import { PagePending } from '../ui/loading';
import { Page } from '../ui/page-layout';
import { AnchorLink } from '../ui/router-links';
import { AccessTabs } from './access-tabs';
import {
  accessPath,
  FINDING_LABELS,
  type ReviewLine,
  TIER_LABELS,
  type Tier,
  useDecideLine,
  useReview,
} from './api';

const route = getRouteApi('/_app/w/$ws/access/reviews/$key');
const OUTCOME_COLOURS = { keep: 'green', revoke: 'red', change: 'yellow' } as const;
/** A reviewer's answers for a line, in the order of its buttons. */
const OUTCOMES = [
  ['keep', 'Keep'],
  ['revoke', 'Revoke'],
  ['change', 'Change'],
] as const;

export function ReviewPage() {
  const { ws: slug, key } = route.useParams();
  const review = useReview(slug, key);
  const [mineOnly, setMineOnly] = useState(false);
  if (!review.isSuccess)
    return <PagePending query={review} title="Access review" label="Loading the review" rows={8} />;
  const { review: r, lines, occurrence } = review.data;
  const shown = mineOnly ? lines.filter((l) => l.abilities.decide) : lines;
  const base = `${accessPath(slug)}/reviews/${r.key}`;
  return (
    <Page
      title={`${r.key} ${r.title}`}
      description={
        r.status === 'completed'
          ? `Completed ${formatDate(r.completedAt)}: ${r.total} accounts, ${r.revoked} revoked.`
          : `Due ${formatDate(r.dueAt)}. Each line is decided by its reviewer; revocations become tasks.`
      }
      actions={
        <>
          <Button
            component="a"
            href={`${base}/evidence.csv`}
            variant="default"
            leftSection={<IconDownload size={16} aria-hidden />}
          >
            Evidence (CSV)
          </Button>
          <Button
            component="a"
            href={`${base}/summary.md`}
            variant="default"
            leftSection={<IconDownload size={16} aria-hidden />}
          >
            Summary
          </Button>
        </>
      }
    >
      <AccessTabs slug={slug} current="reviews" />
      {occurrence && (
        <Text size="sm">
          Started from the recurring obligation{' '}
          <AnchorLink to="/w/$ws/obligations/occurrences/$id" params={{ ws: slug, id: occurrence.id }}>
            {occurrence.obligationKey} {occurrence.obligationTitle}, due {formatDate(occurrence.dueOn)}
          </AnchorLink>
          {r.status === 'completed'
            ? '; its evidence pack is attached to that occurrence.'
            : '; when every line is decided, the evidence pack is attached to that occurrence.'}
        </Text>
      )}
      <Paper withBorder radius="md" p="md">
        <Group justify="space-between">
          <Stack gap={4} style={{ flex: 1 }}>
            <Text size="sm" fw={600}>
              {r.decided} of {r.total} decided
              {r.overdue > 0 && (
                <Badge ml="xs" color="red" variant="light">
                  {r.overdue} overdue
                </Badge>
              )}
            </Text>
            <Progress value={r.completionRate * 100} aria-label="Review progress" />
          </Stack>
          <Badge size="lg" color={r.status === 'completed' ? 'green' : 'blue'} variant="light">
            {r.status === 'completed' ? 'Completed' : 'Open'}
          </Badge>
        </Group>
      </Paper>
      {lines.some((l) => l.abilities.decide) && (
        <Group>
          <Button size="xs" variant={mineOnly ? 'filled' : 'default'} onClick={() => setMineOnly(!mineOnly)}>
            {mineOnly ? 'Show every line' : 'Only lines I review'}
          </Button>
        </Group>
      )}
      <Paper withBorder radius="md">
        <DataTable
          minWidth={950}
          verticalSpacing="xs"
          aria-label="Review lines"
          head={[
            'System',
            'Account',
            'Person',
            'Tier',
            'Reviewer',
            'Decision',
            <VisuallyHidden key="risk">Risk</VisuallyHidden>,
          ]}
        >
          {shown.map((line) => (
            <Table.Tr key={line.id}>
              <Table.Td>{line.system}</Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {line.accountName}
                </Text>
                {line.findings.map((f) => (
                  <Badge key={f} size="xs" color="orange" variant="light" mr={4}>
                    {FINDING_LABELS[f]}
                  </Badge>
                ))}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{line.person ?? 'Nobody named'}</Text>
                <Text size="xs" c="dimmed">
                  {line.party}
                </Text>
              </Table.Td>
              <Table.Td>{TIER_LABELS[line.tier as Tier] ?? line.tier}</Table.Td>
              <Table.Td>{line.reviewer.name}</Table.Td>
              <Table.Td>
                <LineDecision slug={slug} reviewKey={r.key} line={line} />
              </Table.Td>
              <Table.Td>
                {(line.findings.length > 0 || line.outcome === 'revoke') && (
                  <RaiseRiskButton
                    slug={slug}
                    source={{ kind: 'access_review', key: r.key }}
                    title={riskTitle(line, r.key)}
                    label={`Raise a risk about ${line.accountName} on ${line.system}`}
                  />
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      </Paper>
      <Text size="xs" c="dimmed">
        The evidence pack lists every line with its decision; the summary names the audit events that recorded
        them (
        <Anchor href={`${base}/summary.md`} size="xs">
          download
        </Anchor>
        ).
      </Text>
    </Page>
  );
}

/** The prefilled risk title: the account and what was found (or that it was revoked). */
function riskTitle(line: ReviewLine, reviewKey: string) {
  const found = line.findings.map((f) => FINDING_LABELS[f].toLowerCase());
  const what = found.length > 0 ? found.join(', ') : `revoked in ${reviewKey}`;
  return `${line.accountName} on ${line.system}: ${what}`.slice(0, 200);
}

function LineDecision({ slug, reviewKey, line }: { slug: string; reviewKey: string; line: ReviewLine }) {
  const [comment, setComment] = useState('');
  const decide = useDecideLine(slug, reviewKey);
  if (line.outcome)
    return (
      <Stack gap={0}>
        <Badge color={OUTCOME_COLOURS[line.outcome]} variant="light">
          {line.outcome}
        </Badge>
        <Text size="xs" c="dimmed">
          {line.decidedBy} {formatRelative(line.decidedAt)}
          {line.comment ? `: ${line.comment}` : ''}
        </Text>
      </Stack>
    );
  if (!line.abilities.decide)
    return (
      <Text size="sm" c={line.overdue ? 'red' : 'dimmed'}>
        {line.overdue ? 'Overdue' : 'Waiting'}
      </Text>
    );
  const label = `${line.accountName} on ${line.system}`;
  return (
    <Stack gap={4}>
      <Group gap={4} wrap="nowrap">
        <TextInput
          size="xs"
          placeholder="Comment (needed to revoke or change)"
          aria-label={`Comment on ${label}`}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
        />
        {OUTCOMES.map(([outcome, word]) => (
          <Button
            key={outcome}
            size="xs"
            color={OUTCOME_COLOURS[outcome]}
            variant="light"
            aria-label={`${word} ${label}`}
            loading={decide.isPending}
            onClick={() => decide.mutate({ lineId: line.id, outcome, comment })}
          >
            {word}
          </Button>
        ))}
      </Group>
      <FormAlert message={decide.error ? errorMessage(decide.error) : null} />
    </Stack>
  );
}
