import * as tenants001 from './001_tenants.ts';

/**
 * Every migration, in order. Entry N brings the database to `PRAGMA user_version = N`.
 * Append only: never edit or reorder a migration that has shipped.
 */
export const migrations: readonly { readonly up: string }[] = [tenants001];
