import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconCalendarOff, IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useState } from 'react';
import { useSystems } from '../systems/api';
import { useServices } from '../tickets/api';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { AnchorLink } from '../ui/router-links';
import { useParties } from '../workspaces/api';
import { staffOnlyPage } from '../workspaces/staff-only-page';
import { type CalendarChange, type Freeze, STATUS_COLORS, useCalendar } from './api';
import { ChangeStatusBadge, formatWindow } from './badges';
import { FeedsSection, FreezesSection } from './calendar-panels';

type View = 'month' | 'week' | 'list';

const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate());
const addDays = (d: Date, n: number) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);
const mondayOf = (d: Date) => addDays(startOfDay(d), -((d.getDay() + 6) % 7));
const sameDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();
const overlapsDay = (start: string, end: string, day: Date) =>
  new Date(start) < addDays(day, 1) && new Date(end) > day;

function rangeOf(view: View, anchor: Date) {
  if (view === 'week') {
    const from = mondayOf(anchor);
    return { from, to: addDays(from, 7) };
  }
  const first = new Date(anchor.getFullYear(), anchor.getMonth(), 1);
  if (view === 'list') return { from: first, to: new Date(anchor.getFullYear(), anchor.getMonth() + 1, 1) };
  const from = mondayOf(first);
  return { from, to: addDays(from, 42) };
}

export const CalendarPage = staffOnlyPage(ChangeCalendar, {
  title: 'Change calendar',
  notice: 'The change calendar is for IT staff',
  description: 'Your IT team announces planned work that affects you.',
});

