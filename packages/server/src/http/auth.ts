import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app.ts';
import type { Tenant } from '../engines/sqlite/tenants.ts';
import { assertOriginAllowed } from './cors.ts';
import { HttpError } from './errors.ts';

/**
 * The tenant an API key names, checked against the request's browser origin.
 * Missing or unknown key: 401; an origin the tenant has not allowed: 403.
 */
export const tenantForKey = (c: Context<AppEnv>, apiKey: string | undefined): Tenant => {
  if (!apiKey) throw new HttpError(401, 'Missing API key: send it in the X-API-Key header');
  const tenant = c.var.stores.tenants.byApiKey(apiKey);
  if (!tenant) throw new HttpError(401, 'Invalid API key');
  assertOriginAllowed(c, tenant);
  return tenant;
};

/** Names the tenant of every `/api/ribbon/*` request from its `X-API-Key` header. */
export const requireTenant = createMiddleware<AppEnv>(async (c, next) => {
  c.set('tenant', tenantForKey(c, c.req.header('x-api-key')));
  await next();
});
