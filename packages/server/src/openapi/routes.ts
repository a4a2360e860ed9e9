import { Hono } from 'hono';
import type { AppEnv } from '../app.ts';
import { renderDocsPage } from './docs-page.ts';
import { buildOpenApiDocument, type OpenApiDocument } from './document.ts';

/** `GET /openapi.json` and `GET /docs`, built once per app from the contract's schemas. */
export const openApiRoutes = () => {
  let document: OpenApiDocument | undefined;
  let page: string | undefined;
  const documentFor = (version: string) => {
    document ??= buildOpenApiDocument(version);
    return document;
  };
  return new Hono<AppEnv>()
    .get('/openapi.json', (c) => c.json(documentFor(c.var.deps.version)))
    .get('/docs', (c) => {
      page ??= renderDocsPage(documentFor(c.var.deps.version));
      return c.html(page);
    });
};
