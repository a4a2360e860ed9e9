import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { WidgetSettings } from '@call-ribbon/contract';
import type { Selectable, UpdateObject } from 'kysely';
import {
  DEFAULT_WIDGET,
  type NewTenant,
  type Tenant,
  type TenantChanges,
  type TenantStore,
} from '../tenants.ts';
import type { Database, SqlDialect, SqlEngine, TenantsTable } from './database.ts';

/** Keys are long random strings, so one SHA-256 is enough: only the hash is stored. */
export const hashApiKey = (apiKey: string): string => createHash('sha256').update(apiKey).digest('hex');

export const generateApiKey = (): string => `cr_${randomBytes(24).toString('base64url')}`;

const COLUMNS = [
  'id',
  'name',
  'timezone',
  'monthly_call_limit',
  'allowed_origins',
  'widget',
  'created_at',
  'key_version',
] as const;

type TenantRow = Pick<Selectable<TenantsTable>, (typeof COLUMNS)[number]>;

const tenantFrom =
  (dialect: SqlDialect) =>
  (row: TenantRow): Tenant => ({
    id: row.id,
    name: row.name,
    timezone: row.timezone,
    monthlyCallLimit: row.monthly_call_limit,
    allowedOrigins: dialect.readJson<string[]>(row.allowed_origins),
    widget: { ...DEFAULT_WIDGET, ...dialect.readJson<Partial<WidgetSettings>>(row.widget) },
    createdAt: row.created_at,
    keyVersion: row.key_version,
  });

/** Tenants on either engine, named by the hash of their API key. */
export const tenantStore = ({ db, dialect }: SqlEngine): TenantStore => {
  const toTenant = tenantFrom(dialect);
  const one = async (column: 'id' | 'api_key_hash', value: string) => {
    const row = await db.selectFrom('tenants').select(COLUMNS).where(column, '=', value).executeTakeFirst();
    return row && toTenant(row);
  };

  return {
    async create(input: NewTenant, now: Date) {
      const apiKey = input.apiKey ?? generateApiKey();
      const row = await db
        .insertInto('tenants')
        .values({
          id: input.id ?? `cl_${randomUUID()}`,
          name: input.name,
          api_key_hash: hashApiKey(apiKey),
          timezone: input.timezone ?? 'Asia/Kolkata',
          monthly_call_limit: input.monthlyCallLimit ?? 10_000,
          allowed_origins: JSON.stringify(input.allowedOrigins ?? []),
          widget: JSON.stringify(input.widget ?? {}),
          created_at: now.toISOString(),
        })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      return { tenant: toTenant(row), apiKey };
    },

    byApiKey: (apiKey: string) => one('api_key_hash', hashApiKey(apiKey)),

    get: (id: string) => one('id', id),

    async list() {
      const rows = await db
        .selectFrom('tenants')
        .select(COLUMNS)
        .orderBy(dialect.bytewise('created_at'))
        .orderBy(dialect.bytewise('id'))
        .execute();
      return rows.map(toTenant);
    },

    /** Replaces the tenant's key; the old one stops working at once. */
    async rotateKey(id: string) {
      const apiKey = generateApiKey();
      const result = await db
        .updateTable('tenants')
        .set((eb) => ({ api_key_hash: hashApiKey(apiKey), key_version: eb('key_version', '+', 1) }))
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numUpdatedRows === 1n ? apiKey : undefined;
    },

    async update(id: string, changes: TenantChanges) {
      const result = await db
        .updateTable('tenants')
        .set((eb) => {
          // Only the given fields change; `name` is always set so the statement is never empty.
          const set: UpdateObject<Database, 'tenants'> = { name: changes.name ?? eb.ref('name') };
          if (changes.timezone !== undefined) set.timezone = changes.timezone;
          if (changes.monthlyCallLimit !== undefined) set.monthly_call_limit = changes.monthlyCallLimit;
          if (changes.allowedOrigins !== undefined) {
            set.allowed_origins = JSON.stringify(changes.allowedOrigins);
          }
          if (changes.widget !== undefined) {
            set.widget = dialect.mergeJsonObject('widget', JSON.stringify(changes.widget));
          }
          return set;
        })
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },

    async anyAllowsOrigin(origin: string) {
      const row = await db
        .selectFrom('tenants')
        .select('id')
        .where(dialect.jsonArrayHasAny('allowed_origins', ['*', origin]))
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
};
