import {
  AdminAnalyticsResponse,
  AdminClientsResponse,
  type Client,
  ClientResponse,
  ClientWithKeyResponse,
  CreateClientRequest,
  TelephonySettingsResponse,
  UpdateClientRequest,
} from '@call-ribbon/contract';
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { requireAdmin } from '../http/admin-auth.ts';
import { jsonBody } from '../http/body.ts';
import { canonicalOrigin } from '../http/cors.ts';
import { HttpError } from '../http/errors.ts';
import {
  ADMIN,
  adminErrors,
  component,
  errors,
  json,
  jsonBodyOf,
  pathParam,
  routeApp,
} from '../openapi/declare.ts';
import { analyticsSummary } from '../services/analytics.ts';
import type { Stores, Tenant } from '../stores/index.ts';
import { usageForTenant } from '../usage.ts';
import { describeSettings } from './telephony.ts';

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

const tenantOr404 = async (stores: Stores, id: string): Promise<Tenant> => {
  const tenant = await stores.tenants.get(id);
  if (!tenant) throw new HttpError(404, `No client with id "${id}"`);
  return tenant;
};

const ClientIdParams = z.object({ id: pathParam('The client (tenant) id') });
const ClientResponseSchema = component('ClientResponse', ClientResponse);
const ClientWithKeyResponseSchema = component('ClientWithKeyResponse', ClientWithKeyResponse);

const listClients = createRoute({
  method: 'get',
  path: '/clients',
  operationId: 'listClients',
  tags: ['Admin'],
  summary: 'Every client with usage and activity',
  description: 'Usage is this calendar month in each client’s time zone; activity is all time.',
  security: ADMIN,
  responses: {
    200: json('The clients', component('AdminClientsResponse', AdminClientsResponse)),
    ...adminErrors(),
  },
});

const createClient = createRoute({
  method: 'post',
  path: '/clients',
  operationId: 'createClient',
  tags: ['Admin'],
  summary: 'Create a client; its API key is shown this once',
  description: 'Only a hash of the key is stored: it cannot be shown again, only rotated.',
  security: ADMIN,
  request: {
    body: jsonBodyOf(component('CreateClientRequest', CreateClientRequest), {
      required: true,
      description: 'The new client’s settings',
    }),
  },
  responses: {
    201: json('The new client and its key', ClientWithKeyResponseSchema),
    ...errors(400, 413, 415),
    ...adminErrors(),
  },
});

const getClient = createRoute({
  method: 'get',
  path: '/clients/{id}',
  operationId: 'getClient',
  tags: ['Admin'],
  summary: 'One client’s settings',
  description: 'Name, time zone, monthly limit, allowed browser origins and widget settings.',
  security: ADMIN,
  request: { params: ClientIdParams },
  responses: {
    200: json('The client', ClientResponseSchema),
    ...errors(404),
    ...adminErrors(),
  },
});

const updateClient = createRoute({
  method: 'patch',
  path: '/clients/{id}',
  operationId: 'updateClient',
  tags: ['Admin'],
  summary: 'Change a client’s name, time zone, limit, origins or widget settings',
  description: 'Only the fields sent change; `widget` is merged over the stored settings.',
  security: ADMIN,
  request: {
    params: ClientIdParams,
    body: jsonBodyOf(component('UpdateClientRequest', UpdateClientRequest), {
      required: true,
      description: 'The fields to change, at least one',
    }),
  },
  responses: {
    200: json('The client after the change', ClientResponseSchema),
    ...errors(400, 404, 413, 415),
    ...adminErrors(),
  },
});

const rotateClientKey = createRoute({
  method: 'post',
  path: '/clients/{id}/rotate-key',
  operationId: 'rotateClientKey',
  tags: ['Admin'],
  summary: 'Replace a client’s API key; the old key stops working at once',
  description:
    'The new key is shown this once. The client’s Exotel callback secret is replaced too: callbacks to the old address are refused (calls in progress are completed by reconciliation).',
  security: ADMIN,
  request: { params: ClientIdParams },
  responses: {
    200: json('The client and its new key', ClientWithKeyResponseSchema),
    ...errors(404),
    ...adminErrors(),
  },
});

const rotateClientWebhookSecret = createRoute({
  method: 'post',
  path: '/clients/{id}/rotate-webhook-secret',
  operationId: 'rotateClientWebhookSecret',
  tags: ['Admin'],
  summary: 'Replace a client’s Exotel callback secret; callbacks to the old one are refused at once',
  description:
    'The secret is part of the StatusCallback address the server gives Exotel with each call, so nothing needs changing at Exotel. Callbacks of calls placed before the rotation are refused (404) and those calls are completed from Exotel’s call details by reconciliation. 404 when the client has no telephony settings.',
  security: ADMIN,
  request: { params: ClientIdParams },
  responses: {
    200: json(
      'The client’s telephony settings, without secrets',
      component('TelephonySettingsResponse', TelephonySettingsResponse),
    ),
    ...errors(404),
    ...adminErrors(),
  },
});

