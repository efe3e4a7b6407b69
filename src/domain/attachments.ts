import { createHash } from 'node:crypto';
import { AppError } from './errors.ts';

/** Which uploads are accepted, and whether their bytes are what their type says. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

const SIGNATURES: Record<string, number[][]> = {
  'image/png': [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  'image/jpeg': [[0xff, 0xd8, 0xff]],
  'image/gif': [
    [0x47, 0x49, 0x46, 0x38, 0x37, 0x61],
    [0x47, 0x49, 0x46, 0x38, 0x39, 0x61],
  ],
  'image/webp': [[0x52, 0x49, 0x46, 0x46]],
  'application/pdf': [[0x25, 0x50, 0x44, 0x46, 0x2d]],
  // Office Open XML documents and zip archives share the zip signature.
  'application/zip': [[0x50, 0x4b, 0x03, 0x04]],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': [[0x50, 0x4b, 0x03, 0x04]],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': [[0x50, 0x4b, 0x03, 0x04]],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': [[0x50, 0x4b, 0x03, 0x04]],
};
const TEXT_TYPES = new Set(['text/plain', 'text/csv']);

export const ALLOWED_ATTACHMENT_TYPES = [...Object.keys(SIGNATURES), ...TEXT_TYPES];

export type AttachmentCheck = { ok: true } | { ok: false; reason: string; unsupportedType?: boolean };

/** Refuses unknown types, bytes that do not match the declared type, and text that is not UTF-8. */
export function checkAttachment(contentType: string, bytes: Uint8Array): AttachmentCheck {
  if (bytes.length === 0) return { ok: false, reason: 'The file is empty.' };
  if (bytes.length > MAX_ATTACHMENT_BYTES)
    return { ok: false, reason: `The file is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.` };
  if (TEXT_TYPES.has(contentType)) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      return bytes.includes(0)
        ? { ok: false, reason: 'A text file must not contain NUL bytes.' }
        : { ok: true };
    } catch {
      return { ok: false, reason: 'A text file must be UTF-8.' };
    }
  }
  const signatures = SIGNATURES[contentType];
  if (!signatures)
    return {
      ok: false,
      unsupportedType: true,
      reason: `Files of type ${contentType} are not accepted; accepted: ${ALLOWED_ATTACHMENT_TYPES.join(', ')}.`,
    };
  const matches = signatures.some((sig) => sig.every((byte, i) => bytes[i] === byte));
  return matches ? { ok: true } : { ok: false, reason: `The file's content is not a ${contentType} file.` };
}

/** The same check as a refusal: 415 for a type not accepted, 400 for bytes that are not what they claim. */
export function assertAttachment(contentType: string, bytes: Uint8Array): void {
  const check = checkAttachment(contentType, bytes);
  if (!check.ok) throw new AppError(check.unsupportedType ? 415 : 400, 'ATTACHMENT_REFUSED', check.reason);
}

/** A filename safe to store and to send back in Content-Disposition. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // Control characters and quotes would break the Content-Disposition header.
  const cleaned = [...base]
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f && c !== '"')
    .join('')
    .trim()
    .slice(0, 200);
  return cleaned.length > 0 && cleaned !== '.' && cleaned !== '..' ? cleaned : 'attachment';
}

/** The columns every stored upload keeps: a safe name, its type, size and SHA-256, and the bytes. */
export function storedFile(input: { filename: string; contentType: string; bytes: Buffer }) {
  return {
    filename: safeFilename(input.filename),
    contentType: input.contentType,
    sizeBytes: input.bytes.length,
    sha256: createHash('sha256').update(input.bytes).digest('hex'),
    content: input.bytes,
  };
}
