import {
  CustomerCallsQuery,
  CustomerCallsResponse,
  CustomerResponse,
  CustomersByPhoneQuery,
  CustomersByPhoneResponse,
  SaveCustomerRequest,
  SaveCustomerResponse,
} from '@call-ribbon/contract';
import { createRoute } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import type { AppDeps, AppEnv } from '../../app-deps.ts';
import { requireTenant, tenantForKey } from '../../http/auth.ts';
import { jsonBody, readJson } from '../../http/body.ts';
import { HttpError } from '../../http/errors.ts';
import {
  API_KEY,
  API_KEY_OR_BODY,
  component,
  errors,
  json,
  jsonBodyOf,
  pathParam,
  routeApp,
  tenantErrors,
} from '../../openapi/declare.ts';
import { normalizePhone } from '../../phone.ts';

/** How many of the customer's latest calls `GET /customer/:id` returns as `callHistory`. */
export const CALL_HISTORY_LIMIT = 50;

const CustomerIdParams = z.object({
  id: pathParam('The customer id the CRM uses (e.g. CUST001)'),
});

const saveCustomer = createRoute({
  method: 'post',
  path: '/customer',
  operationId: 'saveCustomer',
  tags: ['Customers'],
  summary: 'Create or update a customer',
  description:
    'The key may come in the `X-API-Key` header or as `apiKey` in the JSON body (what the seed’s clients send). The whole record is replaced: fields left out are cleared. The phone number is normalised to E.164 for look-ups.',
  security: API_KEY_OR_BODY,
  request: {
    body: jsonBodyOf(component('SaveCustomerRequest', SaveCustomerRequest), {
      required: true,
      description: 'The customer, and optionally the key',
    }),
  },
  responses: {
    200: json('The stored customer', component('SaveCustomerResponse', SaveCustomerResponse)),
    ...errors(400, 401, 403, 413, 415),
  },
});

const getCustomer = createRoute({
  method: 'get',
  path: '/customer/{id}',
  operationId: 'getCustomer',
  tags: ['Customers'],
  summary: 'A customer with its latest calls and totals',
  description: `The latest ${CALL_HISTORY_LIMIT} calls as \`callHistory\`; totals over all calls. 404 when the client has neither this customer nor calls for it; \`customer\` is null when only calls exist.`,
  security: API_KEY,
  request: { params: CustomerIdParams },
  responses: {
    200: json('The customer', component('CustomerResponse', CustomerResponse)),
    ...errors(404),
    ...tenantErrors(),
  },
});

const getCustomerCalls = createRoute({
  method: 'get',
  path: '/customer/{id}/calls',
  operationId: 'getCustomerCalls',
  tags: ['Customers'],
  summary: 'A customer’s latest calls and their events',
  description: 'Newest first, with every stored event of those calls; totals over all the customer’s calls.',
  security: API_KEY,
  request: { params: CustomerIdParams, query: CustomerCallsQuery },
  responses: {
    200: json('The calls, newest first', component('CustomerCallsResponse', CustomerCallsResponse)),
    ...errors(400),
    ...tenantErrors(),
  },
});

const findCustomersByPhone = createRoute({
  method: 'get',
  path: '/customers',
  operationId: 'findCustomersByPhone',
  tags: ['Customers'],
  summary: 'Customers with this phone number (incoming-call screen pop)',
  description:
    '`+91 98765 43210`, `09876543210` and `9876543210` find the same customer; national numbers take the client’s default country code.',
  security: API_KEY,
  request: { query: CustomersByPhoneQuery },
  responses: {
    200: json('The matching customers', component('CustomersByPhoneResponse', CustomersByPhoneResponse)),
    ...errors(400),
    ...tenantErrors(),
  },
});

const keyInBody = (body: unknown): string | undefined => {
  if (typeof body !== 'object' || body === null || !('apiKey' in body)) return undefined;
  return typeof body.apiKey === 'string' ? body.apiKey : undefined;
};

/** Customer routes, mounted under `/api/ribbon`. */
export const customerRoutes = (deps: AppDeps) => {
  const { stores } = deps;
  const tenant = requireTenant(deps);
  // The seed's clients send the key in the body, so it is read before the body is validated.
  const tenantFromHeaderOrBody = createMiddleware<AppEnv>(async (c, next) => {
    const key = c.req.header('x-api-key') || keyInBody(await readJson(c));
    c.set('tenant', await tenantForKey(c, stores.tenants, key));
    await next();
  });
  const totalsOf = async (tenantId: string, customerId: string) => {
    const totals = await stores.callStats.forCustomer(tenantId, customerId);
    return { totalCalls: totals.calls, totalDuration: totals.talkMs / 1000 };
  };

  return routeApp()
    .openapi({ ...saveCustomer, middleware: [jsonBody(), tenantFromHeaderOrBody] }, async (c) => {
      const customer = await stores.customers.save(
        c.var.tenant.id,
        c.req.valid('json').customerData,
        deps.clock(),
        c.var.tenant.widget.defaultCountryCode,
      );
      const body: SaveCustomerResponse = { success: true, customer };
      return c.json(body, 200);
    })
    .openapi({ ...getCustomer, middleware: [tenant] }, async (c) => {
      const tenantId = c.var.tenant.id;
      const { id: customerId } = c.req.valid('param');
      const [customer, totals, callHistory] = await Promise.all([
        stores.customers.get(tenantId, customerId),
        totalsOf(tenantId, customerId),
        stores.calls.listForCustomer(tenantId, customerId, CALL_HISTORY_LIMIT),
      ]);
      if (customer === undefined && totals.totalCalls === 0) {
        throw new HttpError(404, `No customer "${customerId}" and no calls for it`);
      }
      const body: CustomerResponse = { customer: customer ?? null, callHistory, ...totals };
      return c.json(body, 200);
    })
    .openapi({ ...getCustomerCalls, middleware: [tenant] }, async (c) => {
      const tenantId = c.var.tenant.id;
      const { id: customerId } = c.req.valid('param');
      const { limit } = c.req.valid('query');
      const [calls, totals] = await Promise.all([
        stores.calls.listForCustomer(tenantId, customerId, limit),
        totalsOf(tenantId, customerId),
      ]);
      const events = await stores.callEvents.forCalls(
        tenantId,
        calls.map((call) => call.callId),
      );
      const body: CustomerCallsResponse = { customerId, calls, events, ...totals };
      return c.json(body, 200);
    })
    .openapi({ ...findCustomersByPhone, middleware: [tenant] }, async (c) => {
      const { phone } = c.req.valid('query');
      const country = c.var.tenant.widget.defaultCountryCode;
      if (normalizePhone(phone, country) === null) {
        throw new HttpError(400, `Invalid query: phone: "${phone}" is not a phone number`);
      }
      const body: CustomersByPhoneResponse = {
        customers: await stores.customers.findByPhone(c.var.tenant.id, phone, country),
      };
      return c.json(body, 200);
    });
};
