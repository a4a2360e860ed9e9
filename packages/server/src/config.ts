import type { DatabaseSync } from './engines/sqlite/open.ts';

/** Server settings, from the environment (names and defaults in docs/running-the-server.md). */
export interface ServerConfig {
  port: number;
  host: string;
  databasePath: string;
  /** SQLite's `synchronous`: `full` (default) survives power loss, `normal` a process crash only. */
  databaseSync: DatabaseSync;
  adminToken: string | undefined;
  demoApiKey: string;
  /** `true`: seed the demo tenant into an empty database; `false`: never seed (always in production). */
  seedDemo: boolean;
  /** This server's public address, for Exotel's status callbacks; unset: the request's origin. */
  publicUrl: string | undefined;
  /** Exotel calls without a terminal callback this long are completed from call details. */
  reconcileAfterSeconds: number;
  /** Exports one tenant may run at once; the next gets 429 with Retry-After. */
  maxExportsPerTenant: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export const readConfig = (env: NodeJS.ProcessEnv = process.env): ServerConfig => {
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ConfigError(`PORT must be a port number (0-65535), got "${env.PORT}"`);
  }
  // The demo key is public: a development default only, and never in production.
  const production = env.NODE_ENV === 'production';
  const seed = env.SEED_DEMO || (production ? '0' : '1');
  if (seed !== '0' && seed !== '1') throw new ConfigError(`SEED_DEMO must be 1 or 0, got "${seed}"`);
  if (production && seed === '1') {
    throw new ConfigError(
      'SEED_DEMO=1 with NODE_ENV=production: the demo tenant answers a public key; seed it only in development',
    );
  }
  const publicUrl = env.PUBLIC_URL || undefined;
  if (publicUrl !== undefined && !/^https?:\/\/[^/]+/.test(publicUrl)) {
    throw new ConfigError(
      `PUBLIC_URL must be an http(s) address such as https://calls.example.com, got "${publicUrl}"`,
    );
  }
  const databaseSync = env.DATABASE_SYNC || 'full';
  if (databaseSync !== 'full' && databaseSync !== 'normal') {
    throw new ConfigError(`DATABASE_SYNC must be full or normal, got "${databaseSync}"`);
  }
  const reconcileAfterSeconds = Number(env.EXOTEL_RECONCILE_AFTER_SECONDS ?? 600);
  if (!Number.isInteger(reconcileAfterSeconds) || reconcileAfterSeconds < 60) {
    throw new ConfigError(
      `EXOTEL_RECONCILE_AFTER_SECONDS must be a whole number of seconds, at least 60, got "${env.EXOTEL_RECONCILE_AFTER_SECONDS}"`,
    );
  }
  const maxExportsPerTenant = Number(env.MAX_EXPORTS_PER_TENANT ?? 2);
  if (!Number.isInteger(maxExportsPerTenant) || maxExportsPerTenant < 1) {
    throw new ConfigError(
      `MAX_EXPORTS_PER_TENANT must be a whole number, at least 1, got "${env.MAX_EXPORTS_PER_TENANT}"`,
    );
  }
  return {
    port,
    host: env.HOST || '127.0.0.1',
    databasePath: env.DATABASE_PATH || './data/call-ribbon.sqlite',
    databaseSync,
    adminToken: env.ADMIN_TOKEN || undefined,
    demoApiKey: env.DEMO_API_KEY || 'demo-api-key',
    seedDemo: seed === '1',
    publicUrl: publicUrl?.replace(/\/$/, ''),
    reconcileAfterSeconds,
    maxExportsPerTenant,
  };
};
