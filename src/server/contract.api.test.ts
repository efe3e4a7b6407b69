import { Validator } from '@seriousme/openapi-schema-validator';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testAppForFile } from '../test/file-setup.ts';
import { registerErrorHandler } from './error-handler.ts';
import { isOutsideContract, refuseUndeclaredSuccess } from './response-check.ts';
import { isUnconvertedRoute, UNCONVERTED_ROUTE_PREFIXES } from './unconverted-routes.ts';

const t = testAppForFile();

describe('API contract (issue #11)', () => {
  const routes = () => t.app.routeTable.filter((r) => r.method !== 'HEAD' && !isOutsideContract(r.url));

  it('every route declares a response schema for a success status (or its redirect)', () => {
    const missing = routes()
      .filter((r) => !isUnconvertedRoute(r.url))
      .filter((r) => !r.responses.some((status) => /^2(\d\d|XX)$|^30[23]$/.test(status)))
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
    expect(routes().length).toBeGreaterThan(50);
  });

  it('the allow-list of unconverted areas names only routes that still lack schemas', () => {
    // Shrinks to empty: a converted area must take its prefix off the list.
    const stale = UNCONVERTED_ROUTE_PREFIXES.filter((prefix) =>
      routes()
        .filter((r) => r.url === prefix || r.url.startsWith(`${prefix}/`))
        .every((r) => r.responses.length > 0),
    );
    expect(stale).toEqual([]);
  });

  it('workspace routes name a typed policy action as <policy>.<action>', () => {
    const malformed = routes()
      .filter((r) => r.access === 'workspace' && !/^[a-z]+\.[a-zA-Z]+$/.test(r.action ?? ''))
      .map((r) => `${r.method} ${r.url} ${r.action}`);
    expect(malformed).toEqual([]);
  });

  it('serves an OpenAPI document that a validator accepts, with responses and the shared error shape', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);

    // Examples where they help a reader (ticket keys, timestamps, error codes).
    const text = JSON.stringify(document);
    expect(text).toContain('"example":"ACME-1042"');
    expect(text).toContain('"example":"VALIDATION_FAILED"');
    expect(document.components.schemas.Error).toMatchObject({
      type: 'object',
      required: ['error'],
      properties: { error: { type: 'object', required: ['code', 'message'] } },
    });
    const operations = Object.entries(document.paths as Record<string, Record<string, OpenApiOperation>>)
      .filter(([path]) => !isUnconvertedRoute(path.replace(/\{(\w+)\}/g, ':$1')))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
    expect(operations.length).toBeGreaterThan(70);
    for (const { path, method, op } of operations) {
      const label = `${method.toUpperCase()} ${path}`;
      // A browser hop (single sign-on's start and callback) succeeds by redirecting, without a body.
      const success = Object.entries(op.responses).filter(([status]) => /^2|^30[23]$/.test(status));
      expect(success.length, `${label} documents a success response`).toBeGreaterThan(0);
      for (const [status, answer] of success) {
        if (status === '204' || status.startsWith('3')) continue;
        expect(answer.content, `${label} ${status} has a body schema`).toBeDefined();
      }
      expect(op.responses['4XX']?.content?.['application/json']?.schema).toEqual({
        $ref: '#/components/schemas/Error',
      });
    }
  });

  it('answers 500 in tests when a route sends a success status it did not declare', async () => {
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    registerErrorHandler(app);
    app.addHook('onSend', refuseUndeclaredSuccess);
    const schema = { response: { 200: z.object({ ok: z.boolean() }) } };
    app.post('/api/v1/declared', { schema }, async () => ({ ok: true }));
    app.post('/api/v1/undeclared', { schema }, async (_request, reply) =>
      reply.status(201 as 200).send({ ok: true }),
    );
    app.post('/api/v1/mismatch', { schema }, async () => ({ ok: 'yes' }) as unknown as { ok: boolean });
    const declared = await app.inject({ method: 'POST', url: '/api/v1/declared' });
    expect(declared.statusCode).toBe(200);
    const undeclared = await app.inject({ method: 'POST', url: '/api/v1/undeclared' });
    expect(undeclared.statusCode).toBe(500);
    expect(undeclared.json().error.code).toBe('RESPONSE_WITHOUT_SCHEMA');
    // A body that breaks its declared schema is refused by the serializer, never sent.
    const mismatch = await app.inject({ method: 'POST', url: '/api/v1/mismatch' });
    expect(mismatch.statusCode).toBe(500);
    await app.close();
  });
});

type OpenApiOperation = {
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};
