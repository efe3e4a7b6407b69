import { type MantineSize, TextInput, type TextInputProps } from '@mantine/core';

interface DateRangeInputsProps {
  /** ISO dates (yyyy-mm-dd), or undefined for no bound. */
  from?: string;
  to?: string;
  /** Gets the one bound that changed; a cleared input gives undefined. */
  onChange: (change: { from?: string } | { to?: string }) => void;
  labels: { from: string; to: string };
  /** Shown under the end date when it is before the start date. */
  orderError: string;
  size?: MantineSize;
  /** The width of each input. */
  w: TextInputProps['w'];
}

/** An end before the start: the inputs say so (the audit log does not ask the API, which refuses it). */
export const isInvertedRange = (from?: string, to?: string) => Boolean(from && to && from > to);

/** A filter's start and end date inputs, each limiting the other's calendar. */
export function DateRangeInputs({ from, to, onChange, labels, orderError, size, w }: DateRangeInputsProps) {
  return (
    <>
      <TextInput
        size={size}
        label={labels.from}
        type="date"
        value={from ?? ''}
        max={to}
        onChange={(event) => onChange({ from: event.currentTarget.value || undefined })}
        w={w}
      />
      <TextInput
        size={size}
        label={labels.to}
        type="date"
        value={to ?? ''}
        min={from}
        onChange={(event) => onChange({ to: event.currentTarget.value || undefined })}
        error={isInvertedRange(from, to) ? orderError : undefined}
        w={w}
      />
    </>
  );
}
