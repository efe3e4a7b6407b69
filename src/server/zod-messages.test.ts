import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { installPlainMessages } from './zod-messages.ts';

installPlainMessages();

const messageOf = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected a refusal');
  return result.error.issues[0]!.message;
};

describe('plain-language refusals', () => {
  it.each([
    ['a missing field', z.object({ title: z.string() }), {}, 'is required'],
    ['nothing chosen in a select', z.object({ owner: z.string() }), { owner: null }, 'is required'],
    ['a number for a text', z.string(), 5, 'must be a string'],
    ['a text for a list', z.array(z.string()), 'x', 'must be an array'],
    ['an empty text', z.string().min(1), '', 'must not be empty'],
    ['an empty list', z.array(z.string()).min(1), [], 'must not be empty'],
    ['a text over its limit', z.string().max(200), 'x'.repeat(201), 'must be at most 200 characters'],
    ['a short text', z.string().min(12), 'short', 'must be at least 12 characters'],
    ['too many items', z.array(z.number()).max(3), [1, 2, 3, 4], 'must have at most 3 items'],
    ['a number over its limit', z.number().max(168), 200, 'must be at most 168'],
    ['a fraction for a whole number', z.int(), 1.5, 'must be a whole number'],
    ['nothing chosen', z.uuid(), '', 'must be chosen'],
    ['a malformed id', z.uuid(), 'abc', 'must be an id (a UUID)'],
    ['a malformed address', z.email(), 'nobody', 'must be an email address'],
    ['a value outside a list', z.enum(['low', 'high']), 'medium', 'must be one of low, high'],
    [
      'an unknown field',
      z.strictObject({ a: z.string() }),
      { a: 'x', b: 1 },
      'has a field it does not take: "b"',
    ],
  ])('%s', (_what, schema, input, message) => {
    expect(messageOf(schema, input)).toBe(message);
  });

  it("keeps a schema's own message", () => {
    expect(messageOf(z.string().min(1, 'write the sentence the person attests'), '')).toBe(
      'write the sentence the person attests',
    );
  });
});
