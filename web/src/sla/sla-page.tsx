import { Alert, Badge, Group, Paper, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { IconCalendarTime, IconPhoneCall, IconTargetArrow } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { EmptyState } from '../ui/empty-state';
import { ErrorState } from '../ui/error-display';
import { formatDate, formatDateTime } from '../ui/format';
import { ListSkeleton } from '../ui/loading';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { useParties, useWorkspace } from '../workspaces/api';
import { staffOnlyPage } from '../workspaces/staff-only-page';
import { useCalendars, useCoverRules, useEscalationRules, usePolicies, useRota, WEEKDAYS } from './api';
import { clockLabel, describeHours, formatBusinessMinutes, policyScope } from './labels';
import { CoverRuleForm, EscalationRuleForm } from './rule-forms';
import { CalendarForm, PolicyForm, ShiftForm } from './sla-forms';

export const SlaPage = staffOnlyPage(SlaSettings, {
  title: 'SLAs and cover',
  notice: 'SLA settings are for IT staff',
  description: 'Your tickets show when you can expect an answer.',
});

function SlaSettings({ slug }: { slug: string }) {
  return (
    <Page
      title="SLAs and cover"
      description="Working hours, targets per priority in business time, escalation, after-hours cover and who is on call."
    >
      <Tabs defaultValue="calendars" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="calendars" leftSection={<IconCalendarTime size={16} aria-hidden />}>
            Calendars
          </Tabs.Tab>
          <Tabs.Tab value="policies" leftSection={<IconTargetArrow size={16} aria-hidden />}>
            Policies and escalation
          </Tabs.Tab>
          <Tabs.Tab value="cover" leftSection={<IconPhoneCall size={16} aria-hidden />}>
            Cover and on-call
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="calendars" pt="md">
          <Calendars slug={slug} />
        </Tabs.Panel>
        <Tabs.Panel value="policies" pt="md">
          <Policies slug={slug} />
        </Tabs.Panel>
        <Tabs.Panel value="cover" pt="md">
          <Cover slug={slug} />
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}

function Calendars({ slug }: { slug: string }) {
  const calendars = useCalendars(slug);
  if (calendars.isPending) return <ListSkeleton label="Loading calendars" />;
  if (calendars.isError)
    return <ErrorState error={calendars.error} onRetry={() => void calendars.refetch()} />;
  const { items, abilities } = calendars.data;
  return (
    <Stack gap="md">
      {items.length === 0 && (
        <EmptyState
          icon={<IconCalendarTime aria-hidden />}
          title="No calendars yet"
          description="Add the internal team’s working hours first; out of those hours, cover rules decide who answers."
        />
      )}
      {items.map((cal) => (
        <Paper key={cal.id} withBorder radius="md" p="md" component="section" aria-label={cal.name}>
          <Group justify="space-between" mb="xs">
            <Title order={2} size="h4">
              {cal.name}
            </Title>
            <Group gap={6}>
              <Badge variant="light">{cal.partyName}</Badge>
              <Badge variant="outline" color="gray">
                {cal.timeZone}
              </Badge>
              {cal.is24x7 && <Badge color="teal">24x7</Badge>}
            </Group>
          </Group>
          {!cal.is24x7 && (
            <Table verticalSpacing={2} withRowBorders={false}>
              <caption className="visually-hidden">Working hours of {cal.name}</caption>
              <Table.Tbody>
                {WEEKDAYS.map((d) => (
                  <Table.Tr key={d}>
                    <Table.Th w={80} style={{ textTransform: 'capitalize' }}>
                      {d}
                    </Table.Th>
                    <Table.Td>{describeHours(cal.weeklyHours[d])}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {cal.holidays.length > 0 && <HolidaysLine holidays={cal.holidays} />}
        </Paper>
      ))}
      {(abilities.managePolicies || abilities.manageOwnParty) && <CalendarForm slug={slug} />}
    </Stack>
  );
}

function Policies({ slug }: { slug: string }) {
  const policies = usePolicies(slug);
  const rules = useEscalationRules(slug);
  const calendars = useCalendars(slug);
  if (policies.isPending || rules.isPending) return <ListSkeleton label="Loading policies" />;
  if (policies.isError) return <ErrorState error={policies.error} onRetry={() => void policies.refetch()} />;
  if (rules.isError) return <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />;
  return (
    <Stack gap="md">
      {policies.data.items.length === 0 ? (
        <EmptyState
          icon={<IconTargetArrow aria-hidden />}
          title="No SLA policies yet"
          description="Without a policy for a priority, its tickets run no clock."
        />
      ) : (
        <Table striped>
          <caption className="visually-hidden">SLA policies</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Priority</Table.Th>
              <Table.Th>Policy</Table.Th>
              <Table.Th>Applies to</Table.Th>
              <Table.Th>First response</Table.Th>
              <Table.Th>Resolution</Table.Th>
              <Table.Th>Calendar</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {policies.data.items.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{p.priority}</Table.Td>
                <Table.Td>{p.name}</Table.Td>
                <Table.Td>{policyScope(p)}</Table.Td>
                <Table.Td>{formatBusinessMinutes(p.firstResponseMinutes)}</Table.Td>
                <Table.Td>{formatBusinessMinutes(p.resolutionMinutes)}</Table.Td>
                <Table.Td>{p.calendarName}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {calendars.data?.abilities.managePolicies && (
        <PolicyForm slug={slug} calendars={calendars.data.items} />
      )}
      <Title order={2} size="h4">
        Escalation
      </Title>
      {rules.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No escalation rules: breaches are flagged on the ticket but nobody is told.
        </Text>
      ) : (
        <Table striped>
          <caption className="visually-hidden">Escalation rules</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Priority</Table.Th>
              <Table.Th>When</Table.Th>
              <Table.Th>What happens</Table.Th>
              <Table.Th>Handoff point</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rules.data.items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{r.priority}</Table.Td>
                <Table.Td>
                  {r.atPercent >= 100 ? 'At breach' : `At ${r.atPercent} %`} of{' '}
                  {clockLabel(r.clockKind).toLowerCase()}
                </Table.Td>
                <Table.Td>
                  {[
                    r.actions.notifyRoles.length > 0 &&
                      `notify the lane’s ${r.actions.notifyRoles.join(' and ')}s`,
                    r.actions.notifyOtherPartyLead && 'notify the other party’s lead',
                    r.actions.reassignToMembershipId && 'reassign',
                    r.actions.raisePriority && 'raise the priority',
                  ]
                    .filter(Boolean)
                    .join('; ')}
                </Table.Td>
                <Table.Td>{r.note || '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {calendars.data?.abilities.managePolicies && <EscalationRuleForm slug={slug} />}
    </Stack>
  );
}

function Cover({ slug }: { slug: string }) {
  const cover = useCoverRules(slug);
  const parties = useParties(slug);
  const providers = (parties.data?.items ?? []).filter((p) => p.kind === 'provider');
  const [partyId, setPartyId] = useState<string | null>(null);
  const chosen = partyId ?? providers[0]?.id ?? null;
  const window = useMemo(() => {
    const from = new Date();
    from.setUTCHours(0, 0, 0, 0);
    return { from: from.toISOString(), to: new Date(from.getTime() + 28 * 86_400_000).toISOString() };
  }, []);
  const rota = useRota(slug, chosen, window.from, window.to);
  const calendars = useCalendars(slug);
  const myPartyId = useWorkspace(slug).data?.membership.partyId ?? null;
  if (cover.isPending) return <ListSkeleton label="Loading cover" />;
  if (cover.isError) return <ErrorState error={cover.error} onRetry={() => void cover.refetch()} />;
  const name = (id: string | null) => rota.data?.shifts.find((s) => s.membershipId === id)?.name ?? 'nobody';
  return (
    <Stack gap="md">
      <Title order={2} size="h4">
        After-hours cover
      </Title>
      {cover.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No cover rules: outside the internal team’s hours, tickets wait in their lane.
        </Text>
      ) : (
        <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {cover.data.items.map((r) => (
            <li key={r.id}>
              <Text size="sm">
                <b>{r.partyName}</b> covers{' '}
                {r.priorities.length > 0 ? r.priorities.join(', ') : 'every priority'} for{' '}
                {r.serviceIds.length > 0 ? `${r.serviceIds.length} services` : 'every service'}
                {r.calendarName ? ` (${r.calendarName})` : ''}; a P1 pages its on-call person.
              </Text>
            </li>
          ))}
        </Stack>
      )}
      {calendars.data?.abilities.managePolicies && (
        <CoverRuleForm slug={slug} calendars={calendars.data.items} />
      )}
      <Title order={2} size="h4">
        On-call rota{rota.data ? `: ${rota.data.party.name}` : ''}
      </Title>
      {providers.length > 1 && (
        <Group gap="xs">
          {providers.map((p) => (
            <Badge
              key={p.id}
              component="button"
              variant={p.id === chosen ? 'filled' : 'light'}
              onClick={() => setPartyId(p.id)}
            >
              {p.name}
            </Badge>
          ))}
        </Group>
      )}
      {!rota.isSuccess ? (
        <QueryStatus query={rota} label="Loading the rota" />
      ) : (
        <>
          <Text size="sm">
            On call now: <b>{name(rota.data.onCallNow)}</b>
          </Text>
          {rota.data.gaps.map((g) => (
            <Alert key={g.start} color="orange" variant="light" title="Gap in the rota">
              Nobody is on call from {formatDateTime(g.start)} to {formatDateTime(g.end)}.
            </Alert>
          ))}
          {rota.data.shifts.length === 0 ? (
            <Text size="sm" c="dimmed">
              No shifts in the next four weeks.
            </Text>
          ) : (
            <Table striped>
              <caption className="visually-hidden">Shifts in the next four weeks</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Who</Table.Th>
                  <Table.Th>From (hand-over)</Table.Th>
                  <Table.Th>Until</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rota.data.shifts.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>{s.name}</Table.Td>
                    <Table.Td>{formatDateTime(s.startsAt)}</Table.Td>
                    <Table.Td>{formatDateTime(s.endsAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {chosen &&
            (calendars.data?.abilities.managePolicies ||
              (calendars.data?.abilities.manageOwnParty && myPartyId === chosen)) && (
              <ShiftForm slug={slug} partyId={chosen} />
            )}
        </>
      )}
    </Stack>
  );
}

const HOLIDAYS_SHOWN = 5;

/** The holidays still ahead, soonest first, as dates a reader recognises; past ones are only counted. */
function HolidaysLine({ holidays }: { holidays: string[] }) {
  const today = new Date().toLocaleDateString('en-CA');
  const ahead = holidays.filter((day) => day >= today).sort();
  const shown = ahead.slice(0, HOLIDAYS_SHOWN).map((day) => formatDate(day));
  const more = ahead.length - shown.length;
  return (
    <Text size="xs" c="dimmed" mt="xs">
      Closed on {holidays.length} holiday{holidays.length === 1 ? '' : 's'}
      {ahead.length === 0
        ? ', none still ahead.'
        : `; next: ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}.`}
    </Text>
  );
}
