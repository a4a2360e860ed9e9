import type { ActiveCallsResponse } from '@call-ribbon/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../../app.ts';
import { requireTenant } from '../../http/auth.ts';

/** `GET /api/ribbon/active-calls`, mounted under `/api/ribbon`. */
export const activeCallsRoutes = () =>
  new Hono<AppEnv>().get('/active-calls', requireTenant, (c) => {
    const calls = c.var.stores.calls.active(c.var.tenant.id, c.var.deps.clock());
    const body: ActiveCallsResponse = { count: calls.length, calls };
    return c.json(body);
  });
