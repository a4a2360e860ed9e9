import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { type CallStore, callStore } from './engines/sqlite/calls.ts';
import { type CrmStore, crmStore } from './engines/sqlite/crm.ts';
import { type CustomerStore, customerStore } from './engines/sqlite/customers.ts';
import { type DashboardQueries, dashboardQueries } from './engines/sqlite/dashboards.ts';
import type { Db } from './engines/sqlite/open.ts';
import { type SessionStore, sessionStore } from './engines/sqlite/sessions.ts';
import { type TelephonyStore, telephonyStore } from './engines/sqlite/telephony.ts';
import { type TenantSettingsStore, tenantSettingsStore } from './engines/sqlite/tenant-settings.ts';
import { type Tenant, type TenantStore, tenantStore } from './engines/sqlite/tenants.ts';
import { corsForTenants } from './http/cors.ts';
import { errorBody, HttpError } from './http/errors.ts';
import { limitJsonDepth } from './http/json-depth.ts';
import { LiveHub } from './live/hub.ts';
import { createStreamTokens } from './live/stream-token.ts';
import { openApiRoutes } from './openapi/routes.ts';
import { adminRoutes } from './routes/admin.ts';
import { crmRoutes } from './routes/crm.ts';
import { dashboardRoutes } from './routes/dashboards.ts';
import { exampleRoutes } from './routes/examples.ts';
import { healthRoutes } from './routes/health.ts';
import { activeCallsRoutes } from './routes/ribbon/active-calls.ts';
import { analyticsRoutes } from './routes/ribbon/analytics.ts';
import { callLogsRoutes } from './routes/ribbon/call-logs.ts';
import { configRoutes } from './routes/ribbon/config.ts';
import { customerRoutes } from './routes/ribbon/customers.ts';
import { exportRoutes } from './routes/ribbon/export.ts';
import { logCallRoutes } from './routes/ribbon/log-call.ts';
import { streamRoutes } from './routes/ribbon/stream.ts';
import { sdkRoutes } from './routes/sdk.ts';
import { callRoutes, telephonyAdminRoutes, webhookRoutes } from './routes/telephony.ts';
import type { TelephonyContext } from './telephony/click-to-call.ts';
import { createExotelApi } from './telephony/exotel-api.ts';
import { SERVER_VERSION } from './version.ts';

/** A source of "now": injected so tests run on a fixed clock. */
export type Clock = () => Date;

export interface AppOptions {
  db: Db;
  clock?: Clock;
  /** Bearer token of the admin API; without one the admin API answers 401. */
  adminToken?: string | undefined;
  /** Largest request body accepted, in bytes (default 1 MiB); larger ones get 413. */
  maxBodyBytes?: number;
  /** A live call with no event for this long is stale, not active (default 2 hours). */
  staleCallMs?: number;
  /** The live stream: heartbeat interval (default 15 s) and events kept per tenant for resume. */
  live?: { heartbeatMs?: number; bufferSize?: number; tokenTtlMs?: number };
  /** How to reach Exotel: tests and the local demo point it at the fake Exotel. */
  exotel?: { fetch?: typeof fetch; baseUrl?: string; timeoutMs?: number };
  /** This server's public address, for Exotel's status callbacks (default: the request's origin). */
  publicUrl?: string;
}

/** 1 MiB: a log-call batch of 500 events with notes and customer data is about 450 KB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface AppDeps {
  db: Db;
  clock: Clock;
  adminToken: string | undefined;
  startedAt: Date;
  version: string;
  /** Publishes call events to the tenant's live stream. */
  live: LiveHub;
}

export interface Stores {
  tenants: TenantStore;
  tenantSettings: TenantSettingsStore;
  customers: CustomerStore;
  sessions: SessionStore;
  calls: CallStore;
  telephony: TelephonyStore;
  crm: CrmStore;
  dashboards: DashboardQueries;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    stores: Stores;
    tenant: Tenant;
  };
}

/** Builds the whole HTTP app from its dependencies; no globals, no listening. */
export const createApp = (options: AppOptions) => {
  const clock = options.clock ?? (() => new Date());
  const deps: AppDeps = {
    db: options.db,
    clock,
    adminToken: options.adminToken || undefined,
    startedAt: clock(),
    version: SERVER_VERSION,
    live: new LiveHub({ bufferSize: options.live?.bufferSize }),
  };
  const stores: Stores = {
    tenants: tenantStore(options.db),
    tenantSettings: tenantSettingsStore(options.db),
    customers: customerStore(options.db),
    sessions: sessionStore(options.db),
    calls: callStore(options.db, { staleCallMs: options.staleCallMs }),
    telephony: telephonyStore(options.db),
    crm: crmStore(options.db),
    dashboards: dashboardQueries(options.db),
  };
  const telephony: TelephonyContext = {
    calls: stores.calls,
    customers: stores.customers,
    telephony: stores.telephony,
    live: deps.live,
    clock,
    exotelApi: (credentials) => createExotelApi({ credentials, ...options.exotel }),
  };

  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('deps', deps);
    c.set('stores', stores);
    await next();
  });
  app.use(corsForTenants);
  app.use(
    bodyLimit({
      maxSize: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      onError: () => {
        throw new HttpError(
          413,
          `Request body is larger than ${options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES} bytes`,
        );
      },
    }),
  );
  app.use(limitJsonDepth());

  app.route('/', healthRoutes());
  app.route('/', sdkRoutes());
  app.route('/api/ribbon', customerRoutes());
  app.route('/api/ribbon', logCallRoutes());
  app.route('/api/ribbon', callLogsRoutes());
  app.route('/api/ribbon', activeCallsRoutes());
  app.route('/api/ribbon', analyticsRoutes());
  app.route('/api/ribbon', exportRoutes());
  app.route('/api/ribbon', configRoutes());
  app.route(
    '/api/ribbon',
    streamRoutes({
      hub: deps.live,
      tokens: createStreamTokens({ ttlMs: options.live?.tokenTtlMs }),
      heartbeatMs: options.live?.heartbeatMs ?? 15_000,
    }),
  );
  app.route('/api/ribbon', callRoutes({ context: telephony, publicUrl: options.publicUrl }));
  app.route('/api/webhooks', webhookRoutes({ context: telephony, publicUrl: options.publicUrl }));
  app.route('/api/admin', telephonyAdminRoutes({ context: telephony, publicUrl: options.publicUrl }));
  app.route('/api/admin', adminRoutes());
  app.route('/api/crm', crmRoutes());
  app.route('/', dashboardRoutes());
  app.route('/', openApiRoutes());
  app.route('/', exampleRoutes());

  app.notFound((c) => c.json(errorBody(404, `Not found: ${c.req.method} ${c.req.path}`), 404));
  app.onError((error, c) => {
    if (error instanceof HttpError) return c.json(errorBody(error.status, error.message), error.status);
    if (error instanceof HTTPException) {
      return c.json(errorBody(error.status, error.message || 'Request failed'), error.status);
    }
    console.error(`Unhandled error on ${c.req.method} ${c.req.path}:`, error);
    return c.json(errorBody(500, 'Internal server error'), 500);
  });

  return Object.assign(app, { deps, stores, telephony });
};
export type App = ReturnType<typeof createApp>;
