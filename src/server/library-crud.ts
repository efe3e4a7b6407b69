import type { FastifyContextConfig, FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { Database } from '../db/client.ts';
import { workspaceContext } from './auth.ts';
import type { WorkspaceContext } from './context.ts';
import { NoContent, WorkspaceParamsSchema } from './http.ts';
import type { LibraryKeepAction } from './library-policy.ts';

/**
 * What a party's library (canned responses, macros, ticket templates) plugs into its four
 * routes: list, create (201), update (with a version, 409 when stale) and delete (204). The area
 * keeps its schemas, its use cases and any route of its own (applying a macro, filling a reply).
 */
export interface LibraryCrud<
  Query extends z.ZodType,
  List extends z.ZodType,
  Answer extends z.ZodType,
  Create extends z.ZodType,
  Update extends z.ZodType,
> {
  /** '/w/:workspace/macros'; an item is at `${path}/:id`. */
  path: string;
  tags: string[];
  route: (action: LibraryKeepAction) => FastifyContextConfig;
  itemParams: z.ZodType;
  listQuery?: Query;
  schemas: { list: List; answer: Answer; create: Create; update: Update };
  list: (ctx: WorkspaceContext, query: z.output<Query>) => Promise<z.input<List>>;
  create: (ctx: WorkspaceContext, body: z.output<Create>) => Promise<z.input<Answer>>;
  update: (ctx: WorkspaceContext, id: string, body: z.output<Update>) => Promise<z.input<Answer>>;
  remove: (ctx: WorkspaceContext, id: string) => Promise<void>;
}

export function libraryCrudRoutes<
  Query extends z.ZodType,
  List extends z.ZodType,
  Answer extends z.ZodType,
  Create extends z.ZodType,
  Update extends z.ZodType,
>(root: FastifyInstance, db: Database, crud: LibraryCrud<Query, List, Answer, Create, Update>) {
  // The app's zod compilers validate and serialize with these schemas; the type provider cannot
  // resolve a generic schema's types here, so request parts are cast to the schemas' outputs.
  const app = root;
  const { path, tags, route, itemParams } = crud;
  const schemas: Record<'list' | 'answer' | 'create' | 'update', z.ZodType> = crud.schemas;
  const listQuery: z.ZodType | undefined = crud.listQuery;
  const params = WorkspaceParamsSchema;
  type Id = { id: string };

  app.get(
    path,
    {
      config: route('list'),
      schema: {
        tags,
        params,
        ...(listQuery ? { querystring: listQuery } : {}),
        response: { 200: schemas.list },
      },
    },
    async (request) => crud.list(workspaceContext(db, request), request.query as z.output<Query>),
  );

  app.post(
    path,
    {
      config: route('create'),
      schema: { tags, params, body: schemas.create, response: { 201: schemas.answer } },
    },
    async (request, reply) => {
      const answer = await crud.create(workspaceContext(db, request), request.body as z.output<Create>);
      return reply.status(201).send(answer);
    },
  );

  app.patch(
    `${path}/:id`,
    {
      config: route('update'),
      schema: { tags, params: itemParams, body: schemas.update, response: { 200: schemas.answer } },
    },
    async (request) =>
      crud.update(workspaceContext(db, request), (request.params as Id).id, request.body as z.output<Update>),
  );

  app.delete(
    `${path}/:id`,
    { config: route('delete'), schema: { tags, params: itemParams, response: { 204: NoContent } } },
    async (request, reply) => {
      await crud.remove(workspaceContext(db, request), (request.params as Id).id);
      return reply.status(204).send();
    },
  );
}
