import {
  Badge,
  Button,
  Group,
  Paper,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconCalendarEvent, IconPlus, IconTransform } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useApiForm } from '../ui/api-form';
import { EmptyState } from '../ui/empty-state';
import { FormAlert } from '../ui/error-display';
import { FormActions } from '../ui/form-actions';
import { LockedPage } from '../ui/locked-page';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { AnchorLink, ButtonLink } from '../ui/router-links';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { useWorkspace } from '../workspaces/api';
import { isStaff } from '../workspaces/membership';
import { useChanges, useChangeWrite, useSuccessRate, useTemplates } from './api';
import { ChangeStatusBadge, formatWindow, RiskBadge, TypeBadge } from './badges';
import { NewChangeDialog } from './new-change-dialog';

const route = getRouteApi('/_app/w/$ws/changes');

const TABS = [
  { value: 'all', label: 'All', status: undefined },
  { value: 'awaiting', label: 'Awaiting approval', status: 'submitted' },
  { value: 'upcoming', label: 'Scheduled and in progress', status: 'scheduled,in_progress' },
  { value: 'drafts', label: 'Drafts and rejected', status: 'draft,rejected' },
  { value: 'done', label: 'Done', status: 'implemented,failed,backed_out,reviewed' },
] as const;

export function ChangesPage() {
  const { ws: slug } = route.useParams();
  const membership = useWorkspace(slug).data?.membership;
  if (membership && !isStaff(membership))
    return (
      <LockedPage
        title="Changes"
        notice="Changes are planned by IT staff"
        description="Planned work that affects you is announced by your IT team."
      />
    );
  return <ChangeList slug={slug} />;
}

function ChangeList({ slug }: { slug: string }) {
  const [tab, setTab] = useState<(typeof TABS)[number]['value']>('all');
  const [creating, setCreating] = useState(false);
  const status = TABS.find((t) => t.value === tab)?.status;
  const changes = useChanges(slug, status);
  const items = changes.data?.items ?? [];
  const mayCreate = changes.data?.abilities.create === true;

  return (
    <Page
      title="Changes"
      description="Planned changes to services and systems: approved by the holder of the decision right, carried out by the implementing party, reviewed when they fail or were emergencies."
      actions={
        <>
          <ButtonLink
            to="/w/$ws/change-calendar"
            params={{ ws: slug }}
            variant="default"
            leftSection={<IconCalendarEvent size={16} aria-hidden />}
          >
            Change calendar
          </ButtonLink>
          {mayCreate && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
              Raise a change
            </Button>
          )}
        </>
      }
    >
      <Tabs value={tab} onChange={(v) => setTab((v as typeof tab) ?? 'all')} variant="pills">
        <Tabs.List aria-label="Which changes">
          {TABS.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <QueryStatus query={changes} rows={4} label="Loading changes" />
      {changes.isSuccess && items.length === 0 && (
        <EmptyState
          icon={<IconTransform aria-hidden />}
          title={tab === 'all' ? 'No changes yet' : 'Nothing here'}
          description={
            mayCreate
              ? 'Raise a change for planned work on a service or system: give it a window, the plans and the risk, then submit it for approval.'
              : 'Changes raised by either party are listed here.'
          }
          action={
            mayCreate && tab === 'all' ? (
              <Button onClick={() => setCreating(true)}>Raise a change</Button>
            ) : undefined
          }
        />
      )}
      {items.length > 0 && (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={800}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Change</Table.Th>
                  <Table.Th miw={185} w={185}>
                    Status
                  </Table.Th>
                  <Table.Th miw={140} w={140}>
                    Risk
                  </Table.Th>
                  <Table.Th>Implementing party</Table.Th>
                  <Table.Th>Window</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <TypeBadge type={c.type} />
                        <AnchorLink to="/w/$ws/changes/$key" params={{ ws: slug, key: c.key }} fw={600}>
                          {c.key} {c.title}
                        </AnchorLink>
                      </Group>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <ChangeStatusBadge status={c.status} />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <RiskBadge level={c.riskLevel} />
                    </Table.Td>
                    <Table.Td>{c.implementingParty?.name ?? <Text c="dimmed">Not set</Text>}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatWindow(c.plannedStart, c.plannedEnd, c.timezone)}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <SuccessRate slug={slug} />
      <TemplatesSection slug={slug} />
      <NewChangeDialog slug={slug} opened={creating} onClose={() => setCreating(false)} />
    </Page>
  );
}

/** The last six months' change success rate (implemented ÷ completed), month by month. */
function SuccessRate({ slug }: { slug: string }) {
  const [range] = useState(() => {
    const now = new Date();
    return {
      from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 5, 1)).toISOString(),
      to: now.toISOString(),
    };
  });
  const rate = useSuccessRate(slug, range.from, range.to);
  if (!rate.isSuccess) return null;
  const percent = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);
  return (
    <Stack gap="xs" component="section" aria-labelledby="success-heading">
      <Title order={2} size="h4" id="success-heading">
        Change success rate
      </Title>
      <Text size="sm" c="dimmed">
        Implemented ÷ completed over the last six months: {percent(rate.data.overall.rate)} of{' '}
        {rate.data.overall.completed} completed changes. Failed and backed-out changes count against it.
      </Text>
      <Group gap="xs">
        {rate.data.periods.map((p) => (
          <Paper key={p.period} withBorder px="sm" py={6} radius="md">
            <Text size="xs" c="dimmed">
              {p.period}
            </Text>
            <Text fw={600} aria-label={`${p.period}: ${percent(p.rate)} of ${p.completed}`}>
              {percent(p.rate)}{' '}
              <Text span size="xs" c="dimmed">
                of {p.completed}
              </Text>
            </Text>
          </Paper>
        ))}
      </Group>
    </Stack>
  );
}

