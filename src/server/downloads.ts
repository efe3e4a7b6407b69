import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The media type of a raw upload, without parameters, lower-cased ('' when none was sent). */
export const uploadContentType = (request: FastifyRequest) =>
  (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

/**
 * Sends a stored file as a download. Security: always an attachment, never rendered as a page of
 * ours, and sandboxed if a browser opens it anyway; the name is ASCII-safe with a UTF-8 fallback.
 */
export function sendDownload(
  reply: FastifyReply,
  file: { filename: string; contentType: string; content: Buffer | Uint8Array },
) {
  return reply
    .header('content-type', file.contentType)
    .header(
      'content-disposition',
      `attachment; filename="${file.filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    )
    .header('content-security-policy', "sandbox; default-src 'none'")
    .header('cache-control', 'private, no-store')
    .send(file.content);
}

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
