import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Db } from './db/open.ts';
import { type Tenant, type TenantStore, tenantStore } from './db/tenants.ts';
import { errorBody, HttpError } from './http/errors.ts';
import { healthRoutes } from './routes/health.ts';
import { SERVER_VERSION } from './version.ts';

/** A source of "now": injected so tests run on a fixed clock. */
export type Clock = () => Date;

export interface AppOptions {
  db: Db;
  clock?: Clock;
  /** Bearer token of the admin API; without one the admin API answers 401. */
  adminToken?: string | undefined;
}

export interface AppDeps {
  db: Db;
  clock: Clock;
  adminToken: string | undefined;
  startedAt: Date;
  version: string;
}

export interface Stores {
  tenants: TenantStore;
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
  };
  const stores: Stores = { tenants: tenantStore(options.db) };

  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('deps', deps);
    c.set('stores', stores);
    await next();
  });

  app.route('/', healthRoutes());

  app.notFound((c) => c.json(errorBody(404, `Not found: ${c.req.method} ${c.req.path}`), 404));
  app.onError((error, c) => {
    if (error instanceof HttpError) return c.json(errorBody(error.status, error.message), error.status);
    if (error instanceof HTTPException) {
      return c.json(errorBody(error.status, error.message || 'Request failed'), error.status);
    }
    console.error(`Unhandled error on ${c.req.method} ${c.req.path}:`, error);
    return c.json(errorBody(500, 'Internal server error'), 500);
  });

  return Object.assign(app, { deps, stores });
};
export type App = ReturnType<typeof createApp>;
