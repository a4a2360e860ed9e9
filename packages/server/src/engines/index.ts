import type { ServerConfig } from '../config.ts';
import type { Engine } from '../stores/index.ts';
import { sqliteEngine } from './sqlite/index.ts';
import { openDatabase } from './sqlite/open.ts';

/** Opens the engine the configuration names: the SQLite file at `DATABASE_PATH` today. */
export const openEngine = (config: Pick<ServerConfig, 'databasePath' | 'databaseSync'>): Engine =>
  sqliteEngine(openDatabase(config.databasePath, { synchronous: config.databaseSync }));
