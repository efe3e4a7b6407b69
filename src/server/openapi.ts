import { z } from 'zod';
import { ErrorResponseSchema } from './http.ts';

type Operation = { responses?: Record<string, unknown> };
type OpenApiDocument = {
  components?: { schemas?: Record<string, unknown> };
  paths?: Record<string, Record<string, Operation>>;
};

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ERROR_REF } },
});

/**
 * Completes the generated document: the one error shape (error-handler.ts) as a shared component,
 * referenced by every operation for 4xx and 5xx, so clients learn it once.
 */
export function completeOpenApiDocument<T extends object>(document: T): T {
  const doc = document as OpenApiDocument;
  doc.components = {
    ...doc.components,
    schemas: {
      ...doc.components?.schemas,
      Error: z.toJSONSchema(ErrorResponseSchema, { target: 'openapi-3.0', io: 'output' }),
    },
  };
  for (const operations of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      operation.responses = {
        ...operation.responses,
        '4XX': errorResponse(
          'Refused: `error.code` says why, a 400 names each bad field in `error.details`.',
        ),
        '5XX': errorResponse('The server or its database failed; `error.message` carries the request id.'),
      };
    }
  }
  return document;
}