const getAllAnalytics = createRoute({
  method: 'get',
  path: '/analytics/all',
  operationId: 'getAllAnalytics',
  tags: ['Admin'],
  summary: 'Totals across clients and per client',
  description: 'All-time summaries per client and summed, with each client’s usage this month.',
  security: ADMIN,
  responses: {
    200: json('The totals', component('AdminAnalyticsResponse', AdminAnalyticsResponse)),
    ...adminErrors(),
  },
});

/** `/api/admin/*`: every route needs `Authorization: Bearer <ADMIN_TOKEN>`. */
export const adminRoutes = (deps: AppDeps) => {
  const { stores } = deps;
  const admin = requireAdmin(deps);
  return routeApp()
    .openapi({ ...listClients, middleware: [admin] }, async (c) => {
      const now = deps.clock();
      const clients = await Promise.all(
        (await stores.tenants.list()).map(async (tenant) => {
          const [usage, activity] = await Promise.all([
            usageForTenant(stores, tenant, now),
            stores.callStats.activity(tenant.id),
          ]);
          return {
            id: tenant.id,
            name: tenant.name,
            createdAt: tenant.createdAt,
            usage,
            totalCalls: activity.totalCalls,
            lastActivityAt: activity.lastActivityAt,
          };
        }),
      );
      const body: AdminClientsResponse = { clients };
      return c.json(body, 200);
    })
    .openapi({ ...createClient, middleware: [admin, jsonBody()] }, async (c) => {
      const input = c.req.valid('json');
      const { tenant, apiKey } = await stores.tenants.create(
        { ...input, allowedOrigins: input.allowedOrigins.map(canonicalOrigin) },
        deps.clock(),
      );
      const body: ClientWithKeyResponse = { client: toClient(tenant), apiKey };
      return c.json(body, 201);
    })
    .openapi({ ...getClient, middleware: [admin] }, async (c) => {
      const body: ClientResponse = { client: toClient(await tenantOr404(stores, c.req.valid('param').id)) };
      return c.json(body, 200);
    })
    .openapi({ ...updateClient, middleware: [admin, jsonBody()] }, async (c) => {
      const { id } = c.req.valid('param');
      await tenantOr404(stores, id);
      const changes = c.req.valid('json');
      await stores.tenants.update(id, {
        ...changes,
        allowedOrigins: changes.allowedOrigins?.map(canonicalOrigin),
      });
      const body: ClientResponse = { client: toClient(await tenantOr404(stores, id)) };
      return c.json(body, 200);
    })
    .openapi({ ...rotateClientKey, middleware: [admin] }, async (c) => {
      const tenant = await tenantOr404(stores, c.req.valid('param').id);
      const apiKey = await stores.tenants.rotateKey(tenant.id);
      if (apiKey === undefined) throw new HttpError(404, `No client with id "${tenant.id}"`);
      // Streams and stream tokens of the old key end on every instance.
      await deps.live.keyRotated(tenant.id);
      // A leaked key may have leaked the callback address with it (it was sent to Exotel).
      await stores.telephony.rotateCallbackSecret(tenant.id, deps.clock());
      const body: ClientWithKeyResponse = { client: toClient(tenant), apiKey };
      return c.json(body, 200);
    })
    .openapi({ ...rotateClientWebhookSecret, middleware: [admin] }, async (c) => {
      const tenant = await tenantOr404(stores, c.req.valid('param').id);
      const rotated = await stores.telephony.rotateCallbackSecret(tenant.id, deps.clock());
      const settings = rotated === undefined ? undefined : await stores.telephony.get(tenant.id);
      if (!settings) throw new HttpError(404, `Client ${tenant.id} has no telephony settings`);
      return c.json(describeSettings(settings, deps.telephony.publicUrl), 200);
    })
    .openapi({ ...getAllAnalytics, middleware: [admin] }, async (c) => {
      const now = deps.clock();
      const clients = await Promise.all(
        (await stores.tenants.list()).map(async (tenant) => {
          const [summary, usage] = await Promise.all([
            analyticsSummary(stores.callStats, tenant.id),
            usageForTenant(stores, tenant, now),
          ]);
          return { id: tenant.id, name: tenant.name, summary, usage };
        }),
      );
      const totals = {
        clients: clients.length,
        totalCalls: 0,
        totalDuration: 0,
        avgDuration: 0,
        inboundCalls: 0,
        outboundCalls: 0,
        answeredCalls: 0,
        missedCalls: 0,
      };
      for (const { summary } of clients) {
        totals.totalCalls += summary.totalCalls;
        totals.totalDuration += summary.totalDuration;
        totals.inboundCalls += summary.inboundCalls;
        totals.outboundCalls += summary.outboundCalls;
        totals.answeredCalls += summary.answeredCalls;
        totals.missedCalls += summary.missedCalls;
      }
      totals.avgDuration =
        totals.answeredCalls === 0 ? 0 : Math.round(totals.totalDuration / totals.answeredCalls);
      const body: AdminAnalyticsResponse = { totals, clients };
      return c.json(body, 200);
    });
};
