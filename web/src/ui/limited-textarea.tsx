import { Textarea, type TextareaProps } from '@mantine/core';
import { type Limited, limited } from './limited-input';

/** A Textarea with the API's length limit (see limited-input.tsx). Its own file: a page with only
 * one-line fields does not load the textarea's autosize code. */
export function LimitedTextarea({ limit, ...props }: Limited<TextareaProps>) {
  return <Textarea {...props} {...limited(props.value ?? '', limit, props.description, props.error)} />;
}
