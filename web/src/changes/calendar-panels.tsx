import { ActionIcon, Button, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useApiForm } from '../ui/api-form';
import { CopyField } from '../ui/copy-field';
import { FormAlert } from '../ui/error-display';
import { formatDateTime } from '../ui/format';
import { TitledSection } from '../ui/titled-section';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { type Feed, useChangeWrite, useFeeds, useFreezes } from './api';

const FREEZE_FIELDS = ['title', 'startsAt', 'endsAt', 'reason'] as const;

export function FreezesSection({ slug }: { slug: string }) {
  const freezes = useFreezes(slug);
  const write = useChangeWrite(slug);
  const keyFor = useIdempotencyKey();
  const { form, formError } = useApiForm(
    { title: '', startsAt: '', endsAt: '', reason: '' },
    write.error,
    FREEZE_FIELDS,
  );
  const { title, startsAt, endsAt, reason } = form.values;
  const manage = freezes.data?.abilities.manage === true;
  function add(event: FormEvent) {
    event.preventDefault();
    const body = {
      title: title.trim(),
      startsAt: startsAt ? new Date(startsAt).toISOString() : '',
      endsAt: endsAt ? new Date(endsAt).toISOString() : '',
      reason: reason.trim(),
    };
    write.mutate(
      { path: '/change-freezes', body, idempotencyKey: keyFor(body) },
      { onSuccess: () => form.reset() },
    );
  }
  const items = freezes.data?.items ?? [];
  return (
    <TitledSection title="Change freezes">
      <Text size="sm" c="dimmed" mb="sm">
        No change is scheduled inside a freeze, except an emergency change whose reason is recorded.
      </Text>
      {freezes.isSuccess && items.length === 0 && (
        <Text size="sm" mb="sm">
          {manage
            ? 'No freezes. Add one for busy periods such as the month-end close.'
            : 'No freezes are planned.'}
        </Text>
      )}
      <Stack gap={4} mb="sm">
        {items.map((f) => (
          <Group key={f.id} justify="space-between">
            <Text size="sm">
              <b>{f.title}</b> · {formatDateTime(f.startsAt)} – {formatDateTime(f.endsAt)}
              {f.reason ? ` · ${f.reason}` : ''}
            </Text>
            {manage && (
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Remove freeze ${f.title}`}
                onClick={() => write.mutate({ path: `/change-freezes/${f.id}`, method: 'DELETE' })}
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            )}
          </Group>
        ))}
      </Stack>
      {manage && (
        <form onSubmit={add} noValidate>
          <Stack gap="xs">
            <FormAlert message={formError} />
            <Group grow align="flex-start">
              <TextInput label="Freeze title" {...form.getInputProps('title')} />
              <TextInput type="datetime-local" label="Starts" {...form.getInputProps('startsAt')} />
              <TextInput type="datetime-local" label="Ends" {...form.getInputProps('endsAt')} />
            </Group>
            <TextInput label="Reason" {...form.getInputProps('reason')} />
            <Group justify="flex-end">
              <Button type="submit" variant="light" loading={write.isPending}>
                Add freeze
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </TitledSection>
  );
}

export function FeedsSection({ slug }: { slug: string }) {
  const feeds = useFeeds(slug);
  const write = useChangeWrite(slug);
  const [scope, setScope] = useState<'personal' | 'workspace'>('personal');
  const [created, setCreated] = useState<Feed | null>(null);
  const mayWorkspace = feeds.data?.abilities.createWorkspaceFeed === true;
  const items = feeds.data?.items ?? [];
  return (
    <TitledSection title="Subscribe in your calendar">
      <Text size="sm" c="dimmed" mb="sm">
        A secret iCalendar address: anyone who has it can read the calendar, so keep it private and revoke it
        when it is no longer needed. Your personal feed holds the changes you raised, watch or your party
        carries out.
      </Text>
      <Group mb="sm">
        {mayWorkspace && (
          <SegmentedControl
            aria-label="Which feed"
            value={scope}
            onChange={(v) => setScope(v as typeof scope)}
            data={[
              { value: 'personal', label: 'My changes' },
              { value: 'workspace', label: 'Whole workspace' },
            ]}
          />
        )}
        <Button
          variant="light"
          loading={write.isPending}
          onClick={() =>
            write.mutate(
              { path: '/change-feeds', body: { scope } },
              { onSuccess: (result) => setCreated((result as { feed: Feed }).feed) },
            )
          }
        >
          Create a feed address
        </Button>
      </Group>
      {created?.url && (
        <CopyField
          label="Your new feed address"
          value={created.url}
          description="Shown once. Add it to your calendar program as a subscription."
        />
      )}
      <Stack gap={4} mt="sm">
        {items.map((f) => (
          <Group key={f.id} justify="space-between">
            <Text size="sm">
              {f.scope === 'workspace' ? 'Workspace feed' : `Personal feed${f.owner ? ` of ${f.owner}` : ''}`}{' '}
              · created {formatDateTime(f.createdAt)}
            </Text>
            {f.canRevoke && (
              <Button
                size="xs"
                color="red"
                variant="subtle"
                onClick={() => write.mutate({ path: `/change-feeds/${f.id}`, method: 'DELETE' })}
              >
                Revoke
              </Button>
            )}
          </Group>
        ))}
      </Stack>
    </TitledSection>
  );
}
