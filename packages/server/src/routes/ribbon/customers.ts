import {
  CustomerCallsQuery,
  type CustomerCallsResponse,
  type CustomerResponse,
  CustomersByPhoneQuery,
  type CustomersByPhoneResponse,
  SaveCustomerRequest,
  type SaveCustomerResponse,
} from '@call-ribbon/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../../app.ts';
import { requireTenant, tenantForKey } from '../../http/auth.ts';
import { describeZodError, HttpError } from '../../http/errors.ts';
import { parseQuery, readJson } from '../../http/validate.ts';
import { normalizePhone } from '../../phone.ts';

/** How many of the customer's latest calls `GET /customer/:id` returns as `callHistory`. */
export const CALL_HISTORY_LIMIT = 50;

const keyInBody = (body: unknown): string | undefined => {
  if (typeof body !== 'object' || body === null || !('apiKey' in body)) return undefined;
  return typeof body.apiKey === 'string' ? body.apiKey : undefined;
};

/** Customer routes, mounted under `/api/ribbon`. */
export const customerRoutes = () =>
  new Hono<AppEnv>()
    .post('/customer', async (c) => {
      // The seed's clients send the key in the body (a simple request, no preflight).
      const raw = await readJson(c);
      const tenant = tenantForKey(c, c.req.header('x-api-key') || keyInBody(raw));
      const parsed = SaveCustomerRequest.safeParse(raw);
      if (!parsed.success) throw new HttpError(400, `Invalid body: ${describeZodError(parsed.error)}`);
      const customer = c.var.stores.customers.save(
        tenant.id,
        parsed.data.customerData,
        c.var.deps.clock(),
        tenant.widget.defaultCountryCode,
      );
      const body: SaveCustomerResponse = { success: true, customer };
      return c.json(body);
    })
    .get('/customer/:id', requireTenant, (c) => {
      const { tenant, stores } = c.var;
      const customerId = c.req.param('id');
      const customer = stores.customers.get(tenant.id, customerId) ?? null;
      const totals = stores.calls.totalsForCustomer(tenant.id, customerId);
      if (customer === null && totals.totalCalls === 0) {
        throw new HttpError(404, `No customer "${customerId}" and no calls for it`);
      }
      const body: CustomerResponse = {
        customer,
        callHistory: stores.calls.listForCustomer(tenant.id, customerId, CALL_HISTORY_LIMIT),
        totalCalls: totals.totalCalls,
        totalDuration: totals.totalDuration,
      };
      return c.json(body);
    })
    .get('/customer/:id/calls', requireTenant, (c) => {
      const { tenant, stores } = c.var;
      const customerId = c.req.param('id');
      const { limit } = parseQuery(c, CustomerCallsQuery);
      const calls = stores.calls.listForCustomer(tenant.id, customerId, limit);
      const totals = stores.calls.totalsForCustomer(tenant.id, customerId);
      const body: CustomerCallsResponse = {
        customerId,
        calls,
        events: stores.calls.eventsForCalls(
          tenant.id,
          calls.map((call) => call.callId),
        ),
        totalCalls: totals.totalCalls,
        totalDuration: totals.totalDuration,
      };
      return c.json(body);
    })
    .get('/customers', requireTenant, (c) => {
      const { tenant, stores } = c.var;
      const { phone } = parseQuery(c, CustomersByPhoneQuery);
      const country = tenant.widget.defaultCountryCode;
      if (normalizePhone(phone, country) === null) {
        throw new HttpError(400, `Invalid query: phone: "${phone}" is not a phone number`);
      }
      const body: CustomersByPhoneResponse = {
        customers: stores.customers.findByPhone(tenant.id, phone, country),
      };
      return c.json(body);
    });
