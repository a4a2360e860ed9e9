import { CallLogsQuery, CallLogsResponse } from '@call-ribbon/contract';
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../../app-deps.ts';
import { dateRange } from '../../calls/date-filter.ts';
import { requireTenant } from '../../http/auth.ts';
import { API_KEY, component, errors, json, routeApp, tenantErrors } from '../../openapi/declare.ts';

const listCallLogs = createRoute({
  method: 'get',
  path: '/call-logs',
  operationId: 'listCallLogs',
  tags: ['Call logs'],
  summary: 'Calls, newest first, filtered and paged',
  description:
    'Filters combine. A plain-date `endDate` (2025-10-31) includes that whole day; a date-time `endDate` includes that second.',
  security: API_KEY,
  request: { query: CallLogsQuery },
  responses: {
    200: json('One page of calls', component('CallLogsResponse', CallLogsResponse)),
    ...errors(400),
    ...tenantErrors(),
  },
});

/** `GET /api/ribbon/call-logs`, mounted under `/api/ribbon`. */
export const callLogsRoutes = (deps: AppDeps) =>
  routeApp().openapi({ ...listCallLogs, middleware: [requireTenant(deps)] }, async (c) => {
    const query = c.req.valid('query');
    const { from, to } = dateRange(query.startDate, query.endDate);
    const { calls, total } = await deps.stores.calls.list(
      c.var.tenant.id,
      { from, to, customerId: query.customerId, direction: query.callDirection, status: query.status },
      query.page,
      query.pageSize,
    );
    const body: CallLogsResponse = {
      logs: calls,
      pagination: {
        page: query.page,
        pageSize: query.pageSize,
        total,
        totalPages: Math.ceil(total / query.pageSize),
      },
    };
    return c.json(body, 200);
  });
