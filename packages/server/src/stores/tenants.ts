import type { WidgetSettings } from '@call-ribbon/contract';

export interface Tenant {
  id: string;
  name: string;
  timezone: string;
  monthlyCallLimit: number;
  allowedOrigins: string[];
  widget: WidgetSettings;
  createdAt: string;
  /** Raised by every key rotation; a stream token names the version it was issued under. */
  keyVersion: number;
}

export const DEFAULT_WIDGET: WidgetSettings = {
  position: 'bottom',
  theme: 'auto',
  wrapUp: true,
  defaultCountryCode: '+91',
};

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

export interface TenantChanges {
  name?: string | undefined;
  timezone?: string | undefined;
  monthlyCallLimit?: number | undefined;
  allowedOrigins?: string[] | undefined;
  /** Merged over the stored widget settings. */
  widget?: Partial<WidgetSettings> | undefined;
}

/** Tenants (CRM clients), named by their API key. Only a hash of each key is stored. */
export interface TenantStore {
  create(input: NewTenant, now: Date): Promise<{ tenant: Tenant; apiKey: string }>;
  byApiKey(apiKey: string): Promise<Tenant | undefined>;
  get(id: string): Promise<Tenant | undefined>;
  list(): Promise<Tenant[]>;
  /**
   * Replaces the tenant's key (the old one stops working at once) and raises its `keyVersion`;
   * undefined when no such tenant.
   */
  rotateKey(id: string): Promise<string | undefined>;
  /** Applies the given changes; false when there is no such tenant. */
  update(id: string, changes: TenantChanges): Promise<boolean>;
  /** Whether any tenant allows this browser origin (CORS preflight, before a key is known). */
  anyAllowsOrigin(origin: string): Promise<boolean>;
}
