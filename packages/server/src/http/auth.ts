import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app.ts';
import { HttpError } from './errors.ts';

/** Names the tenant of every `/api/ribbon/*` request from its `X-API-Key` header. */
export const requireTenant = createMiddleware<AppEnv>(async (c, next) => {
  const apiKey = c.req.header('x-api-key');
  if (!apiKey) throw new HttpError(401, 'Missing API key: send it in the X-API-Key header');
  const tenant = c.var.stores.tenants.byApiKey(apiKey);
  if (!tenant) throw new HttpError(401, 'Invalid API key');
  c.set('tenant', tenant);
  await next();
});
