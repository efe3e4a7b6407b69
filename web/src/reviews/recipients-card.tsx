import { Button, Group, MultiSelect, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useMembers } from '../members/api';
import { ErrorState, errorMessage, FormAlert } from '../ui/error-display';
import { SectionCard } from '../ui/section-card';
import { reviewSettingsQueryOptions, useSaveReviewSettings } from './api';

/** The internal lead names who receives each period's pack by e-mail. */
export function RecipientsCard({ slug }: { slug: string }) {
  const settings = useQuery(reviewSettingsQueryOptions(slug));
  const members = useMembers(slug, { status: 'active' });
  const save = useSaveReviewSettings(slug);
  const [chosen, setChosen] = useState<string[] | null>(null);
  const staff = (members.data?.pages.flatMap((p) => p.items) ?? []).filter((m) => m.role !== 'requester');
  const value = chosen ?? settings.data?.recipients.map((r) => r.membershipId) ?? [];
  return (
    <SectionCard
      title="Who receives the pack"
      description="After each period ends, its pack is sent to these people (in Tandem and by e-mail, as each person's notification settings say)."
    >
      {settings.isError && <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />}
      {settings.isSuccess && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(
              { version: settings.data.version, recipientMembershipIds: value },
              { onSuccess: () => setChosen(null) },
            );
          }}
        >
          <Stack gap="xs">
            <MultiSelect
              label="Recipients"
              placeholder={value.length === 0 ? 'Nobody yet: choose staff of either party' : undefined}
              data={staff.map((m) => ({
                value: m.id,
                label: `${m.account.name} (${m.party?.name ?? 'no party'})`,
              }))}
              value={value}
              onChange={setChosen}
              searchable
            />
            <FormAlert message={save.isError ? errorMessage(save.error) : null} />
            <Group>
              <Button
                type="submit"
                size="xs"
                variant="light"
                loading={save.isPending}
                disabled={chosen === null}
              >
                Save recipients
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </SectionCard>
  );
}
