import { z } from 'zod';

type Issue = Parameters<z.core.$ZodErrorMap>[0];

const FORMATS: Record<string, string> = {
  email: 'must be an email address',
  url: 'must be a web address (https://…)',
  datetime: 'must be a date and time (ISO 8601, e.g. 2026-03-02T09:30:00Z)',
  date: 'must be a date (YYYY-MM-DD)',
  time: 'must be a time (HH:MM)',
  regex: 'is not in the expected form',
};

const TYPE_NAMES: Record<string, string> = { int: 'whole number', object: 'object (JSON)' };
const typeName = (expected: string) => {
  const name = TYPE_NAMES[expected] ?? expected;
  return `${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name}`;
};

const plural = (n: number | bigint, word: string) => `${n} ${word}${n === 1 || n === 1n ? '' : 's'}`;

/** What an issue's length or count limit means for its kind of value. */
function limit(issue: Issue & { origin: string }, bound: number | bigint, side: 'least' | 'most') {
  if (issue.origin === 'string') return `must be at ${side} ${plural(bound, 'character')}`;
  if (issue.origin === 'array' || issue.origin === 'set')
    return `must have at ${side} ${plural(bound, 'item')}`;
  if (issue.origin === 'date')
    return `must be ${side === 'least' ? 'on or after' : 'on or before'} ${String(bound)}`;
  return `must be at ${side} ${bound}`;
}

/**
 * The refusal of zod's built-in checks in words a person reads in a form ("must not be empty", "must
 * be at most 200 characters") instead of zod's defaults ("Too small: expected string to have >=1
 * characters"). A schema's own message, where it gives one, comes first; undefined keeps zod's.
 */
export function plainMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      // null is what an unchosen select sends.
      if (issue.input === undefined || issue.input === null) return 'is required';
      return `must be ${typeName(issue.expected)}`;
    case 'too_small':
      if (issue.minimum === 1 && (issue.origin === 'string' || issue.origin === 'array'))
        return 'must not be empty';
      if (issue.exact) return `must be exactly ${issue.minimum}`;
      if (issue.inclusive === false && issue.origin === 'number') return `must be more than ${issue.minimum}`;
      return limit(issue, issue.minimum, 'least');
    case 'too_big':
      if (issue.inclusive === false && issue.origin === 'number') return `must be less than ${issue.maximum}`;
      return limit(issue, issue.maximum, 'most');
    case 'invalid_format':
      if (issue.format === 'uuid' || issue.format === 'guid')
        return issue.input === '' ? 'must be chosen' : 'must be an id (a UUID)';
      return FORMATS[issue.format] ?? `must be a valid ${issue.format}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `has ${issue.keys.length === 1 ? 'a field' : 'fields'} it does not take: ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    default:
      return undefined;
  }
}

let installed = false;

/** Makes plainMessage zod's message for every schema in this process (once; the server calls it). */
export function installPlainMessages() {
  if (installed) return;
  installed = true;
  z.config({ customError: plainMessage });
}