function TemplatesSection({ slug }: { slug: string }) {
  const templates = useTemplates(slug);
  const [proposing, setProposing] = useState(false);
  const items = templates.data?.items ?? [];
  return (
    <Stack gap="sm" component="section" aria-labelledby="templates-heading">
      <Group justify="space-between">
        <Title order={2} size="h4" id="templates-heading">
          Standard change templates
        </Title>
        {templates.data?.abilities.propose && !proposing && (
          <Button variant="light" size="xs" onClick={() => setProposing(true)}>
            Propose a template
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        A template is approved once, as a decision; changes made from it are then scheduled without asking
        again.
      </Text>
      {proposing && <ProposeTemplateForm slug={slug} onDone={() => setProposing(false)} />}
      {templates.isSuccess && items.length === 0 && !proposing && (
        <Text size="sm">
          No templates yet. Propose one for routine, low-risk work such as monthly patching.
        </Text>
      )}
      {items.map((t) => (
        <Paper key={t.id} withBorder p="sm" radius="md">
          <Group justify="space-between">
            <Text fw={600}>
              {t.key} {t.title}
            </Text>
            <Group gap="xs">
              <RiskBadge level={t.riskLevel} />
              <Badge color={t.status === 'approved' ? 'green' : t.status === 'proposed' ? 'yellow' : 'gray'}>
                {t.status}
              </Badge>
              {t.decision && (
                <AnchorLink
                  to="/w/$ws/decisions/$number"
                  params={{ ws: slug, number: String(t.decision.number) }}
                >
                  {t.decision.key}
                </AnchorLink>
              )}
            </Group>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

const TEMPLATE_FIELDS = ['title', 'implementationPlan', 'backoutPlan'] as const;

function ProposeTemplateForm({ slug, onDone }: { slug: string; onDone: () => void }) {
  const write = useChangeWrite(slug);
  const keyFor = useIdempotencyKey();
  const { form, formError } = useApiForm(
    { title: '', implementationPlan: '', backoutPlan: '' },
    write.error,
    TEMPLATE_FIELDS,
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    const { title, implementationPlan, backoutPlan } = form.values;
    const body = { title: title.trim(), implementationPlan, backoutPlan };
    write.mutate({ path: '/change-templates', body, idempotencyKey: keyFor(body) }, { onSuccess: onDone });
  }
  return (
    <Paper withBorder p="md" radius="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <FormAlert message={formError} />
          <TextInput label="Title" required {...form.getInputProps('title')} />
          <Textarea label="Implementation plan" autosize {...form.getInputProps('implementationPlan')} />
          <Textarea label="Back-out plan" autosize {...form.getInputProps('backoutPlan')} />
          <FormActions onCancel={onDone}>
            <Button type="submit" loading={write.isPending}>
              Propose for approval
            </Button>
          </FormActions>
        </Stack>
      </form>
    </Paper>
  );
}
