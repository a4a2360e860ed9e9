import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-deps.ts';

/** The groups operations are listed under, in reading order. */
export const TAGS = [
  { name: 'Service', description: 'Health, this reference and the ribbon’s script-tag bundle.' },
  {
    name: 'Ribbon',
    description: 'What the ribbon asks for when it starts: configuration and an agent session.',
  },
  {
    name: 'Call logs',
    description: 'Call events in (idempotent by `eventId`), calls out: listed, filtered, paged, in progress.',
  },
  {
    name: 'Analytics',
    description: 'Totals, distributions and exports, served from rollups kept current on write.',
  },
  { name: 'Customers', description: 'The CRM’s customers, their calls, and look-up by phone number.' },
  {
    name: 'Dashboards',
    description: 'The five CRM dashboards of seed 004, computed from CRM records and call logs.',
  },
  { name: 'CRM records', description: 'The CRM pushes its records here; the dashboards read them.' },
  {
    name: 'Telephony',
    description: 'Calls placed through the client’s Exotel account and Exotel’s callbacks.',
  },
  { name: 'Live', description: 'The client’s call events as they happen, as server-sent events.' },
  { name: 'Admin', description: 'Clients (tenants), their keys, limits, usage and Exotel accounts.' },
] as const;

export type TagName = (typeof TAGS)[number]['name'];

/** Declares the ways to authenticate; operations name them in `security`. */
export const registerSecuritySchemes = (app: OpenAPIHono<AppEnv>): void => {
  app.openAPIRegistry.registerComponent('securitySchemes', 'ApiKey', {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-Key',
    description:
      'The client’s API key. `POST /api/ribbon/customer` also accepts it as `apiKey` in the JSON body, and `POST /api/ribbon/log-call` in a `text/plain` body.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'StreamToken', {
    type: 'apiKey',
    in: 'query',
    name: 'token',
    description:
      'A short-lived token from `POST /api/ribbon/stream/token`, for `GET /api/ribbon/stream` from EventSource (which cannot send headers).',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'AdminBearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'The server’s ADMIN_TOKEN; without one configured the admin API answers 401.',
  });
};

export type OpenApiDocument = ReturnType<OpenAPIHono<AppEnv>['getOpenAPI31Document']>;

/** The OpenAPI 3.1 document of every operation declared on `app` (and the apps mounted in it). */
export const buildOpenApiDocument = (app: OpenAPIHono<AppEnv>, version: string): OpenApiDocument =>
  app.getOpenAPI31Document({
    openapi: '3.1.1',
    info: {
      title: 'Call Ribbon API',
      version,
      description:
        'Call logs, customers, analytics, exports and CRM dashboards of the Call Ribbon reference server. Every failure answers `{ "error": true, "message", "code" }` with `code` equal to the HTTP status. A malformed JSON body is a 400; a body that is not JSON where only JSON is taken, a 415.',
      contact: { name: 'Call Ribbon maintainers' },
      license: { name: 'MIT', url: 'https://opensource.org/license/mit' },
    },
    servers: [
      {
        url: 'http://localhost:8787',
        description: 'A local server (`pnpm start`); use your deployment’s address',
      },
    ],
    tags: TAGS.map((tag) => ({ ...tag })),
  });
