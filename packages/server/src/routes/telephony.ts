import {
  ProviderCallbackResponse,
  StartCallRequest,
  StartCallResponse,
  TelephonySettingsRequest,
  TelephonySettingsResponse,
} from '@call-ribbon/contract';
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { requireAdmin } from '../http/admin-auth.ts';
import { requireTenant } from '../http/auth.ts';
import { jsonBody, readJson } from '../http/body.ts';
import { HttpError } from '../http/errors.ts';
import {
  ADMIN,
  API_KEY,
  adminErrors,
  component,
  documentedOnly,
  errors,
  json,
  jsonBodyOf,
  NO_AUTH,
  pathParam,
  routeApp,
  tenantErrors,
} from '../openapi/declare.ts';
import type { TelephonySettings } from '../stores/index.ts';
import { applyCallback, placeCall } from '../telephony/click-to-call.ts';
import { CallbackFormatError, parseStatusCallback } from '../telephony/exotel-callback.ts';
import { saveTelephonySettings } from '../telephony/settings.ts';

const startCall = createRoute({
  method: 'post',
  path: '/calls',
  operationId: 'startCall',
  tags: ['Telephony'],
  summary: 'Place an outbound call through the client’s Exotel account',
  description:
    'Exotel rings the agent first, then the customer. Progress arrives as call events (status callbacks, posted to the server’s `PUBLIC_URL`) on the live stream and in the call logs. 409 when the client has no Exotel settings or the server no `PUBLIC_URL`; 429 once the monthly limit is reached (the slot is taken before Exotel is asked, and given back if Exotel refuses) or when Exotel rate-limits the account.',
  security: API_KEY,
  request: {
    body: jsonBodyOf(component('StartCallRequest', StartCallRequest), {
      required: true,
      description: 'Whom to call, for which customer, from which agent',
    }),
  },
  responses: {
    201: json('The call was placed', component('StartCallResponse', StartCallResponse)),
    ...errors(400, 409, 413, 415, 429, 502, 504),
    ...tenantErrors(),
  },
});

/** Exotel's form fields, as documented; `parseStatusCallback` reads them. */
const callbackFields = documentedOnly(
  z
    .record(z.string(), z.unknown())
    .meta({ description: 'Exotel’s status callback fields (CallSid, Status, …)' }),
);

const exotelStatusCallback = createRoute({
  method: 'post',
  path: '/exotel/{secret}',
  operationId: 'exotelStatusCallback',
  tags: ['Telephony'],
  summary: 'Exotel status callbacks',
  description:
    'The secret in the path names the client (Exotel does not sign callbacks); an unknown or rotated secret is a 404. Multipart, urlencoded or JSON, as Exotel sends them; other content types are a 415, malformed bodies a 400. Recording links other than `https:`/`http:` are dropped.',
  security: NO_AUTH,
  request: {
    params: z.object({
      secret: pathParam('The client’s callback secret, part of the StatusCallback URL'),
    }),
    body: {
      required: true,
      description: 'One status callback',
      content: {
        'multipart/form-data': { schema: callbackFields },
        'application/x-www-form-urlencoded': { schema: callbackFields },
        'application/json': { schema: callbackFields },
      },
    },
  },
  responses: {
    200: json('What the callback changed', component('ProviderCallbackResponse', ProviderCallbackResponse)),
    ...errors(400, 404, 413, 415),
  },
});

const ClientIdParams = z.object({ id: pathParam('The client (tenant) id') });
const TelephonySettingsResponseSchema = component('TelephonySettingsResponse', TelephonySettingsResponse);

const setClientTelephony = createRoute({
  method: 'put',
  path: '/clients/{id}/telephony',
  operationId: 'setClientTelephony',
  tags: ['Admin'],
  summary: 'Set a client’s Exotel account (key and token are write-only)',
  description:
    'Replaces the settings; the callback secret is made once and kept. The API key and token are stored encrypted (AES-256-GCM with the server’s `SECRETS_KEY`; without it the settings are refused with 409) and no answer ever contains them.',
  security: ADMIN,
  request: {
    params: ClientIdParams,
    body: jsonBodyOf(component('TelephonySettingsRequest', TelephonySettingsRequest), {
      required: true,
      description: 'The Exotel account and the agents’ lines',
    }),
  },
  responses: {
    200: json('The settings, without secrets', TelephonySettingsResponseSchema),
    ...errors(400, 404, 409, 413, 415),
    ...adminErrors(),
  },
});

