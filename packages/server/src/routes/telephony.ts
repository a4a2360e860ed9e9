import {
  type ProviderCallbackResponse,
  StartCallRequest,
  TelephonySettingsRequest,
  type TelephonySettingsResponse,
} from '@call-ribbon/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../app.ts';
import type { TelephonySettings } from '../engines/sqlite/telephony.ts';
import { requireAdmin } from '../http/admin-auth.ts';
import { requireTenant } from '../http/auth.ts';
import { HttpError } from '../http/errors.ts';
import { parseJson, readJson } from '../http/validate.ts';
import { applyCallback, placeCall, type TelephonyContext } from '../telephony/click-to-call.ts';
import { CallbackFormatError, parseStatusCallback } from '../telephony/exotel-callback.ts';
import { usageForTenant } from './admin.ts';

export interface TelephonyRouteOptions {
  context: TelephonyContext;
  /** The address Exotel posts callbacks to; by default the origin of the request. */
  publicUrl: string | undefined;
}

/** `POST /api/ribbon/calls`: click-to-call through the tenant's Exotel account. */
export const callRoutes = ({ context, publicUrl }: TelephonyRouteOptions) =>
  new Hono<AppEnv>().post('/calls', requireTenant, async (c) => {
    const body = await parseJson(c, StartCallRequest);
    const tenant = c.var.tenant;
    const started = await placeCall(context, tenant, body, {
      callbackBaseUrl: (publicUrl ?? new URL(c.req.url).origin).replace(/\/$/, ''),
      usage: usageForTenant(c.var.stores, tenant, c.var.deps.clock()),
    });
    return c.json(started, 201);
  });

/** `POST /api/webhooks/exotel/:secret`: Exotel's status callbacks, multipart or JSON. */
export const webhookRoutes = ({ context }: TelephonyRouteOptions) =>
  new Hono<AppEnv>().post('/exotel/:secret', async (c) => {
    const owner = context.telephony.bySecret(c.req.param('secret'));
    if (!owner) throw new HttpError(404, 'Unknown callback address');
    const type = c.req.header('content-type') ?? '';
    let fields: Record<string, unknown>;
    if (type.includes('application/json')) {
      const json = await readJson(c);
      if (json === null || typeof json !== 'object' || Array.isArray(json)) {
        throw new HttpError(400, 'The callback body must be a JSON object');
      }
      fields = json as Record<string, unknown>;
    } else if (type.includes('multipart/form-data') || type.includes('application/x-www-form-urlencoded')) {
      try {
        fields = await c.req.parseBody();
      } catch {
        throw new HttpError(400, 'The callback form could not be read');
      }
    } else {
      throw new HttpError(415, 'Callbacks are accepted as multipart/form-data, urlencoded forms or JSON');
    }
    let callback: ReturnType<typeof parseStatusCallback>;
    try {
      callback = parseStatusCallback(fields);
    } catch (error) {
      if (error instanceof CallbackFormatError) throw new HttpError(400, error.message);
      throw error;
    }
    const result: ProviderCallbackResponse = applyCallback(context, owner.tenantId, callback);
    return c.json(result);
  });

const describeSettings = (settings: TelephonySettings): TelephonySettingsResponse => ({
  telephony: {
    provider: settings.provider,
    accountSid: settings.credentials.accountSid,
    host: settings.credentials.host,
    callerId: settings.callerId,
    agents: Object.keys(settings.agents).sort(),
    record: settings.record,
  },
});

/** `PUT|GET|DELETE /api/admin/clients/:id/telephony`: a tenant's Exotel account, secrets write-only. */
export const telephonyAdminRoutes = ({ context }: TelephonyRouteOptions) =>
  new Hono<AppEnv>()
    .use('/clients/:id/telephony', requireAdmin)
    .put('/clients/:id/telephony', async (c) => {
      const tenantId = c.req.param('id');
      if (!c.var.stores.tenants.get(tenantId)) throw new HttpError(404, `No client ${tenantId}`);
      const body = await parseJson(c, TelephonySettingsRequest);
      const saved = context.telephony.set(
        tenantId,
        {
          provider: body.provider,
          credentials: {
            accountSid: body.accountSid,
            apiKey: body.apiKey,
            apiToken: body.apiToken,
            host: body.host,
          },
          callerId: body.callerId,
          agents: body.agents,
          record: body.record,
        },
        c.var.deps.clock(),
      );
      return c.json(describeSettings(saved));
    })
    .get('/clients/:id/telephony', (c) => {
      const settings = context.telephony.get(c.req.param('id'));
      if (!settings) throw new HttpError(404, `Client ${c.req.param('id')} has no telephony settings`);
      return c.json(describeSettings(settings));
    })
    .delete('/clients/:id/telephony', (c) => {
      if (!context.telephony.remove(c.req.param('id'))) {
        throw new HttpError(404, `Client ${c.req.param('id')} has no telephony settings`);
      }
      return c.body(null, 204);
    });
