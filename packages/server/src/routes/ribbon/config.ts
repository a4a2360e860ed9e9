import { ConfigResponse, InitRequest, InitResponse } from '@call-ribbon/contract';
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../../app-deps.ts';
import { requireTenant } from '../../http/auth.ts';
import { jsonBody } from '../../http/body.ts';
import {
  API_KEY,
  component,
  errors,
  json,
  jsonBodyOf,
  routeApp,
  tenantErrors,
} from '../../openapi/declare.ts';
import type { Tenant } from '../../stores/index.ts';
import { usageForTenant } from '../../usage.ts';

const getConfig = createRoute({
  method: 'get',
  path: '/config',
  operationId: 'getConfig',
  tags: ['Ribbon'],
  summary: 'Client, widget settings, telephony and this month’s usage',
  description:
    'Usage counts calls started this calendar month in the client’s time zone; `remaining` never goes below zero.',
  security: API_KEY,
  responses: {
    200: json('The configuration', component('ConfigResponse', ConfigResponse)),
    ...tenantErrors(),
  },
});

const init = createRoute({
  method: 'post',
  path: '/init',
  operationId: 'init',
  tags: ['Ribbon'],
  summary: 'Open an agent session',
  description:
    'Validates the key, records the agent session and returns the configuration plus `sessionId`. The body is optional: none, or an empty one, counts as `{}`.',
  security: API_KEY,
  request: {
    body: jsonBodyOf(component('InitRequest', InitRequest), {
      required: false,
      description: 'Who opens the session, and where',
    }),
  },
  responses: {
    200: json('The configuration and the new session id', component('InitResponse', InitResponse)),
    ...errors(400, 413, 415),
    ...tenantErrors(),
  },
});

/** `GET /config` and `POST /init`, mounted under `/api/ribbon`. */
export const configRoutes = (deps: AppDeps) => {
  const { stores } = deps;
  const configFor = async (tenant: Tenant): Promise<ConfigResponse> => {
    const [telephony, usage] = await Promise.all([
      // Provider and caller id only: the Exotel key and token never reach the browser.
      stores.telephony.publicView(tenant.id),
      usageForTenant(stores, tenant, deps.clock()),
    ]);
    return {
      client: { id: tenant.id, name: tenant.name, timezone: tenant.timezone },
      widget: tenant.widget,
      telephony,
      usage,
    };
  };
  const tenant = requireTenant(deps);
  return routeApp()
    .openapi({ ...getConfig, middleware: [tenant] }, async (c) => c.json(await configFor(c.var.tenant), 200))
    .openapi({ ...init, middleware: [tenant, jsonBody({ optional: true })] }, async (c) => {
      const input = c.req.valid('json');
      const session = await stores.sessions.open(
        c.var.tenant.id,
        {
          agentId: input.agent?.id,
          agentName: input.agent?.name,
          sdkVersion: input.sdkVersion,
          page: input.page,
        },
        deps.clock(),
      );
      const body: InitResponse = { ...(await configFor(c.var.tenant)), sessionId: session.id };
      return c.json(body, 200);
    });
};
