import type { ServerConfig } from '../config.ts';
import type { Engine } from '../stores/index.ts';
import { openPostgresEngine } from './postgres/index.ts';
import { sqliteEngine } from './sqlite/index.ts';
import { openDatabase } from './sqlite/open.ts';

type EngineConfig = Pick<ServerConfig, 'databasePath' | 'databaseSync' | 'databaseUrl'>;

/**
 * Opens the engine the configuration names: PostgreSQL at `DATABASE_URL` when set, else the
 * SQLite file at `DATABASE_PATH`. Either way the schema is brought up to date first.
 */
export const openEngine = async (config: EngineConfig): Promise<Engine> =>
  config.databaseUrl !== undefined
    ? openPostgresEngine(config.databaseUrl)
    : sqliteEngine(openDatabase(config.databasePath, { synchronous: config.databaseSync }));

/** The database in words for messages: the SQLite path, or the PostgreSQL address without its password. */
export const databaseLabel = (config: EngineConfig): string => {
  if (config.databaseUrl === undefined) return config.databasePath;
  const url = new URL(config.databaseUrl);
  url.password = '';
  return url.toString();
};
