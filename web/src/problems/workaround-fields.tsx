import { Group, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { WORKAROUND_LABELS, type WorkaroundKind } from './api';

export interface WorkaroundValue {
  workaroundKind: WorkaroundKind;
  workaround: string;
  workaroundExpiresOn: string;
}

/** The workaround: none, temporary (needs an expiry date) or accepted (kept for good). */
export function WorkaroundFields({
  value,
  onChange,
  errors,
}: {
  value: WorkaroundValue;
  onChange: (next: WorkaroundValue) => void;
  errors: Partial<Record<'workaround' | 'workaroundExpiresOn', string>>;
}) {
  return (
    <Stack gap="xs">
      <div>
        <Text size="sm" fw={500} id="workaround-kind-label">
          Workaround
        </Text>
        <SegmentedControl
          aria-labelledby="workaround-kind-label"
          value={value.workaroundKind}
          onChange={(v) => onChange({ ...value, workaroundKind: v as WorkaroundKind })}
          data={(['none', 'temporary', 'accepted'] as const).map((k) => ({
            value: k,
            label: WORKAROUND_LABELS[k],
          }))}
        />
      </div>
      {value.workaroundKind !== 'none' && (
        <Group align="flex-start" grow>
          <Textarea
            label="Workaround steps"
            autosize
            minRows={2}
            value={value.workaround}
            onChange={(e) => onChange({ ...value, workaround: e.currentTarget.value })}
            error={errors.workaround}
          />
          {value.workaroundKind === 'temporary' && (
            <TextInput
              type="date"
              label="Expires on"
              value={value.workaroundExpiresOn}
              onChange={(e) => onChange({ ...value, workaroundExpiresOn: e.currentTarget.value })}
              error={errors.workaroundExpiresOn}
            />
          )}
        </Group>
      )}
    </Stack>
  );
}

export const workaroundBody = (v: WorkaroundValue) => ({
  workaroundKind: v.workaroundKind,
  workaround: v.workaroundKind === 'none' ? '' : v.workaround,
  workaroundExpiresOn: v.workaroundKind === 'temporary' ? v.workaroundExpiresOn || null : null,
});
