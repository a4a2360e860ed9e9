import { type ConfigResponse, InitRequest, type InitResponse } from '@call-ribbon/contract';
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../app.ts';
import type { Tenant } from '../../engines/sqlite/tenants.ts';
import { requireTenant } from '../../http/auth.ts';
import { parseOptionalJson } from '../../http/validate.ts';
import { usageForTenant } from '../admin.ts';

const configFor = (c: Context<AppEnv>, tenant: Tenant): ConfigResponse => ({
  client: { id: tenant.id, name: tenant.name, timezone: tenant.timezone },
  widget: tenant.widget,
  // Provider and caller id only: the Exotel key and token never reach the browser.
  telephony: c.var.stores.telephony.publicView(tenant.id),
  usage: usageForTenant(c.var.stores, tenant, c.var.deps.clock()),
});

/** `GET /config` and `POST /init`, mounted under `/api/ribbon`. */
export const configRoutes = () =>
  new Hono<AppEnv>()
    .get('/config', requireTenant, (c) => c.json(configFor(c, c.var.tenant)))
    .post('/init', requireTenant, async (c) => {
      const input = await parseOptionalJson(c, InitRequest);
      const tenant = c.var.tenant;
      const session = c.var.stores.sessions.open(
        tenant.id,
        {
          agentId: input.agent?.id,
          agentName: input.agent?.name,
          sdkVersion: input.sdkVersion,
          page: input.page,
        },
        c.var.deps.clock(),
      );
      const body: InitResponse = { ...configFor(c, tenant), sessionId: session.id };
      return c.json(body);
    });
