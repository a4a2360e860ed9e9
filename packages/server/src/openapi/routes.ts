import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppDeps, AppEnv } from '../app-deps.ts';
import { NO_AUTH, routeApp } from './declare.ts';
import { renderDocsPage } from './docs-page.ts';
import { buildOpenApiDocument, type OpenApiDocument } from './document.ts';

const openApiDocument = createRoute({
  method: 'get',
  path: '/openapi.json',
  operationId: 'openApiDocument',
  tags: ['Service'],
  summary: 'This reference, as an OpenAPI 3.1 document',
  description:
    'Generated from the same route declarations that validate requests, so it cannot drift from them.',
  security: NO_AUTH,
  responses: {
    200: {
      description: 'The OpenAPI document',
      content: {
        'application/json': {
          schema: z.record(z.string(), z.unknown()).meta({ description: 'OpenAPI 3.1 document' }),
        },
      },
    },
  },
});

const apiReferencePage = createRoute({
  method: 'get',
  path: '/docs',
  operationId: 'apiReferencePage',
  tags: ['Service'],
  summary: 'This reference as a readable HTML page',
  description:
    'One self-contained page (no scripts, nothing loaded from elsewhere) with an example of each response.',
  security: NO_AUTH,
  responses: {
    200: {
      description: 'A self-contained HTML page',
      content: { 'text/html': { schema: { type: 'string', description: 'The API reference' } } },
    },
  },
});

/**
 * `GET /openapi.json` and `GET /docs`: the document of every operation declared on `api`,
 * built on first request (once every module is mounted) and kept.
 */
export const openApiRoutes = (deps: AppDeps, api: OpenAPIHono<AppEnv>) => {
  let document: OpenApiDocument | undefined;
  let page: string | undefined;
  const documentOnce = () => {
    document ??= buildOpenApiDocument(api, deps.version);
    return document;
  };
  return routeApp()
    .openapi(openApiDocument, (c) => c.json(documentOnce(), 200))
    .openapi(apiReferencePage, (c) => {
      page ??= renderDocsPage(documentOnce());
      return c.html(page, 200);
    });
};
