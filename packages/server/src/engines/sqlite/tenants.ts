import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { WidgetSettings } from '@call-ribbon/contract';
import type { Db } from './open.ts';

export interface Tenant {
  id: string;
  name: string;
  timezone: string;
  monthlyCallLimit: number;
  allowedOrigins: string[];
  widget: WidgetSettings;
  createdAt: string;
}

export const DEFAULT_WIDGET: WidgetSettings = {
  position: 'bottom',
  theme: 'auto',
  wrapUp: true,
  defaultCountryCode: '+91',
};

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

export interface NewTenant {
  name: string;
  timezone?: string;
  monthlyCallLimit?: number;
  allowedOrigins?: string[];
  widget?: Partial<WidgetSettings>;
  /** A chosen key (the demo tenant's); otherwise one is generated. */
  apiKey?: string;
  id?: string;
}

/** Tenant queries, prepared once per connection. */
export const tenantStore = (db: Db) => {
  const insert = db.prepare<[string, string, string, string, number, string, string, string]>(
    `INSERT INTO tenants (id, name, api_key_hash, timezone, monthly_call_limit, allowed_origins, widget, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const byKeyHash = db.prepare<[string], TenantRow>('SELECT * FROM tenants WHERE api_key_hash = ?');
  const byId = db.prepare<[string], TenantRow>('SELECT * FROM tenants WHERE id = ?');
  const all = db.prepare<[], TenantRow>('SELECT * FROM tenants ORDER BY created_at, id');
  const setKeyHash = db.prepare<[string, string]>('UPDATE tenants SET api_key_hash = ? WHERE id = ?');

  return {
    create(input: NewTenant, now: Date): { tenant: Tenant; apiKey: string } {
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
      return { tenant: this.get(id)!, apiKey };
    },

    byApiKey(apiKey: string): Tenant | undefined {
      const row = byKeyHash.get(hashApiKey(apiKey));
      return row && toTenant(row);
    },

    get(id: string): Tenant | undefined {
      const row = byId.get(id);
      return row && toTenant(row);
    },

    list(): Tenant[] {
      return all.all().map(toTenant);
    },

    /** Replaces the tenant's key; the old one stops working at once. */
    rotateKey(id: string): string | undefined {
      const apiKey = generateApiKey();
      return setKeyHash.run(hashApiKey(apiKey), id).changes === 1 ? apiKey : undefined;
    },
  };
};
export type TenantStore = ReturnType<typeof tenantStore>;
