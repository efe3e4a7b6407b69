import { Button, Group, Select, Switch, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import type { MembershipSummary } from '../ui/api-types';
import { DataTable } from '../ui/data-table';
import { ErrorState } from '../ui/error-display';
import { QueryStatus } from '../ui/query-status';
import { SectionCard } from '../ui/section-card';
import { WorkspaceSelect } from '../ui/workspace-select';
import { preferredWorkspace } from '../workspaces/last-workspace';
import { type EmailMode, type EventPreference, usePreferences, useSavePreferences } from './api';

const EMAIL_OPTIONS: { value: EmailMode; label: string }[] = [
  { value: 'immediate', label: 'At once' },
  { value: 'digest', label: 'Daily digest' },
  { value: 'off', label: 'Never' },
];
const HOURS = Array.from({ length: 24 }, (_, h) => ({
  value: String(h),
  label: `${String(h).padStart(2, '0')}:00 UTC`,
}));

/** Per workspace: which events reach me in the app and by e-mail, and when the daily digest comes. */
export function NotificationPreferencesSection({ memberships }: { memberships: MembershipSummary[] }) {
  const [slug, setSlug] = useState<string | null>(() => preferredWorkspace(memberships));
  const prefs = usePreferences(slug);
  const save = useSavePreferences(slug ?? '');
  const [draft, setDraft] = useState<EventPreference[]>([]);
  const [digestHour, setDigestHour] = useState('7');
  useEffect(() => {
    if (prefs.data) {
      setDraft(prefs.data.events);
      setDigestHour(String(prefs.data.digestHour));
    }
  }, [prefs.data]);
  const change = (event: string, patch: Partial<EventPreference>) =>
    setDraft((rows) => rows.map((r) => (r.event === event ? { ...r, ...patch } : r)));

  return (
    <SectionCard
      title="Notifications"
      description="Choose what reaches you in Tandem and by e-mail, for each workspace."
    >
      {memberships.length === 0 ? (
        <Text size="sm" c="dimmed">
          Notifications come from a workspace. Once you join one, you can choose them here.
        </Text>
      ) : (
        <>
          <WorkspaceSelect memberships={memberships} value={slug} onChange={setSlug} />
          <QueryStatus query={prefs} rows={4} label="Loading notification choices" />
          {prefs.isSuccess && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                save.mutate(
                  {
                    events: draft.map(({ event, inApp, email }) => ({ event, inApp, email })),
                    digestHour: Number(digestHour),
                  },
                  {
                    onSuccess: () =>
                      notifications.show({ color: 'teal', message: 'Notification choices saved.' }),
                  },
                );
              }}
            >
              <DataTable minWidth={560} verticalSpacing="xs" head={['When', 'In Tandem', 'E-mail']}>
                {draft.map((row) => (
                  <Table.Tr key={row.event}>
                    <Table.Td>
                      <Text size="sm">{row.label}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Switch
                        checked={row.inApp}
                        onChange={(e) => change(row.event, { inApp: e.currentTarget.checked })}
                        aria-label={`${row.label}: show in Tandem`}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Select
                        size="xs"
                        data={EMAIL_OPTIONS}
                        value={row.email}
                        onChange={(v) => v && change(row.event, { email: v as EmailMode })}
                        allowDeselect={false}
                        aria-label={`${row.label}: e-mail`}
                        w={150}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </DataTable>
              <Group mt="md" align="flex-end">
                <Select
                  label="Daily digest at"
                  data={HOURS}
                  value={digestHour}
                  onChange={(v) => v && setDigestHour(v)}
                  allowDeselect={false}
                  w={180}
                />
                <Button type="submit" loading={save.isPending}>
                  Save choices
                </Button>
              </Group>
              {save.isError && <ErrorState error={save.error} />}
            </form>
          )}
        </>
      )}
    </SectionCard>
  );
}
