import type { FastifyInstance, FastifySchema } from 'fastify';
import type { z } from 'zod';
import type { Database } from '../db/client.ts';
import { ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '../domain/attachments.ts';
import { workspaceContext } from './auth.ts';
import type { WorkspaceContext } from './context.ts';
import { acceptRawUploads, sendDownload, uploadContentType } from './downloads.ts';
import { FileDownload } from './http.ts';
import type { RouteAction } from './route-action.ts';

/** An uploaded file as a route receives it: the raw body and the type it was sent with. */
export type UploadedFile = { contentType: string; bytes: Buffer };

type UploadSpec<Params extends z.ZodType, Query extends z.ZodType, Response extends z.ZodType> = {
  action: RouteAction;
  /** Honours an Idempotency-Key header (idempotency.ts): the uploads that add a file. */
  idempotent?: true;
  params: Params;
  /** The file's name and anything else about it: the body is the file itself. */
  querystring: Query;
  /** 201 for an upload that adds a file, 200 for one that answers the record it joined. */
  status: 200 | 201;
  response: Response;
  run: (
    ctx: WorkspaceContext,
    params: z.output<Params>,
    query: z.output<Query>,
    file: UploadedFile,
  ) => Promise<z.input<Response>>;
};

type DownloadSpec<Params extends z.ZodType> = {
  action: RouteAction;
  params: Params;
  /** What the OpenAPI document says of the file (default: its own bytes and type), or its content types. */
  response?: z.ZodType | { content: Record<string, unknown> };
  run: (ctx: WorkspaceContext, params: z.output<Params>) => Promise<Parameters<typeof sendDownload>[1]>;
};

/**
 * The routes that take in or send out a stored file (ticket and article attachments, obligation
 * and revocation evidence). An upload is the raw file as the body with its type as Content-Type,
 * no multipart, the size limit checked before reading; a download is sent sandboxed, never cached.
 * Registers the raw-upload parsers on `scope`, so it is called once in an area's own plugin.
 */
export function workspaceFiles(scope: FastifyInstance, db: Database, tags: string[]) {
  acceptRawUploads(scope, ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES);
  const upload = <Params extends z.ZodType, Query extends z.ZodType, Response extends z.ZodType>(
    url: string,
    spec: UploadSpec<Params, Query, Response>,
  ) => {
    scope.post(url, {
      bodyLimit: MAX_ATTACHMENT_BYTES,
      config: { access: 'workspace', action: spec.action, ...(spec.idempotent && { idempotent: true }) },
      // A plain FastifySchema: the zod provider cannot infer through generic schemas, so the
      // handler casts what validation has already checked.
      schema: {
        tags,
        params: spec.params,
        querystring: spec.querystring,
        response: { [spec.status]: spec.response },
      } satisfies FastifySchema as FastifySchema,
      handler: async (request, reply) => {
        const file = { contentType: uploadContentType(request), bytes: request.body as Buffer };
        const answer = await spec.run(
          workspaceContext(db, request),
          request.params as z.output<Params>,
          request.query as z.output<Query>,
          file,
        );
        return reply.status(spec.status).send(answer);
      },
    });
  };
  const download = <Params extends z.ZodType>(url: string, spec: DownloadSpec<Params>) => {
    scope.get(url, {
      config: { access: 'workspace', action: spec.action },
      schema: {
        tags,
        params: spec.params,
        response: { 200: spec.response ?? FileDownload },
      } satisfies FastifySchema as FastifySchema,
      handler: async (request, reply) =>
        sendDownload(
          reply,
          await spec.run(workspaceContext(db, request), request.params as z.output<Params>),
        ),
    });
  };
  return { upload, download };
}
