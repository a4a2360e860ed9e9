import type { DatabaseSync } from './engines/sqlite/open.ts';
import { MIN_STREAM_TOKEN_SECRET_LENGTH } from './live/stream-token.ts';
import { secretsKeyProblem } from './telephony/secrets.ts';

/** Server settings, from the environment (names and defaults in docs/running-the-server.md). */
export interface ServerConfig {
  port: number;
  host: string;
  databasePath: string;
  /** `postgres://user:pass@host:port/db`: PostgreSQL instead of the SQLite file at `databasePath`. */
  databaseUrl: string | undefined;
  /** SQLite's `synchronous`: `full` (default) survives power loss, `normal` a process crash only. */
  databaseSync: DatabaseSync;
  adminToken: string | undefined;
  demoApiKey: string;
  /** `true`: seed the demo tenant into an empty database; `false`: never seed (always in production). */
  seedDemo: boolean;
  /**
   * This server's public address, for Exotel's status callbacks. Unset: click-to-call is
   * refused, unless `host` is a loopback address (then `http://<host>:<port>`).
   */
  publicUrl: string | undefined;
  /** Replaces `https://<host>` of every tenant's Exotel requests (Exotel's sandbox, a fake Exotel). */
  exotelApiUrl: string | undefined;
  /** 64 hex characters: the AES-256-GCM key of stored Exotel credentials; unset: none can be stored. */
  secretsKey: string | undefined;
  /** A call with no event for this long is closed by the server (`callEnded`, reason `inactivity`). */
  staleCallSeconds: number;
  /** Exotel calls without a terminal callback this long are completed from call details. */
  reconcileAfterSeconds: number;
  /** Exports one tenant may run at once; the next gets 429 with Retry-After. */
  maxExportsPerTenant: number;
  /** Signs stream tokens; shared by every instance (required with DATABASE_URL); unset: random per process. */
  streamTokenSecret: string | undefined;
  /** A live stream ends after this long; the client reconnects and resumes. */
  streamMaxSeconds: number;
  /** Open live streams per key on one instance; beyond it 429. */
  streamMaxPerKey: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Why a DATABASE_URL cannot name a PostgreSQL database (the password is never repeated), or undefined. */
const databaseUrlProblem = (value: string): string | undefined => {
  const expected =
    'DATABASE_URL must be a PostgreSQL address such as postgres://user:password@host:5432/database';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${expected}, got something that is not a URL`;
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    return `${expected}, got the scheme "${url.protocol}"`;
  }
  if (url.hostname === '') return `${expected}, got no host`;
  return undefined;
};

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
  const exotelApiUrl = env.EXOTEL_API_URL || undefined;
  if (exotelApiUrl !== undefined && !/^https?:\/\/[^/]+/.test(exotelApiUrl)) {
    throw new ConfigError(
      `EXOTEL_API_URL must be an http(s) address such as https://api.in.exotel.com, got "${exotelApiUrl}"`,
    );
  }
  const secretsKey = env.SECRETS_KEY || undefined;
  const secretsProblem = secretsKey === undefined ? undefined : secretsKeyProblem(secretsKey);
  if (secretsProblem) throw new ConfigError(secretsProblem);
  const staleCallSeconds = Number(env.STALE_CALL_SECONDS ?? 7200);
  if (!Number.isInteger(staleCallSeconds) || staleCallSeconds < 60) {
    throw new ConfigError(
      `STALE_CALL_SECONDS must be a whole number of seconds, at least 60, got "${env.STALE_CALL_SECONDS}"`,
    );
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined) {
    const problem = databaseUrlProblem(databaseUrl);
    if (problem) throw new ConfigError(problem);
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
  const streamTokenSecret = env.STREAM_TOKEN_SECRET || undefined;
  if (streamTokenSecret !== undefined && streamTokenSecret.length < MIN_STREAM_TOKEN_SECRET_LENGTH) {
    throw new ConfigError(
      `STREAM_TOKEN_SECRET must be at least ${MIN_STREAM_TOKEN_SECRET_LENGTH} characters (e.g. \`openssl rand -hex 32\`), got ${streamTokenSecret.length}`,
    );
  }
  if (streamTokenSecret === undefined && env.DATABASE_URL) {
    throw new ConfigError(
      'STREAM_TOKEN_SECRET is required with DATABASE_URL: every instance must sign stream tokens with the same secret (at least 32 characters, e.g. `openssl rand -hex 32`)',
    );
  }
  const streamMaxSeconds = Number(env.STREAM_MAX_SECONDS ?? 3600);
  if (!Number.isInteger(streamMaxSeconds) || streamMaxSeconds < 10) {
    throw new ConfigError(
      `STREAM_MAX_SECONDS must be a whole number of seconds, at least 10, got "${env.STREAM_MAX_SECONDS}"`,
    );
  }
  const streamMaxPerKey = Number(env.STREAM_MAX_PER_KEY ?? 50);
  if (!Number.isInteger(streamMaxPerKey) || streamMaxPerKey < 1) {
    throw new ConfigError(
      `STREAM_MAX_PER_KEY must be a whole number, at least 1, got "${env.STREAM_MAX_PER_KEY}"`,
    );
  }
  return {
    port,
    host: env.HOST || '127.0.0.1',
    databasePath: env.DATABASE_PATH || './data/call-ribbon.sqlite',
    databaseUrl,
    databaseSync,
    adminToken: env.ADMIN_TOKEN || undefined,
    demoApiKey: env.DEMO_API_KEY || 'demo-api-key',
    seedDemo: seed === '1',
    publicUrl: publicUrl?.replace(/\/$/, ''),
    exotelApiUrl: exotelApiUrl?.replace(/\/$/, ''),
    secretsKey,
    staleCallSeconds,
    reconcileAfterSeconds,
    maxExportsPerTenant,
    streamTokenSecret,
    streamMaxSeconds,
    streamMaxPerKey,
  };
};
