import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { errors, NO_AUTH, pathParam, routeApp } from '../openapi/declare.ts';
import { registerSecuritySchemes } from '../openapi/document.ts';
import { openApiRoutes } from '../openapi/routes.ts';
import { adminRoutes } from './admin.ts';
import { crmRoutes } from './crm.ts';
import { dashboardRoutes } from './dashboards.ts';
import { exampleRoutes } from './examples.ts';
import { healthRoutes } from './health.ts';
import { inboundWebhookRoutes } from './inbound.ts';
import { activeCallsRoutes } from './ribbon/active-calls.ts';
import { agentRoutes } from './ribbon/agents.ts';
import { analyticsRoutes } from './ribbon/analytics.ts';
import { callLogsRoutes } from './ribbon/call-logs.ts';
import { configRoutes } from './ribbon/config.ts';
import { customerRoutes } from './ribbon/customers.ts';
import { exportRoutes } from './ribbon/export.ts';
import { logCallRoutes } from './ribbon/log-call.ts';
import { streamRoutes } from './ribbon/stream.ts';
import { sdkRoutes } from './sdk.ts';
import { callRoutes, telephonyAdminRoutes, webhookRoutes } from './telephony.ts';

/** `sdk.ts` serves static files with plain Hono; its one operation is declared here for the document. */
const ribbonBundle = createRoute({
  method: 'get',
  path: '/sdk/{file}',
  operationId: 'ribbonBundle',
  tags: ['Service'],
  summary: 'The ribbon’s script-tag bundles and their source maps',
  description:
    '`exotel-call-ribbon.js` (the script tag) and `exotel-call-ribbon-exotel.js` (the Exotel providers, loaded on demand), each with its `.map`. Cacheable (revalidated by ETag) and open to any origin.',
  security: NO_AUTH,
  request: {
    params: z.object({
      file: pathParam('The bundle file name, e.g. `exotel-call-ribbon.js`'),
    }),
  },
  responses: {
    200: {
      description: 'The file',
      content: {
        'text/javascript': { schema: { type: 'string', description: 'An IIFE bundle' } },
        'application/json': { schema: { type: 'object', description: 'A source map' } },
      },
    },
    304: { description: 'Not modified since the ETag in `If-None-Match`' },
    ...errors(404, 503),
  },
});

/**
 * Every route of the server, each module mounted with `app.route()`. The caller adds what
 * wraps them all: CORS and the body limit before, `notFound` and `onError` after.
 */
export const apiRoutes = (deps: AppDeps) => {
  const api = routeApp();
  registerSecuritySchemes(api);
  api.route('/', healthRoutes(deps));
  api.openAPIRegistry.registerPath(ribbonBundle);
  api.route('/', sdkRoutes());
  api.route('/api/ribbon', customerRoutes(deps));
  api.route('/api/ribbon', logCallRoutes(deps));
  api.route('/api/ribbon', callLogsRoutes(deps));
  api.route('/api/ribbon', activeCallsRoutes(deps));
  api.route('/api/ribbon', analyticsRoutes(deps));
  api.route('/api/ribbon', exportRoutes(deps));
  api.route('/api/ribbon', configRoutes(deps));
  api.route('/api/ribbon', streamRoutes(deps));
  api.route('/api/ribbon', callRoutes(deps));
  api.route('/api/ribbon', agentRoutes(deps));
  api.route('/api/webhooks', webhookRoutes(deps));
  api.route('/api/webhooks', inboundWebhookRoutes(deps));
  api.route('/api/admin', telephonyAdminRoutes(deps));
  api.route('/api/admin', adminRoutes(deps));
  api.route('/api/crm', crmRoutes(deps));
  api.route('/', dashboardRoutes(deps));
  api.route('/', openApiRoutes(deps, api));
  api.route('/', exampleRoutes());
  return api;
};
