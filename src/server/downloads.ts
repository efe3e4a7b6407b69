import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The media type of a raw upload, without parameters, lower-cased ('' when none was sent). */
export const uploadContentType = (request: FastifyRequest) =>
  (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

type DownloadBody = Buffer | Uint8Array | string | Readable;

/** What a browser that opens a download anyway may do with it: nothing (a sandboxed, script-less document). */
const SANDBOXED = "sandbox; default-src 'none'";

/**
 * Sends a file as a download (an attachment, never cached; the name ASCII-safe with a UTF-8
 * fallback). `policy` is its Content-Security-Policy if a browser renders it anyway: none for a PDF
 * (Chromium cancels a download whose response would be a sandboxed document) and the exports that
 * never carried one; an HTML export passes its own.
 */
export function sendExport(
  reply: FastifyReply,
  file: { filename: string; contentType: string; content: DownloadBody; bytes?: number },
  policy?: string,
) {
  reply
    .header('content-type', file.contentType)
    .header(
      'content-disposition',
      `attachment; filename="${file.filename.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, "'")}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    )
    .header('cache-control', 'private, no-store');
  if (file.bytes !== undefined) reply.header('content-length', String(file.bytes));
  if (policy) reply.header('content-security-policy', policy);
  return reply.send(file.content);
}

/** Sends a stored upload (or another file people put in) as a sandboxed download. */
export const sendDownload = (
  reply: FastifyReply,
  file: { filename: string; contentType: string; content: DownloadBody; bytes?: number },
) => sendExport(reply, file, SANDBOXED);

/**
 * Raw-file uploads for a plugin's routes (ticket and article attachments): the file is the request
 * body with its type as Content-Type, no multipart parsing, and the size limit checked before
 * reading. Any other type is read too (same limit), so the refusal names the type and what is
 * accepted instead of a bare "Unsupported Media Type".
 */
export function acceptRawUploads(scope: FastifyInstance, types: string[], maxBytes: number) {
  scope.removeContentTypeParser(['text/plain', 'application/json']);
  const asBuffer = { parseAs: 'buffer' as const, bodyLimit: maxBytes };
  scope.addContentTypeParser(types, asBuffer, (_request, body, done) => done(null, body));
  scope.addContentTypeParser('*', asBuffer, (_request, body, done) => done(null, body));
}
