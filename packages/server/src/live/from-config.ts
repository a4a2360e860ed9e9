import type { LiveOptions } from '../app.ts';
import type { ServerConfig } from '../config.ts';
import { InProcessLiveBus, type LiveBus } from './bus.ts';
import { PostgresLiveBus } from './pg-bus.ts';

export type LiveConfig = Pick<
  ServerConfig,
  'databaseUrl' | 'streamTokenSecret' | 'streamMaxSeconds' | 'streamMaxPerKey'
>;

/**
 * The live stream's settings for `createApp` from the server's configuration: with
 * `DATABASE_URL`, instances share notices through PostgreSQL `LISTEN/NOTIFY`; without it,
 * one process has them all. `close` stops the bus (after the app's streams have ended).
 */
export const openLiveOptions = async (
  config: LiveConfig,
): Promise<{ options: LiveOptions; close(): Promise<void> }> => {
  const bus: LiveBus =
    config.databaseUrl === undefined
      ? new InProcessLiveBus()
      : await PostgresLiveBus.connect(config.databaseUrl);
  return {
    options: {
      bus,
      tokenSecret: config.streamTokenSecret,
      maxStreamMs: config.streamMaxSeconds * 1000,
      maxStreamsPerKey: config.streamMaxPerKey,
    },
    close: () => bus.close(),
  };
};
