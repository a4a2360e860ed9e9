import type { Customer, CustomerData } from '@call-ribbon/contract';
import { normalizePhone } from '../../phone.ts';
import { type CustomerStore, MAX_PHONE_MATCHES } from '../../stores/customers.ts';
import type { Db } from './open.ts';

interface CustomerRow {
  customer_id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  phone_e164: string | null;
  company: string | null;
  custom_fields: string;
  created_at: string;
  updated_at: string;
}

const toCustomer = (row: CustomerRow): Customer => ({
  customerId: row.customer_id,
  name: row.name,
  email: row.email,
  phone: row.phone,
  phoneE164: row.phone_e164,
  company: row.company,
  customFields: JSON.parse(row.custom_fields) as Record<string, unknown>,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Customer queries, prepared once per connection; every one is scoped to one tenant. */
export const customerStore = (db: Db): CustomerStore => {
  const upsert = db.prepare<
    [
      string,
      string,
      string | null,
      string | null,
      string | null,
      string | null,
      string | null,
      string,
      string,
      string,
    ]
  >(
    `INSERT INTO customers (tenant_id, customer_id, name, email, phone, phone_e164, company, custom_fields, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id, customer_id) DO UPDATE SET
       name = excluded.name, email = excluded.email, phone = excluded.phone,
       phone_e164 = excluded.phone_e164, company = excluded.company,
       custom_fields = excluded.custom_fields, updated_at = excluded.updated_at`,
  );
  const byId = db.prepare<[string, string], CustomerRow>(
    'SELECT * FROM customers WHERE tenant_id = ? AND customer_id = ?',
  );
  const byPhone = db.prepare<[string, string, number], CustomerRow>(
    `SELECT * FROM customers WHERE tenant_id = ? AND phone_e164 = ?
     ORDER BY updated_at DESC, customer_id LIMIT ?`,
  );
  const countFor = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM customers WHERE tenant_id = ?',
  );

  return {
    /**
     * Creates or replaces the tenant's customer `customerId` (a field left out is cleared,
     * as the CRM sent the whole record). `defaultCountryCode` completes national numbers.
     */
    async save(tenantId: string, data: CustomerData, now: Date, defaultCountryCode: string) {
      const at = now.toISOString();
      const phone = data.phone?.trim() || null;
      upsert.run(
        tenantId,
        data.customerId,
        data.name ?? null,
        data.email ?? null,
        phone,
        phone === null ? null : normalizePhone(phone, defaultCountryCode),
        data.company ?? null,
        JSON.stringify(data.customFields ?? {}),
        at,
        at,
      );
      return (await this.get(tenantId, data.customerId))!;
    },

    async get(tenantId: string, customerId: string) {
      const row = byId.get(tenantId, customerId);
      return row && toCustomer(row);
    },

    /** The tenant's customers whose number normalises to the same E.164 as `phone`. */
    async findByPhone(tenantId: string, phone: string, defaultCountryCode: string) {
      const e164 = normalizePhone(phone, defaultCountryCode);
      if (e164 === null) return [];
      return byPhone.all(tenantId, e164, MAX_PHONE_MATCHES).map(toCustomer);
    },

    async count(tenantId: string) {
      return countFor.get(tenantId)?.n ?? 0;
    },
  };
};
