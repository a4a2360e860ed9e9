import { z } from 'zod';
import { Call } from './calls.ts';
import { IsoDateTime, JsonRecord, wellFormed } from './common.ts';
import { StoredCallEvent } from './events.ts';

/** What a CRM sends about a customer (`customerData` of `POST /api/ribbon/customer`). */
export const CustomerData = z.object({
  customerId: wellFormed(z.string().min(1).max(200)),
  name: z.string().max(500).nullish(),
  email: z.string().max(500).nullish(),
  phone: z.string().max(50).nullish(),
  company: z.string().max(500).nullish(),
  customFields: JsonRecord.nullish(),
});
export type CustomerData = z.infer<typeof CustomerData>;

/** A customer as the server stores it. `phoneE164` is the normalised number used for look-ups. */
export const Customer = z.object({
  customerId: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  phoneE164: z.string().nullable(),
  company: z.string().nullable(),
  customFields: JsonRecord,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Customer = z.infer<typeof Customer>;

/** `POST /api/ribbon/customer`; the key may come in the body, as the seed's clients send it. */
export const SaveCustomerRequest = z.object({
  apiKey: z.string().optional(),
  customerData: CustomerData,
});
export type SaveCustomerRequest = z.infer<typeof SaveCustomerRequest>;

export const SaveCustomerResponse = z.object({
  success: z.literal(true),
  customer: Customer,
});
export type SaveCustomerResponse = z.infer<typeof SaveCustomerResponse>;

/** `GET /api/ribbon/customer/:id`. */
export const CustomerResponse = z.object({
  customer: Customer.nullable(),
  callHistory: z.array(Call),
  totalCalls: z.int().min(0),
  totalDuration: z.number().min(0),
});
export type CustomerResponse = z.infer<typeof CustomerResponse>;

export const CustomerCallsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type CustomerCallsQuery = z.input<typeof CustomerCallsQuery>;

/** `GET /api/ribbon/customer/:id/calls`: `events` are the call events of those calls. */
export const CustomerCallsResponse = z.object({
  customerId: z.string(),
  calls: z.array(Call),
  events: z.array(StoredCallEvent),
  totalCalls: z.int().min(0),
  totalDuration: z.number().min(0),
});
export type CustomerCallsResponse = z.infer<typeof CustomerCallsResponse>;

export const CustomersByPhoneQuery = z.object({
  phone: z.string().min(3).max(50),
});

/** `GET /api/ribbon/customers?phone=`. */
export const CustomersByPhoneResponse = z.object({
  customers: z.array(Customer),
});
export type CustomersByPhoneResponse = z.infer<typeof CustomersByPhoneResponse>;
