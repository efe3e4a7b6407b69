import { Button, type MantineColor, type MantineSpacing, Stack } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { DialogBody, DialogHeader } from './dialog';
import { FormActions } from './form-actions';

interface SubmitFormProps {
  onSubmit: (event: FormEvent) => void;
  onCancel: () => void;
  /** The submit button's words. */
  submitLabel: ReactNode;
  /** The submit button waits on the server. */
  pending: boolean;
  /** The form is not complete yet. */
  disabled?: boolean;
  /** Red for what raises an alarm or takes something away. */
  color?: MantineColor;
  /** The space between the fields. */
  gap?: MantineSpacing;
  actionsGap?: MantineSpacing;
  /** The fields, with the form's refusal (FormAlert) where the form shows it. */
  children: ReactNode;
}

/** A dialog's form without its heading (for a dialog that shows a result in its place): fields, then Cancel and submit. */
export function SubmitForm(props: SubmitFormProps) {
  const { onSubmit, onCancel, gap = 'md', actionsGap, children } = props;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap={gap}>
        {children}
        <FormActions onCancel={onCancel} gap={actionsGap}>
          <Button type="submit" color={props.color} loading={props.pending} disabled={props.disabled}>
            {props.submitLabel}
          </Button>
        </FormActions>
      </Stack>
    </form>
  );
}

/** A dialog's form: its heading, the fields, then Cancel and the submit button. */
export function DialogForm({ title, ...form }: SubmitFormProps & { title: ReactNode }) {
  return (
    <>
      <DialogHeader title={title} />
      <DialogBody>
        <SubmitForm {...form} />
      </DialogBody>
    </>
  );
}
