import {
  type AdminAnalyticsResponse,
  type AdminClientsResponse,
  type AnalyticsSummary,
  type Client,
  type ClientResponse,
  type ClientWithKeyResponse,
  CreateClientRequest,
  UpdateClientRequest,
} from '@call-ribbon/contract';
import { Hono } from 'hono';
import type { AppEnv, Stores } from '../app.ts';
import type { Tenant } from '../engines/sqlite/tenants.ts';
import { requireAdmin } from '../http/admin-auth.ts';
import { canonicalOrigin } from '../http/cors.ts';
import { HttpError } from '../http/errors.ts';
import { parseJson } from '../http/validate.ts';
import { monthInTimeZone, usageOf } from '../usage.ts';

/** A tenant as the admin API shows it: never its key hash. */
export const toClient = (tenant: Tenant): Client => ({
  id: tenant.id,
  name: tenant.name,
  timezone: tenant.timezone,
  monthlyCallLimit: tenant.monthlyCallLimit,
  allowedOrigins: tenant.allowedOrigins,
  widget: tenant.widget,
  createdAt: tenant.createdAt,
});

/** Calls started this month in the tenant's time zone, against its limit. */
export const usageForTenant = (stores: Stores, tenant: Tenant, now: Date) => {
  const month = monthInTimeZone(now, tenant.timezone);
  const calls = stores.calls.countStartedBetween(
    tenant.id,
    month.start.toISOString(),
    month.end.toISOString(),
  );
  return usageOf(calls, tenant.monthlyCallLimit);
};

const emptySummary = (): AnalyticsSummary => ({
  totalCalls: 0,
  totalDuration: 0,
  avgDuration: 0,
  inboundCalls: 0,
  outboundCalls: 0,
  answeredCalls: 0,
  missedCalls: 0,
});

const tenantOr404 = (stores: Stores, id: string): Tenant => {
  const tenant = stores.tenants.get(id);
  if (!tenant) throw new HttpError(404, `No client with id "${id}"`);
  return tenant;
};

/** `/api/admin/*`: every route needs `Authorization: Bearer <ADMIN_TOKEN>`. */
export const adminRoutes = () =>
  new Hono<AppEnv>()
    .use(requireAdmin)
    .get('/clients', (c) => {
      const { stores } = c.var;
      const now = c.var.deps.clock();
      const body: AdminClientsResponse = {
        clients: stores.tenants.list().map((tenant) => {
          const activity = stores.calls.activity(tenant.id);
          return {
            id: tenant.id,
            name: tenant.name,
            createdAt: tenant.createdAt,
            usage: usageForTenant(stores, tenant, now),
            totalCalls: activity.totalCalls,
            lastActivityAt: activity.lastActivityAt,
          };
        }),
      };
      return c.json(body);
    })
    .post('/clients', async (c) => {
      const input = await parseJson(c, CreateClientRequest);
      const { tenant, apiKey } = c.var.stores.tenants.create(
        { ...input, allowedOrigins: input.allowedOrigins.map(canonicalOrigin) },
        c.var.deps.clock(),
      );
      const body: ClientWithKeyResponse = { client: toClient(tenant), apiKey };
      return c.json(body, 201);
    })
    .get('/clients/:id', (c) => {
      const body: ClientResponse = { client: toClient(tenantOr404(c.var.stores, c.req.param('id'))) };
      return c.json(body);
    })
    .patch('/clients/:id', async (c) => {
      const id = c.req.param('id');
      tenantOr404(c.var.stores, id);
      const changes = await parseJson(c, UpdateClientRequest);
      c.var.stores.tenantSettings.update(id, {
        ...changes,
        allowedOrigins: changes.allowedOrigins?.map(canonicalOrigin),
      });
      const body: ClientResponse = { client: toClient(tenantOr404(c.var.stores, id)) };
      return c.json(body);
    })
    .post('/clients/:id/rotate-key', (c) => {
      const tenant = tenantOr404(c.var.stores, c.req.param('id'));
      const apiKey = c.var.stores.tenants.rotateKey(tenant.id);
      if (apiKey === undefined) throw new HttpError(404, `No client with id "${tenant.id}"`);
      const body: ClientWithKeyResponse = { client: toClient(tenant), apiKey };
      return c.json(body);
    })
    .get('/analytics/all', (c) => {
      const { stores } = c.var;
      const now = c.var.deps.clock();
      const totals = { ...emptySummary(), clients: 0 };
      const clients = stores.tenants.list().map((tenant) => {
        const summary = stores.calls.summary(tenant.id);
        totals.clients += 1;
        totals.totalCalls += summary.totalCalls;
        totals.totalDuration += summary.totalDuration;
        totals.inboundCalls += summary.inboundCalls;
        totals.outboundCalls += summary.outboundCalls;
        totals.answeredCalls += summary.answeredCalls;
        totals.missedCalls += summary.missedCalls;
        return { id: tenant.id, name: tenant.name, summary, usage: usageForTenant(stores, tenant, now) };
      });
      totals.avgDuration =
        totals.answeredCalls === 0 ? 0 : Math.round(totals.totalDuration / totals.answeredCalls);
      const body: AdminAnalyticsResponse = { totals, clients };
      return c.json(body);
    });
