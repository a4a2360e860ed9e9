import {
  type AnalyticsResponse,
  type CallsByDayOfWeek,
  type CallsByHour,
  DAYS_OF_WEEK,
  DetailedAnalyticsQuery,
  type DetailedAnalyticsResponse,
  DURATION_BUCKETS,
  type DurationBuckets,
  HOURS,
} from '@call-ribbon/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../../app.ts';
import { dateRange, isoRange } from '../../calls/date-filter.ts';
import { requireTenant } from '../../http/auth.ts';
import { parseQuery } from '../../http/validate.ts';

const keyed = <K extends string>(keys: readonly K[], counts: readonly number[]) =>
  Object.fromEntries(keys.map((key, index) => [key, counts[index] ?? 0])) as Record<K, number>;

/** `GET /api/ribbon/analytics` and `/analytics/detailed`, mounted under `/api/ribbon`. */
export const analyticsRoutes = () =>
  new Hono<AppEnv>()
    .get('/analytics', requireTenant, (c) => {
      const { tenant, stores } = c.var;
      const body: AnalyticsResponse = {
        summary: stores.calls.summary(tenant.id),
        recentCalls: stores.calls.recent(tenant.id, 10),
      };
      return c.json(body);
    })
    .get('/analytics/detailed', requireTenant, (c) => {
      const { tenant, stores } = c.var;
      const query = parseQuery(c, DetailedAnalyticsQuery);
      const range = isoRange(dateRange(query.startDate, query.endDate));
      const detailed = stores.calls.detailed(tenant.id, range);
      const body: DetailedAnalyticsResponse = {
        summary: detailed.summary,
        callsByHour: keyed(HOURS, detailed.callsByHour) as CallsByHour,
        callsByDayOfWeek: keyed(DAYS_OF_WEEK, detailed.callsByDayOfWeek) as CallsByDayOfWeek,
        topCustomers: detailed.topCustomers,
        durationBuckets: keyed(DURATION_BUCKETS, detailed.durationBuckets) as DurationBuckets,
        recentActivity: stores.calls.recent(tenant.id, 10, range),
      };
      return c.json(body);
    });
