import type { Customer, CustomerData } from '@call-ribbon/contract';
import type { Selectable } from 'kysely';
import { normalizePhone } from '../../phone.ts';
import { type CustomerStore, MAX_PHONE_MATCHES } from '../customers.ts';
import type { CustomersTable, SqlDialect, SqlEngine } from './database.ts';

const COLUMNS = [
  'customer_id',
  'name',
  'email',
  'phone',
  'phone_e164',
  'company',
  'custom_fields',
  'created_at',
  'updated_at',
] as const;

type CustomerRow = Pick<Selectable<CustomersTable>, (typeof COLUMNS)[number]>;

const customerFrom =
  (dialect: SqlDialect) =>
  (row: CustomerRow): Customer => ({
    customerId: row.customer_id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    phoneE164: row.phone_e164,
    company: row.company,
    customFields: dialect.readJson<Record<string, unknown>>(row.custom_fields),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });

/** Customers on either engine; every query is scoped to one tenant. */
export const customerStore = ({ db, dialect }: SqlEngine): CustomerStore => {
  const toCustomer = customerFrom(dialect);
  return {
    /**
     * Creates or replaces the tenant's customer `customerId` (a field left out is cleared,
     * as the CRM sent the whole record). `defaultCountryCode` completes national numbers.
     */
    async save(tenantId: string, data: CustomerData, now: Date, defaultCountryCode: string) {
      const at = now.toISOString();
      const phone = data.phone?.trim() || null;
      const row = await db
        .insertInto('customers')
        .values({
          tenant_id: tenantId,
          customer_id: data.customerId,
          name: data.name ?? null,
          email: data.email ?? null,
          phone,
          phone_e164: phone === null ? null : normalizePhone(phone, defaultCountryCode),
          company: data.company ?? null,
          custom_fields: JSON.stringify(data.customFields ?? {}),
          created_at: at,
          updated_at: at,
        })
        .onConflict((conflict) =>
          conflict.columns(['tenant_id', 'customer_id']).doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            email: eb.ref('excluded.email'),
            phone: eb.ref('excluded.phone'),
            phone_e164: eb.ref('excluded.phone_e164'),
            company: eb.ref('excluded.company'),
            custom_fields: eb.ref('excluded.custom_fields'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      return toCustomer(row);
    },

    async get(tenantId: string, customerId: string) {
      const row = await db
        .selectFrom('customers')
        .select(COLUMNS)
        .where('tenant_id', '=', tenantId)
        .where('customer_id', '=', customerId)
        .executeTakeFirst();
      return row && toCustomer(row);
    },

    /** The tenant's customers whose number normalises to the same E.164 as `phone`. */
    async findByPhone(tenantId: string, phone: string, defaultCountryCode: string) {
      const e164 = normalizePhone(phone, defaultCountryCode);
      if (e164 === null) return [];
      const rows = await db
        .selectFrom('customers')
        .select(COLUMNS)
        .where('tenant_id', '=', tenantId)
        .where('phone_e164', '=', e164)
        .orderBy('updated_at', 'desc')
        .orderBy('customer_id')
        .limit(MAX_PHONE_MATCHES)
        .execute();
      return rows.map(toCustomer);
    },

    async count(tenantId: string) {
      const row = await db
        .selectFrom('customers')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
};
