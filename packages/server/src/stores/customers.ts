import type { Customer, CustomerData } from '@call-ribbon/contract';

/** At most this many customers answer one phone look-up (a shared office line, say). */
export const MAX_PHONE_MATCHES = 50;

/** Customers per tenant, keyed by the CRM's customer id, found by phone in E.164. */
export interface CustomerStore {
  /**
   * Creates or replaces the customer (fields absent from `data` are cleared, as the CRM sent
   * the whole record). `defaultCountryCode` completes national numbers.
   */
  save(tenantId: string, data: CustomerData, now: Date, defaultCountryCode: string): Promise<Customer>;
  get(tenantId: string, customerId: string): Promise<Customer | undefined>;
  /** Customers whose phone is this number, at most `MAX_PHONE_MATCHES`. */
  findByPhone(tenantId: string, phone: string, defaultCountryCode: string): Promise<Customer[]>;
  count(tenantId: string): Promise<number>;
}
