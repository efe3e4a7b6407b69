/**
 * Length limits shown as people type. Inputs carry no `maxLength`: the browser would cut a long
 * paste silently. Instead the counter shows the limit, and a text over it is refused with a
 * message (the API refuses it too, naming the field).
 */
export const SUBJECT_MAX = 200;
export const DESCRIPTION_MAX = 100_000;

/** "12 / 200 characters", for a field's description. */
export const lengthCounter = (value: string, max: number) =>
  `${value.length.toLocaleString()} / ${max.toLocaleString()} characters`;

/** The message for a text over its limit; undefined within it. */
export function tooLong(value: string, max: number): string | undefined {
  if (value.length <= max) return undefined;
  return `At most ${max.toLocaleString()} characters: remove ${(value.length - max).toLocaleString()}.`;
}

/** The counter only once a long text nears its limit (a description's counter would be noise). */
export const counterNearLimit = (value: string, max: number) =>
  value.length >= max * 0.9 ? lengthCounter(value, max) : undefined;