function ChangeCalendar({ slug }: { slug: string }) {
  const [view, setView] = useState<View>('month');
  const [anchor, setAnchor] = useState(() => startOfDay(new Date()));
  const [partyId, setPartyId] = useState<string | null>(null);
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [systemId, setSystemId] = useState<string | null>(null);
  const { from, to } = rangeOf(view, anchor);
  const calendar = useCalendar(slug, {
    from: from.toISOString(),
    to: to.toISOString(),
    partyId: partyId ?? undefined,
    serviceId: serviceId ?? undefined,
    systemId: systemId ?? undefined,
  });
  const parties = useParties(slug);
  const services = useServices(slug);
  const systems = useSystems(slug);
  const step = (n: number) =>
    setAnchor((a) => (view === 'week' ? addDays(a, 7 * n) : new Date(a.getFullYear(), a.getMonth() + n, 1)));
  const heading =
    view === 'week'
      ? `Week of ${from.toLocaleDateString(undefined, { dateStyle: 'medium' })}`
      : anchor.toLocaleDateString(undefined, { month: 'long', year: 'numeric' });
  const changes = calendar.data?.changes ?? [];
  const freezes = calendar.data?.freezes ?? [];

  return (
    <Page
      title="Change calendar"
      description="Approved and planned changes by their window; freezes are shaded. Subscribe to it in your own calendar below."
    >
      <Group justify="space-between" wrap="wrap">
        <Group gap="xs">
          <ActionIcon variant="default" aria-label="Previous" onClick={() => step(-1)}>
            <IconChevronLeft size={16} aria-hidden />
          </ActionIcon>
          <Button variant="default" size="xs" onClick={() => setAnchor(startOfDay(new Date()))}>
            Today
          </Button>
          <ActionIcon variant="default" aria-label="Next" onClick={() => step(1)}>
            <IconChevronRight size={16} aria-hidden />
          </ActionIcon>
          <Title order={2} size="h4" aria-live="polite">
            {heading}
          </Title>
        </Group>
        <SegmentedControl
          aria-label="Calendar view"
          value={view}
          onChange={(v) => setView(v as View)}
          data={[
            { value: 'month', label: 'Month' },
            { value: 'week', label: 'Week' },
            { value: 'list', label: 'List' },
          ]}
        />
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Select
          label="Implementing party"
          placeholder="Any party"
          clearable
          data={(parties.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
          value={partyId}
          onChange={setPartyId}
        />
        <Select
          label="Service"
          placeholder="Any service"
          clearable
          searchable
          data={(services.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={serviceId}
          onChange={setServiceId}
        />
        <Select
          label="System"
          placeholder="Any system"
          clearable
          searchable
          data={(systems.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={systemId}
          onChange={setSystemId}
        />
      </SimpleGrid>
      <QueryStatus query={calendar} rows={6} label="Loading the calendar" />
      {calendar.isSuccess && view !== 'list' && (
        <DayGrid
          slug={slug}
          days={view === 'week' ? 7 : 42}
          from={from}
          month={anchor.getMonth()}
          view={view}
          changes={changes}
          freezes={freezes}
        />
      )}
      {calendar.isSuccess && view === 'list' && <ChangeTable slug={slug} changes={changes} />}
      {calendar.isSuccess && changes.length === 0 && (
        <EmptyState
          icon={<IconCalendarOff aria-hidden />}
          title="No changes in this period"
          description="Changes appear here once they are submitted. Raise one from the Changes page, or look at another month."
        />
      )}
      <FreezesSection slug={slug} />
      <FeedsSection slug={slug} />
    </Page>
  );
}

function DayGrid({
  slug,
  days,
  from,
  month,
  view,
  changes,
  freezes,
}: {
  slug: string;
  days: number;
  from: Date;
  month: number;
  view: View;
  changes: CalendarChange[];
  freezes: Freeze[];
}) {
  const today = new Date();
  const cells = Array.from({ length: days }, (_, i) => addDays(from, i));
  return (
    <Paper withBorder radius="md" p={0} role="grid" aria-label="Change calendar">
      <SimpleGrid cols={7} spacing={0} verticalSpacing={0}>
        {cells.map((day) => {
          const frozen = freezes.filter((f) => overlapsDay(f.startsAt, f.endsAt, day));
          const onDay = changes.filter(
            (c) => c.plannedStart && c.plannedEnd && overlapsDay(c.plannedStart, c.plannedEnd, day),
          );
          return (
            <Box
              key={day.toISOString()}
              role="gridcell"
              aria-label={`${day.toLocaleDateString(undefined, { dateStyle: 'full' })}${frozen.length ? `, freeze: ${frozen.map((f) => f.title).join(', ')}` : ''}, ${onDay.length} change${onDay.length === 1 ? '' : 's'}`}
              data-frozen={frozen.length > 0 || undefined}
              p={6}
              mih={view === 'week' ? 220 : 96}
              style={{
                borderRight: '1px solid var(--mantine-color-default-border)',
                borderBottom: '1px solid var(--mantine-color-default-border)',
                background: frozen.length
                  ? 'repeating-linear-gradient(45deg, var(--mantine-color-red-0), var(--mantine-color-red-0) 6px, var(--mantine-color-red-1) 6px, var(--mantine-color-red-1) 12px)'
                  : undefined,
                opacity: view === 'month' && day.getMonth() !== month ? 0.55 : 1,
              }}
            >
              <Text
                size="xs"
                fw={sameDay(day, today) ? 800 : 500}
                c={sameDay(day, today) ? 'blue' : undefined}
              >
                {view === 'week'
                  ? day.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric' })
                  : day.getDate()}
              </Text>
              {frozen.map((f) => (
                <Text key={f.id} size="10px" c="red.8" fw={600} lineClamp={1}>
                  ❄ {f.title}
                </Text>
              ))}
              <Stack gap={2} mt={2}>
                {onDay.slice(0, view === 'week' ? 12 : 3).map((c) => (
                  <AnchorLink
                    key={c.id}
                    to="/w/$ws/changes/$key"
                    params={{ ws: slug, key: c.key }}
                    size="xs"
                    lineClamp={1}
                    title={`${c.key} ${c.title}`}
                  >
                    <Badge size="xs" color={STATUS_COLORS[c.status]} variant="light" mr={4}>
                      {c.key}
                    </Badge>
                    {view === 'week' && c.plannedStart
                      ? `${new Date(c.plannedStart).toLocaleTimeString(undefined, { timeStyle: 'short' })} `
                      : ''}
                    {c.title}
                  </AnchorLink>
                ))}
                {onDay.length > (view === 'week' ? 12 : 3) && (
                  <Text size="xs" c="dimmed">
                    +{onDay.length - (view === 'week' ? 12 : 3)} more
                  </Text>
                )}
              </Stack>
            </Box>
          );
        })}
      </SimpleGrid>
    </Paper>
  );
}

function ChangeTable({ slug, changes }: { slug: string; changes: CalendarChange[] }) {
  if (changes.length === 0) return null;
  return (
    <Paper withBorder radius="md">
      <DataTable
        minWidth={700}
        verticalSpacing="xs"
        head={['Window', 'Change', 'Status', 'Implementing party']}
      >
        {changes.map((c) => (
          <Table.Tr key={c.id}>
            <Table.Td>
              <Text size="sm">{formatWindow(c.plannedStart, c.plannedEnd, c.timezone)}</Text>
            </Table.Td>
            <Table.Td>
              <AnchorLink to="/w/$ws/changes/$key" params={{ ws: slug, key: c.key }}>
                {c.key} {c.title}
              </AnchorLink>
            </Table.Td>
            <Table.Td>
              <ChangeStatusBadge status={c.status} />
            </Table.Td>
            <Table.Td>{c.implementingParty?.name ?? '—'}</Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </Paper>
  );
}
