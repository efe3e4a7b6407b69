import type { FastifyInstance, FastifySchema } from 'fastify';
import type { z } from 'zod';
import type { Database } from '../db/client.ts';
import { workspaceContext } from './auth.ts';
import type { WorkspaceContext } from './context.ts';
import { NoContent } from './http.ts';
import type { RouteAction } from './route-action.ts';

export type WriteMethod = 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** The service call and its presenter; params, body and query are the validated ones. */
type Run<Params extends z.ZodType, Body extends z.ZodType, Query extends z.ZodType, Answer> = (
  ctx: WorkspaceContext,
  params: z.output<Params>,
  body: z.output<Body>,
  query: z.output<Query>,
) => Promise<Answer> | Answer;

type WriteSpec<
  Params extends z.ZodType,
  Body extends z.ZodType,
  Query extends z.ZodType,
  Response extends z.ZodType,
> = {
  action: RouteAction;
  /** Honours an Idempotency-Key header (idempotency.ts): the routes that add something. */
  idempotent?: true;
  params: Params;
  querystring?: Query;
  body?: Body;
} & (
  | {
      /** 200 unless named: 201 for what a route adds, 202 for work it queues. */
      status?: 200 | 201 | 202;
      response: Response;
      run: Run<Params, Body, Query, z.input<Response>>;
    }
  | {
      /** No content: what `run` returns is not sent. */
      status: 204;
      run: Run<Params, Body, Query, unknown>;
    }
);

/**
 * The routes of an area that change something in one workspace and answer JSON (or nothing):
 * each names its method, path, policy action, schemas, status and service call; the access rule,
 * the context and the reply are the same for all. Uploads and routes that set headers declare
 * themselves with `app.route`; the reads are `workspaceReads`, the writes that answer a record's
 * detail `recordWrites`.
 */
export function workspaceWrites(app: FastifyInstance, db: Database, tags: string[]) {
  return <
    Params extends z.ZodType,
    Response extends z.ZodType = typeof NoContent,
    Body extends z.ZodType = z.ZodUndefined,
    Query extends z.ZodType = z.ZodUndefined,
  >(
    method: WriteMethod,
    url: string,
    spec: WriteSpec<Params, Body, Query, Response>,
  ) => {
    const status = spec.status ?? 200;
    app.route({
      method,
      url,
      config: { access: 'workspace', action: spec.action, ...(spec.idempotent && { idempotent: true }) },
      // A plain FastifySchema: the zod provider cannot infer through generic schemas, so the
      // handler casts what validation has already checked.
      schema: {
        tags,
        params: spec.params,
        ...(spec.querystring && { querystring: spec.querystring }),
        ...(spec.body && { body: spec.body }),
        response: { [status]: spec.status === 204 ? NoContent : spec.response },
      } satisfies FastifySchema as FastifySchema,
      handler: async (request, reply) => {
        const answer = await spec.run(
          workspaceContext(db, request),
          request.params as z.output<Params>,
          request.body as z.output<Body>,
          request.query as z.output<Query>,
        );
        return status === 204 ? reply.status(204).send() : reply.status(status).send(answer);
      },
    });
  };
}
