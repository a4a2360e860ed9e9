import { ActiveCallsResponse } from '@call-ribbon/contract';
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../../app-deps.ts';
import { requireTenant } from '../../http/auth.ts';
import { API_KEY, component, json, routeApp, tenantErrors } from '../../openapi/declare.ts';

const listActiveCalls = createRoute({
  method: 'get',
  path: '/active-calls',
  operationId: 'listActiveCalls',
  tags: ['Call logs'],
  summary: 'Calls in progress',
  description:
    'Calls not yet ended, newest first; a call with no event for a while (2 hours by default) is stale, not active.',
  security: API_KEY,
  responses: {
    200: json('The calls in progress', component('ActiveCallsResponse', ActiveCallsResponse)),
    ...tenantErrors(),
  },
});

/** `GET /api/ribbon/active-calls`, mounted under `/api/ribbon`. */
export const activeCallsRoutes = (deps: AppDeps) =>
  routeApp().openapi({ ...listActiveCalls, middleware: [requireTenant(deps)] }, async (c) => {
    const since = new Date(deps.clock().getTime() - deps.staleCallMs);
    const calls = await deps.stores.calls.active(c.var.tenant.id, since);
    const body: ActiveCallsResponse = { count: calls.length, calls };
    return c.json(body, 200);
  });