const getClientTelephony = createRoute({
  method: 'get',
  path: '/clients/{id}/telephony',
  operationId: 'getClientTelephony',
  tags: ['Admin'],
  summary: 'A client’s Exotel settings, without secrets',
  description:
    'The provider, account, caller id, agent ids and recording switch, and `webhooks`: the status callback, Passthru and Dial-whom addresses to paste into Exotel (absolute from `PUBLIC_URL`); 404 when none are set.',
  security: ADMIN,
  request: { params: ClientIdParams },
  responses: {
    200: json('The settings', TelephonySettingsResponseSchema),
    ...errors(404),
    ...adminErrors(),
  },
});

const deleteClientTelephony = createRoute({
  method: 'delete',
  path: '/clients/{id}/telephony',
  operationId: 'deleteClientTelephony',
  tags: ['Admin'],
  summary: 'Remove a client’s Exotel settings (back to the simulator)',
  description: 'The ribbon falls back to its simulator; calls already placed keep their records.',
  security: ADMIN,
  request: { params: ClientIdParams },
  responses: {
    204: { description: 'Removed' },
    ...errors(404),
    ...adminErrors(),
  },
});

/** `POST /api/ribbon/calls`: click-to-call through the tenant's Exotel account. */
export const callRoutes = (deps: AppDeps) =>
  routeApp().openapi({ ...startCall, middleware: [requireTenant(deps), jsonBody()] }, async (c) => {
    const started = await placeCall(deps.telephony, c.var.tenant, c.req.valid('json'));
    return c.json(started, 201);
  });

/** `POST /api/webhooks/exotel/:secret`: Exotel's status callbacks, multipart or JSON. */
export const webhookRoutes = (deps: AppDeps) =>
  routeApp().openapi(exotelStatusCallback, async (c) => {
    const owner = await deps.stores.telephony.bySecret(c.req.valid('param').secret);
    if (!owner) throw new HttpError(404, 'Unknown callback address');
    const type = c.req.header('content-type') ?? '';
    let fields: Record<string, unknown>;
    if (type.includes('application/json')) {
      const body = await readJson(c);
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        throw new HttpError(400, 'The callback body must be a JSON object');
      }
      fields = body as Record<string, unknown>;
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
    const result: ProviderCallbackResponse = await applyCallback(deps.telephony, owner.tenantId, callback);
    return c.json(result, 200);
  });

/**
 * The three addresses to paste into Exotel: absolute from `PUBLIC_URL` (or the loopback
 * address of a local trial); without either, the paths alone.
 */
export const webhooksOf = (settings: TelephonySettings, publicUrl: string | undefined) => {
  const base = `${publicUrl ?? ''}/api/webhooks/exotel/${settings.callbackSecret}`;
  return { statusCallback: base, passthru: `${base}/passthru`, dialWhom: `${base}/dial-whom` };
};

export const describeSettings = (
  settings: TelephonySettings,
  publicUrl: string | undefined,
): TelephonySettingsResponse => ({
  webhooks: webhooksOf(settings, publicUrl),
  telephony: {
    provider: settings.provider,
    accountSid: settings.accountSid,
    host: settings.host,
    callerId: settings.callerId,
    agents: Object.keys(settings.agents).sort(),
    record: settings.record,
  },
});

/** `PUT|GET|DELETE /api/admin/clients/:id/telephony`: a tenant's Exotel account, secrets write-only. */
export const telephonyAdminRoutes = (deps: AppDeps) => {
  const { stores } = deps;
  const admin = requireAdmin(deps);
  return routeApp()
    .openapi({ ...setClientTelephony, middleware: [admin, jsonBody()] }, async (c) => {
      const { id: tenantId } = c.req.valid('param');
      if (!(await stores.tenants.get(tenantId))) throw new HttpError(404, `No client ${tenantId}`);
      const saved = await saveTelephonySettings(deps.telephony, tenantId, c.req.valid('json'), deps.clock());
      return c.json(describeSettings(saved, deps.telephony.publicUrl), 200);
    })
    .openapi({ ...getClientTelephony, middleware: [admin] }, async (c) => {
      const { id } = c.req.valid('param');
      const settings = await stores.telephony.get(id);
      if (!settings) throw new HttpError(404, `Client ${id} has no telephony settings`);
      return c.json(describeSettings(settings, deps.telephony.publicUrl), 200);
    })
    .openapi({ ...deleteClientTelephony, middleware: [admin] }, async (c) => {
      const { id } = c.req.valid('param');
      if (!(await stores.telephony.remove(id))) {
        throw new HttpError(404, `Client ${id} has no telephony settings`);
      }
      return c.body(null, 204);
    });
};
