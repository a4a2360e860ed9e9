import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppDeps, AppEnv } from '../app-deps.ts';
import type { Tenant, TenantStore } from '../stores/index.ts';
import { assertOriginAllowed } from './cors.ts';
import { HttpError } from './errors.ts';

/**
 * The tenant an API key names, checked against the request's browser origin.
 * Missing or unknown key: 401; an origin the tenant has not allowed: 403.
 */
export const tenantForKey = async (
  c: Context,
  tenants: TenantStore,
  apiKey: string | undefined,
): Promise<Tenant> => {
  if (!apiKey) throw new HttpError(401, 'Missing API key: send it in the X-API-Key header');
  const tenant = await tenants.byApiKey(apiKey);
  if (!tenant) throw new HttpError(401, 'Invalid API key');
  assertOriginAllowed(c, tenant);
  return tenant;
};

/** Names the request's tenant from its `X-API-Key` header (`c.var.tenant`). */
export const requireTenant = ({ stores }: Pick<AppDeps, 'stores'>) =>
  createMiddleware<AppEnv>(async (c, next) => {
    c.set('tenant', await tenantForKey(c, stores.tenants, c.req.header('x-api-key')));
    await next();
  });
