import { TextInput, type TextInputProps } from '@mantine/core';

/** The code from an authenticator app (sign-in, enrolment, new recovery codes): a number pad, and one-time-code autofill. */
export function AuthCodeInput(props: Omit<TextInputProps, 'label'>) {
  return (
    <TextInput
      label="Authentication code"
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={8}
      required
      {...props}
    />
  );
}
