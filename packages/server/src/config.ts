/** Server settings, from the environment (names and defaults in docs/running-the-server.md). */
export interface ServerConfig {
  port: number;
  host: string;
  databasePath: string;
  adminToken: string | undefined;
  demoApiKey: string;
  /** `true`: seed the demo tenant into an empty database; `false`: never seed. */
  seedDemo: boolean;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export const readConfig = (env: NodeJS.ProcessEnv = process.env): ServerConfig => {
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ConfigError(`PORT must be a port number (0-65535), got "${env.PORT}"`);
  }
  const seed = env.SEED_DEMO ?? '1';
  if (seed !== '0' && seed !== '1') throw new ConfigError(`SEED_DEMO must be 1 or 0, got "${seed}"`);
  return {
    port,
    host: env.HOST || '127.0.0.1',
    databasePath: env.DATABASE_PATH || './data/call-ribbon.sqlite',
    adminToken: env.ADMIN_TOKEN || undefined,
    demoApiKey: env.DEMO_API_KEY || 'demo-api-key',
    seedDemo: seed === '1',
  };
};
