import {
  AnalyticsResponse,
  type CallsByDayOfWeek,
  type CallsByHour,
  DAYS_OF_WEEK,
  DetailedAnalyticsQuery,
  DetailedAnalyticsResponse,
  DURATION_BUCKETS,
  type DurationBuckets,
  HOURS,
} from '@call-ribbon/contract';
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../../app-deps.ts';
import { dateRange } from '../../calls/date-filter.ts';
import { requireTenant } from '../../http/auth.ts';
import { API_KEY, component, errors, json, routeApp, tenantErrors } from '../../openapi/declare.ts';
import { analyticsSummary, detailedAnalytics } from '../../services/analytics.ts';

/** How many calls `recentCalls` and `recentActivity` list. */
const RECENT_CALLS = 10;

const keyed = <K extends string>(keys: readonly K[], counts: readonly number[]) =>
  Object.fromEntries(keys.map((key, index) => [key, counts[index] ?? 0])) as Record<K, number>;

const getAnalytics = createRoute({
  method: 'get',
  path: '/analytics',
  operationId: 'getAnalytics',
  tags: ['Analytics'],
  summary: 'Summary and the ten most recent calls',
  description:
    'All-time totals: calls by direction, answered and missed, talk time in seconds and its average per answered call.',
  security: API_KEY,
  responses: {
    200: json('The summary', component('AnalyticsResponse', AnalyticsResponse)),
    ...tenantErrors(),
  },
});

const getDetailedAnalytics = createRoute({
  method: 'get',
  path: '/analytics/detailed',
  operationId: 'getDetailedAnalytics',
  tags: ['Analytics'],
  summary: 'Hourly, weekly and duration distributions, top customers',
  description:
    'Over calls started in the range (all time without one). Hours and days of the week are in the client’s time zone; every bucket key is always present.',
  security: API_KEY,
  request: { query: DetailedAnalyticsQuery },
  responses: {
    200: json('The detailed report', component('DetailedAnalyticsResponse', DetailedAnalyticsResponse)),
    ...errors(400),
    ...tenantErrors(),
  },
});

/** `GET /api/ribbon/analytics` and `/analytics/detailed`, mounted under `/api/ribbon`. */
export const analyticsRoutes = (deps: AppDeps) => {
  const { stores } = deps;
  const tenant = requireTenant(deps);
  return routeApp()
    .openapi({ ...getAnalytics, middleware: [tenant] }, async (c) => {
      const tenantId = c.var.tenant.id;
      const [summary, recentCalls] = await Promise.all([
        analyticsSummary(stores.callStats, tenantId),
        stores.calls.recent(tenantId, RECENT_CALLS),
      ]);
      const body: AnalyticsResponse = { summary, recentCalls };
      return c.json(body, 200);
    })
    .openapi({ ...getDetailedAnalytics, middleware: [tenant] }, async (c) => {
      const tenantId = c.var.tenant.id;
      const query = c.req.valid('query');
      const range = dateRange(query.startDate, query.endDate);
      const [detailed, recentActivity] = await Promise.all([
        detailedAnalytics(stores.callStats, tenantId, range),
        stores.calls.recent(tenantId, RECENT_CALLS, range),
      ]);
      const body: DetailedAnalyticsResponse = {
        summary: detailed.summary,
        callsByHour: keyed(HOURS, detailed.callsByHour) as CallsByHour,
        callsByDayOfWeek: keyed(DAYS_OF_WEEK, detailed.callsByDayOfWeek) as CallsByDayOfWeek,
        topCustomers: detailed.topCustomers,
        durationBuckets: keyed(DURATION_BUCKETS, detailed.durationBuckets) as DurationBuckets,
        recentActivity,
      };
      return c.json(body, 200);
    });
};
