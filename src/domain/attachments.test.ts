import { describe, expect, it } from 'vitest';
import { assertAttachment, checkAttachment, MAX_ATTACHMENT_BYTES, safeFilename } from './attachments.ts';
import type { AppError } from './errors.ts';

const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

describe('checkAttachment', () => {
  it.each([
    ['a real PNG', 'image/png', png, true],
    ['a PDF', 'application/pdf', new TextEncoder().encode('%PDF-1.7 ...'), true],
    ['UTF-8 text', 'text/plain', new TextEncoder().encode('héllo log line'), true],
    ['HTML posing as a PNG', 'image/png', new TextEncoder().encode('<script>alert(1)</script>'), false],
    ['an HTML upload', 'text/html', new TextEncoder().encode('<p>x</p>'), false],
    ['an SVG (can carry script)', 'image/svg+xml', new TextEncoder().encode('<svg/>'), false],
    ['text that is not UTF-8', 'text/plain', Uint8Array.from([0xff, 0xfe, 0x41]), false],
    ['an empty file', 'image/png', new Uint8Array(), false],
  ])('%s → %s', (_name, type, bytes, ok) => {
    expect(checkAttachment(type, bytes).ok).toBe(ok);
  });

  it('refuses a file over the limit', () => {
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(png);
    expect(checkAttachment('image/png', big)).toEqual({
      ok: false,
      reason: expect.stringContaining('larger'),
    });
  });
});

describe('safeFilename', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\rob\\report.pdf', 'report.pdf'],
    ['quote"and\nnewline.txt', 'quoteandnewline.txt'],
    ['..', 'attachment'],
    ['', 'attachment'],
  ])('%j → %j', (input, expected) => {
    expect(safeFilename(input)).toBe(expected);
  });
});

describe('assertAttachment', () => {
  const refusal = (contentType: string, bytes: Uint8Array) => {
    try {
      assertAttachment(contentType, bytes);
      return null;
    } catch (error) {
      return { status: (error as AppError).statusCode, code: (error as AppError).code };
    }
  };
  it('refuses a type it does not accept with 415, wrong or empty bytes with 400, and passes a good file', () => {
    expect(refusal('application/x-msdownload', new Uint8Array([0x4d, 0x5a]))).toEqual({
      status: 415,
      code: 'ATTACHMENT_REFUSED',
    });
    expect(refusal('image/png', new Uint8Array([1, 2, 3]))).toEqual({
      status: 400,
      code: 'ATTACHMENT_REFUSED',
    });
    expect(refusal('text/plain', new Uint8Array())).toEqual({ status: 400, code: 'ATTACHMENT_REFUSED' });
    expect(refusal('text/plain', new TextEncoder().encode('hello'))).toBeNull();
  });
});
