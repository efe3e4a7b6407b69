import { Group, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import type { GetInputPropsReturnType } from '@mantine/form';
import { WORKAROUND_LABELS, type WorkaroundKind } from './api';

export interface WorkaroundValue {
  workaroundKind: WorkaroundKind;
  workaround: string;
  workaroundExpiresOn: string;
}

/**
 * The workaround: none, temporary (needs an expiry date) or accepted (kept for good). `inputProps` is the
 * form's getInputProps (useApiForm), whose values hold the three WorkaroundValue fields.
 */
export function WorkaroundFields({
  kind,
  inputProps,
}: {
  kind: WorkaroundKind;
  inputProps: (field: keyof WorkaroundValue) => GetInputPropsReturnType;
}) {
  return (
    <Stack gap="xs">
      <div>
        <Text size="sm" fw={500} id="workaround-kind-label">
          Workaround
        </Text>
        <SegmentedControl
          aria-labelledby="workaround-kind-label"
          {...inputProps('workaroundKind')}
          data={(['none', 'temporary', 'accepted'] as const).map((k) => ({
            value: k,
            label: WORKAROUND_LABELS[k],
          }))}
        />
      </div>
      {kind !== 'none' && (
        <Group align="flex-start" grow>
          <Textarea label="Workaround steps" autosize minRows={2} {...inputProps('workaround')} />
          {kind === 'temporary' && (
            <TextInput type="date" label="Expires on" {...inputProps('workaroundExpiresOn')} />
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
