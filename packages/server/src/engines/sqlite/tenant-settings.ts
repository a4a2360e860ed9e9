import type { WidgetSettings } from '@call-ribbon/contract';
import type { Db } from './open.ts';

export interface TenantChanges {
  name?: string | undefined;
  timezone?: string | undefined;
  monthlyCallLimit?: number | undefined;
  allowedOrigins?: string[] | undefined;
  /** Merged over the stored widget settings. */
  widget?: Partial<WidgetSettings> | undefined;
}

/** Tenant settings the admin API changes, and the origin look-up CORS needs before a key is known. */
export const tenantSettingsStore = (db: Db) => {
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
    /** Applies the given changes; false when there is no such tenant. */
    update(id: string, changes: TenantChanges): boolean {
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

    /** Whether any tenant lets a browser page on `origin` call the API (preflights carry no key). */
    anyAllowsOrigin(origin: string): boolean {
      return originAllowed.get(origin) !== undefined;
    },
  };
};
export type TenantSettingsStore = ReturnType<typeof tenantSettingsStore>;
