import { Button, Group, Paper, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconClock } from '@tabler/icons-react';
import type { FormEvent } from 'react';
import { useApiForm } from '../ui/api-form';
import type { Party } from '../ui/api-types';
import { ErrorState, FormAlert } from '../ui/error-display';
import { formatDate } from '../ui/format';
import { LimitedTextInput } from '../ui/limited-input';
import { NumberField } from '../ui/number-field';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { useLogTime } from './api';
import { useTimeEntries } from './extras-api';
import { formatMinutes } from './labels';
import type { Ticket, TicketDetail } from './types';

interface TimeCardProps {
  slug: string;
  ticket: Ticket;
  timeByParty: TicketDetail['timeByParty'];
  parties: Party[];
}

const today = () => {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
};

/** Time spent per party, and a form to record one's own. */
export function TimeCard({ slug, ticket, timeByParty, parties }: TimeCardProps) {
  const total = ticket.minutesSpent ?? timeByParty.reduce((sum, t) => sum + t.minutes, 0);
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="time-title">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="time-title">
          <IconClock size={18} aria-hidden style={{ verticalAlign: '-3px', marginRight: 6 }} />
          Time spent
        </Title>
        <Text size="sm" fw={600}>
          {formatMinutes(total)}
        </Text>
      </Group>
      {timeByParty.length === 0 ? (
        <Text size="sm" c="dimmed" mb="sm">
          Nobody has recorded time yet.
        </Text>
      ) : (
        <Table verticalSpacing={4} mb="sm">
          <caption className="visually-hidden">Time per party</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Party</Table.Th>
              <Table.Th ta="right">Time</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {timeByParty.map((row) => (
              <Table.Tr key={row.partyId}>
                <Table.Td>{parties.find((p) => p.id === row.partyId)?.name ?? 'A former party'}</Table.Td>
                <Table.Td ta="right">{formatMinutes(row.minutes)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {timeByParty.length > 0 && <TimeEntries slug={slug} ticketKey={ticket.key} />}
      {ticket.abilities.logTime && <LogTimeForm slug={slug} ticketKey={ticket.key} />}
    </Paper>
  );
}

/** Each recorded entry: who, how long, on which day, and what it went on. */
function TimeEntries({ slug, ticketKey }: { slug: string; ticketKey: string }) {
  const entries = useTimeEntries(slug, ticketKey);
  if (entries.isPending)
    return (
      <Stack gap={6} mb="sm" aria-busy="true" aria-label="Loading time entries">
        <Skeleton h={16} />
        <Skeleton h={16} />
      </Stack>
    );
  if (entries.isError)
    return (
      <ErrorState error={entries.error} onRetry={() => void entries.refetch()} title="Entries not loaded" />
    );
  return (
    <>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase" mb={4} aria-hidden>
        Entries
      </Text>
      <Stack
        component="ol"
        gap={6}
        p={0}
        m={0}
        mb="sm"
        style={{ listStyle: 'none' }}
        aria-label="Time entries"
      >
        {entries.data.items.map((entry) => (
          <li key={entry.id}>
            <Group gap={6} justify="space-between" wrap="nowrap">
              <Text size="sm">
                <Text span fw={600}>
                  {entry.name ?? 'A former member'}
                </Text>
                {entry.partyName && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    ({entry.partyName})
                  </Text>
                )}
              </Text>
              <Text size="sm" fw={600} style={{ flexShrink: 0 }}>
                {formatMinutes(entry.minutes)}
              </Text>
            </Group>
            <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              <time dateTime={entry.spentOn}>{formatDate(entry.spentOn)}</time>
              {entry.note ? ` · ${entry.note}` : ''}
            </Text>
          </li>
        ))}
      </Stack>
    </>
  );
}

const TIME_FIELDS = ['minutes', 'note', 'spentOn'] as const;

function LogTimeForm({ slug, ticketKey }: { slug: string; ticketKey: string }) {
  const log = useLogTime(slug, ticketKey);
  const keyFor = useIdempotencyKey();
  const { form, formError } = useApiForm(
    { minutes: '' as number | string, note: '', spentOn: '' },
    log.error,
    TIME_FIELDS,
  );
  const { note, spentOn } = form.values;
  // The number input gives a string while its text is not a number (empty, or a lone "-").
  const minutes = typeof form.values.minutes === 'number' ? form.values.minutes : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (minutes === null) return;
    const body = {
      minutes,
      note: note.trim() || undefined,
      // An earlier day is recorded at its noon, so time zones cannot move it to another day; today is now
      // (today's noon may still be ahead, and the server refuses time in the future).
      spentOn: spentOn && spentOn !== today() ? new Date(`${spentOn}T12:00:00`).toISOString() : undefined,
    };
    log.mutate(
      { ...body, idem: keyFor(body) },
      {
        onSuccess: () => {
          notifications.show({
            color: 'teal',
            message: `${formatMinutes(body.minutes)} recorded on ${ticketKey}.`,
          });
          form.reset();
          log.reset();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Record time">
      <Stack gap="xs">
        <Group gap="xs" align="flex-start" grow>
          <NumberField
            label="Minutes"
            required
            min={1}
            max={1440}
            allowDecimal={false}
            {...form.getInputProps('minutes')}
          />
          <TextInput label="Day" type="date" max={today()} {...form.getInputProps('spentOn')} />
        </Group>
        <LimitedTextInput
          label="Note"
          placeholder="What the time went on (optional)"
          limit={2000}
          {...form.getInputProps('note')}
        />
        <FormAlert message={formError} title="Time not recorded" />
        <Group justify="flex-end">
          <Button
            type="submit"
            variant="light"
            loading={log.isPending}
            disabled={minutes === null || minutes < 1 || minutes > 1440}
          >
            Log time
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
