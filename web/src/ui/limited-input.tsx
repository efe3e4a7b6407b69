import { TextInput, type TextInputProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { counterNearLimit, tooLong } from './text-limit';

/**
 * Free-text inputs with the API's length limit, following text-limit.ts: no `maxLength` (the browser
 * would cut a paste silently), a counter once the text nears the limit (in place of the field's own
 * description), and a message refusing a text over it (ahead of the field's own error). The server
 * refuses the same text too, so a form that is sent anyway writes nothing. LimitedTextarea is in
 * limited-textarea.tsx.
 */
export function limited(value: string, limit: number, description: ReactNode, error: ReactNode) {
  return {
    description: counterNearLimit(value, limit) ?? description,
    error: tooLong(value, limit) ?? error,
  };
}

/** `value` may come from a spread (useApiForm's getInputProps), which types it as optional. */
export type Limited<P> = Omit<P, 'value' | 'maxLength'> & { value?: string; limit: number };

export function LimitedTextInput({ limit, ...props }: Limited<TextInputProps>) {
  return <TextInput {...props} {...limited(props.value ?? '', limit, props.description, props.error)} />;
}

/** Whether any of these texts is over its limit: a form checks this before sending. */
export const anyTooLong = (...fields: Array<[value: string, limit: number]>) =>
  fields.some(([value, limit]) => tooLong(value, limit) !== undefined);
