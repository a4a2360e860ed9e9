import { CallLogsQuery, type CallLogsResponse } from '@call-ribbon/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../../app.ts';
import { dateRange } from '../../calls/date-filter.ts';
import { requireTenant } from '../../http/auth.ts';
import { parseQuery } from '../../http/validate.ts';

/** `GET /api/ribbon/call-logs`, mounted under `/api/ribbon`. */
export const callLogsRoutes = () =>
  new Hono<AppEnv>().get('/call-logs', requireTenant, (c) => {
    const query = parseQuery(c, CallLogsQuery);
    const { from, to } = dateRange(query.startDate, query.endDate);
    const { calls, total } = c.var.stores.calls.list(
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
    return c.json(body);
  });
