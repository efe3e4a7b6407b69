import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { Database } from '../db/client.ts';
import type { WorkspaceContext } from './context.ts';
import type { RouteAction } from './route-action.ts';
import { workspaceWrites } from './workspace-writes.ts';

type RecordSpec<Params extends z.ZodType, Response extends z.ZodType> = {
  tags: string[];
  /** The record's path parameters (`…/:key`), as a route's `schema.params`. */
  params: Params;
  /** The record's detail response. */
  response: Response;
  /** Reads the record again after the write: what every one of these routes answers. */
  detail: (ctx: WorkspaceContext, params: z.output<Params>) => Promise<z.input<Response>>;
};

type WriteSpec<Params extends z.ZodType, Body extends z.ZodType> = {
  action: RouteAction;
  body: Body;
  /** A sub-path's params (`…/:key/commentary/:section`): the record's, extended. */
  params?: Params;
  /** Adds something to the record: answers 201 and honours Idempotency-Key. */
  created?: true;
  /** The service call; the params and body are the validated ones. */
  run: (ctx: WorkspaceContext, params: z.output<Params>, body: z.output<Body>) => Promise<unknown>;
};

/**
 * The routes that change one record and answer with its detail — a transition, an edit, an
 * added action. Each names its method, path, policy action, body schema and service call; the
 * reading back, the status and the response schema are the same for all of them.
 */
export function recordWrites<RecordParams extends z.ZodType, Response extends z.ZodType>(
  app: FastifyInstance,
  db: Database,
  record: RecordSpec<RecordParams, Response>,
) {
  const write = workspaceWrites(app, db, record.tags);
  return <Body extends z.ZodType, Params extends z.ZodType = RecordParams>(
    method: 'POST' | 'PATCH' | 'PUT',
    url: string,
    spec: WriteSpec<Params, Body>,
  ) =>
    write(method, url, {
      action: spec.action,
      ...(spec.created && { idempotent: true, status: 201 as const }),
      // A sub-path's params extend the record's, so the record's detail can read them.
      params: (spec.params ?? record.params) as Params & RecordParams,
      body: spec.body,
      response: record.response,
      run: async (ctx, params, body) => {
        await spec.run(ctx, params, body);
        return record.detail(ctx, params);
      },
    });
}
