import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { parseTicketKey, ticketNumberIn, ticketNumberOf } from './http.ts';
import { checkStrings, decodeUtf8, textProblem } from './text-guard.ts';

describe('text rules', () => {
  it('accepts ordinary Unicode and refuses NUL and lone surrogates', () => {
    expect(textProblem('Café 🖨️ ß')).toBeNull();
    expect(textProblem('a\u0000b')).toContain('NUL');
    expect(textProblem('half \ud800')).toContain('surrogate');
    expect(textProblem('\udc00 reversed \ud800')).toContain('surrogate');
  });

  it('decodes UTF-8 fatally: broken or surrogate-encoding bytes give null, never U+FFFD', () => {
    expect(decodeUtf8(Buffer.from('Café'))).toBe('Café');
    expect(decodeUtf8(Uint8Array.from([0x63, 0xc3, 0x28]))).toBeNull();
    expect(decodeUtf8(Uint8Array.from([0xed, 0xa0, 0x80]))).toBeNull();
    expect(decodeUtf8(Uint8Array.from([0xff]))).toBeNull();
  });

  it('names the path of the first bad string, object keys included', () => {
    expect(() => checkStrings({ a: [{ b: 'ok' }, { c: 'x\u0000' }] }, 'body')).toThrow('body.a.1.c');
    expect(() => checkStrings({ 'k\u0000': 1 }, 'body')).toThrow(/^body: a field name/);
    expect(() => checkStrings({ a: ['fine', 1, true, null] }, 'body')).not.toThrow();
  });

  it('walks a deeply nested value without exhausting the stack', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(() => checkStrings(deep, 'body')).toThrow(/NUL/);
  });
});

describe('ticket keys', () => {
  it('reads prefix and number; the prefix is compared without case', () => {
    expect(parseTicketKey('ACME-42')).toEqual({ text: 'ACME-42', prefix: 'ACME', number: 42 });
    expect(parseTicketKey('42')).toEqual({ text: '42', prefix: null, number: 42 });
    expect(parseTicketKey('ACME-')).toBeNull();
    expect(parseTicketKey('AC ME-4')).toBeNull();
    expect(ticketNumberIn(parseTicketKey('acme-7')!, 'ACME')).toBe(7);
    expect(ticketNumberIn(parseTicketKey('7')!, 'ACME')).toBe(7);
    expect(ticketNumberIn(parseTicketKey('BRAMBL-7')!, 'ACME')).toBeNull();
  });

  it('answers 404 for another workspace prefix', () => {
    expect(() => ticketNumberOf({ ticketPrefix: 'ACME' }, parseTicketKey('BRAMBL-3')!)).toThrow(
      expect.objectContaining({ statusCode: 404 }),
    );
  });
});

describe('cursors', () => {
  it('round-trips values of the declared kinds and refuses anything else', () => {
    const at = new Date('2026-03-02T09:00:00.123Z').toISOString();
    const id = '6f1c1e0a-8a8b-4c5d-9e0f-0123456789ab';
    expect(decodeCursor(encodeCursor([at, id]), ['timestamp', 'uuid'])).toEqual([at, id]);
    expect(decodeCursor(undefined, ['integer'])).toBeNull();
    for (const bad of [[id, at], [at], [at, id, 1], ['2026-02-31T00:00:00Z', id]]) {
      expect(() => decodeCursor(encodeCursor(bad), ['timestamp', 'uuid'])).toThrow('cursor');
    }
    expect(() => decodeCursor('not base64 json', ['integer'])).toThrow('cursor');
    expect(() => decodeCursor(encodeCursor([0]), ['integer'])).toThrow('cursor');
    expect(() => decodeCursor(encodeCursor(['a\u0000', id]), ['text', 'uuid'])).toThrow('cursor');
  });
});
