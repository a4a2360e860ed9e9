import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { WidgetSettings } from '@call-ribbon/contract';
import {
  DEFAULT_WIDGET,
  type NewTenant,
  type Tenant,
  type TenantChanges,
  type TenantStore,
} from '../../stores/tenants.ts';
import type { Db } from './open.ts';

interface TenantRow {
  id: string;
  name: string;
  timezone: string;
  monthly_call_limit: number;
  allowed_origins: string;
  widget: string;
  created_at: string;
}

/** Keys are long random strings, so one SHA-256 is enough: only the hash is stored. */
export const hashApiKey = (apiKey: string): string => createHash('sha256').update(apiKey).digest('hex');

export const generateApiKey = (): string => `cr_${randomBytes(24).toString('base64url')}`;

const toTenant = (row: TenantRow): Tenant => ({
  id: row.id,
  name: row.name,
  timezone: row.timezone,
  monthlyCallLimit: row.monthly_call_limit,
  allowedOrigins: JSON.parse(row.allowed_origins) as string[],
  widget: { ...DEFAULT_WIDGET, ...(JSON.parse(row.widget) as Partial<WidgetSettings>) },
  createdAt: row.created_at,
});

/** Tenant queries, prepared once per connection. */
export const tenantStore = (db: Db): TenantStore => {
  const insert = db.prepare<[string, string, string, string, number, string, string, string]>(
    `INSERT INTO tenants (id, name, api_key_hash, timezone, monthly_call_limit, allowed_origins, widget, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const byKeyHash = db.prepare<[string], TenantRow>('SELECT * FROM tenants WHERE api_key_hash = ?');
  const byId = db.prepare<[string], TenantRow>('SELECT * FROM tenants WHERE id = ?');
  const all = db.prepare<[], TenantRow>('SELECT * FROM tenants ORDER BY created_at, id');
  const setKeyHash = db.prepare<[string, string]>('UPDATE tenants SET api_key_hash = ? WHERE id = ?');
  const update = db.prepare<
    [string | null, string | null, number | null, string | null, string | null, string]
  >(
    `UPDATE tenants SET
       name = coalesce(?, name),
       timezone = coalesce(?, timezone),
       monthly_call_limit = coalesce(?, monthly_call_limit),
       allowed_origins = coalesce(?, allowed_origins),
       widget = coalesce(json_patch(widget, ?), widget)
     WHERE id = ?`,
  );
  const originAllowed = db.prepare<[string], { ok: number }>(
    `SELECT 1 AS ok FROM tenants, json_each(tenants.allowed_origins) AS origin
     WHERE origin.value = '*' OR origin.value = ? LIMIT 1`,
  );

  return {
    async create(input: NewTenant, now: Date) {
      const apiKey = input.apiKey ?? generateApiKey();
      const id = input.id ?? `cl_${randomUUID()}`;
      insert.run(
        id,
        input.name,
        hashApiKey(apiKey),
        input.timezone ?? 'Asia/Kolkata',
        input.monthlyCallLimit ?? 10_000,
        JSON.stringify(input.allowedOrigins ?? []),
        JSON.stringify(input.widget ?? {}),
        now.toISOString(),
      );
      return { tenant: toTenant(byId.get(id)!), apiKey };
    },

    async byApiKey(apiKey: string) {
      const row = byKeyHash.get(hashApiKey(apiKey));
      return row && toTenant(row);
    },

    async get(id: string) {
      const row = byId.get(id);
      return row && toTenant(row);
    },

    async list() {
      return all.all().map(toTenant);
    },

    /** Replaces the tenant's key; the old one stops working at once. */
    async rotateKey(id: string) {
      const apiKey = generateApiKey();
      return setKeyHash.run(hashApiKey(apiKey), id).changes === 1 ? apiKey : undefined;
    },

    async update(id: string, changes: TenantChanges) {
      return (
        update.run(
          changes.name ?? null,
          changes.timezone ?? null,
          changes.monthlyCallLimit ?? null,
          changes.allowedOrigins === undefined ? null : JSON.stringify(changes.allowedOrigins),
          changes.widget === undefined ? null : JSON.stringify(changes.widget),
          id,
        ).changes === 1
      );
    },

    async anyAllowsOrigin(origin: string) {
      return originAllowed.get(origin) !== undefined;
    },
  };
};
