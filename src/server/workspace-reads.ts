import type { FastifyInstance, FastifySchema } from 'fastify';
import type { z } from 'zod';
import type { Database } from '../db/client.ts';
import { workspaceContext } from './auth.ts';
import type { WorkspaceContext } from './context.ts';
import type { RouteAction } from './route-action.ts';

type ReadSpec<Params extends z.ZodType, Query extends z.ZodType, Response extends z.ZodType> = {
  action: RouteAction;
  params: Params;
  querystring?: Query;
  response: Response;
  /** The service call and its presenter; params and query are the validated ones. */
  run: (
    ctx: WorkspaceContext,
    params: z.output<Params>,
    query: z.output<Query>,
  ) => Promise<z.input<Response>> | z.input<Response>;
};

/**
 * The GET routes of an area that answer JSON from one workspace: each names its path, policy
 * action, schemas and service call; the access rule, the context and the 200 are the same for all.
 * Downloads and routes that set headers declare themselves with `app.get`.
 */
export function workspaceReads(app: FastifyInstance, db: Database, tags: string[]) {
  return <Params extends z.ZodType, Response extends z.ZodType, Query extends z.ZodType = z.ZodUndefined>(
    url: string,
    spec: ReadSpec<Params, Query, Response>,
  ) => {
    app.get(url, {
      config: { access: 'workspace', action: spec.action },
      // A plain FastifySchema: the zod provider cannot infer through generic schemas, so the
      // handler casts what validation has already checked.
      schema: {
        tags,
        params: spec.params,
        ...(spec.querystring && { querystring: spec.querystring }),
        response: { 200: spec.response },
      } satisfies FastifySchema as FastifySchema,
      handler: async (request) =>
        spec.run(
          workspaceContext(db, request),
          request.params as z.output<Params>,
          request.query as z.output<Query>,
        ),
    });
  };
}
