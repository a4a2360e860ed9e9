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
  summary: 'This reference, interactive: try each request against this server',
  description:
    'Swagger UI (served by this server from node_modules, nothing loaded from elsewhere) reading `/openapi.json`; “Try it out” sends the request to this server with the demo key, or `?apiKey=` of the page’s address. The same reference without scripts is `/docs/static`.',
  security: NO_AUTH,
  responses: {
    200: {
      description: 'An HTML page',
      content: { 'text/html': { schema: { type: 'string', description: 'The API reference' } } },
    },
  },
});

const staticReferencePage = createRoute({
  method: 'get',
  path: '/docs/static',
  operationId: 'staticApiReferencePage',
  tags: ['Service'],
  summary: 'This reference as a readable HTML page without scripts',
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

/** The interactive reference: the demo pages' top bar, then Swagger UI (examples/shared/api-docs.js). */
const INTERACTIVE_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>API reference — Call Ribbon</title>
  <link rel="icon" href="/examples/shared/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/examples/shared/styles.css">
  <link rel="stylesheet" href="/vendor/swagger-ui/swagger-ui.css">
  <link rel="stylesheet" href="/examples/shared/api-docs.css">
</head>
<body>
  <header class="topbar"></header>
  <script src="/examples/shared/layout.js"></script>
  <!-- Swagger UI draws its own <main>: this page's wrapper is not a second one. -->
  <div class="docs-page">
  <section class="docs-intro" aria-labelledby="docs-title">
    <h1 id="docs-title">API reference</h1>
    <p class="lede">Every operation of <a href="/openapi.json"><code>/openapi.json</code></a>. Open one and press
      <strong>Try it out</strong>: the request goes to this server with the demo key (<code>demo-api-key</code>,
      already set under <strong>Authorize</strong>). <a href="/" data-back-to-demo>Back to the demo</a> ·
      <a href="/docs/static">the same reference without scripts</a>.</p>
    <h2 id="api-title">Call Ribbon API</h2>
    <p id="api-description" class="muted"></p>
  </section>
  <div id="api-reference" class="api-reference"><p class="muted">Loading the reference…</p></div>
  </div>
  <script src="/vendor/swagger-ui/swagger-ui-bundle.js"></script>
  <script type="module" src="/examples/shared/api-docs.js"></script>
</body>
</html>
`;

/**
 * `GET /openapi.json`, `GET /docs` (interactive) and `GET /docs/static`: the document of every
 * operation declared on `api`, built on first request (once every module is mounted) and kept.
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
    .openapi(apiReferencePage, (c) => c.html(INTERACTIVE_PAGE, 200))
    .openapi(staticReferencePage, (c) => {
      page ??= renderDocsPage(documentOnce());
      return c.html(page, 200);
    });
};
