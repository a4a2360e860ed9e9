import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import type { ServerConfig } from './config.ts';
import { seedDemoTenant } from './demo.ts';
import { openEngine } from './engines/index.ts';
import { openLiveOptions } from './live/from-config.ts';
import { closeStaleCalls } from './services/stale-calls.ts';
import { reconcileOverdueCalls } from './telephony/click-to-call.ts';

/** Hosts that only this machine can reach: a local trial may take Exotel callbacks there. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Opens the database, seeds the demo tenant when asked, and listens. */
export const startServer = async (config: ServerConfig): Promise<RunningServer> => {
  const engine = await openEngine(config);
  if (config.seedDemo) await seedDemoTenant(engine.stores, { apiKey: config.demoApiKey, now: new Date() });
  // The live stream's bus: in-process on SQLite, PostgreSQL LISTEN/NOTIFY across instances.
  const live = await openLiveOptions(config);
  const app = createApp({
    engine,
    live: live.options,
    adminToken: config.adminToken,
    publicUrl: config.publicUrl,
    secretsKey: config.secretsKey,
    staleCallMs: config.staleCallSeconds * 1000,
    ...(config.exotelApiUrl && { exotel: { baseUrl: config.exotelApiUrl } }),
    maxExportsPerTenant: config.maxExportsPerTenant,
  });
  // Completes Exotel calls whose terminal callback never came; unref'd so it never holds the process.
  const reconciling = setInterval(() => {
    void reconcileOverdueCalls(app.deps.telephony, {
      overdueAfterMs: config.reconcileAfterSeconds * 1000,
    }).catch((error: unknown) => {
      console.warn(`Exotel reconciliation failed: ${String(error)}`);
    });
  }, 60_000);
  reconciling.unref();
  // Ends calls nothing was heard of for STALE_CALL_SECONDS; racing instances end each call once.
  const sweeping = setInterval(() => {
    void closeStaleCalls(app.deps).catch((error: unknown) => {
      console.warn(`The stale-call sweep failed: ${String(error)}`);
    });
  }, 60_000);
  sweeping.unref();
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const listening = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(listening),
    );
    listening.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  // Without PUBLIC_URL only a loopback server (a local trial) gives Exotel its own address.
  if (!config.publicUrl && LOOPBACK_HOSTS.has(config.host)) {
    app.deps.telephony.publicUrl = `http://${host}:${port}`;
  }
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    close: () =>
      new Promise((resolve) => {
        clearInterval(reconciling);
        clearInterval(sweeping);
        // Open streams would hold the HTTP server open: end them first.
        app.deps.live.close();
        server.close(() => {
          void live
            .close()
            .then(() => engine.close())
            .then(resolve);
        });
      }),
  };
};
