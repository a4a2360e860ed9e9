import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import type { ServerConfig } from './config.ts';
import { seedDemoTenant } from './demo.ts';
import { openEngine } from './engines/index.ts';
import { reconcileOverdueCalls } from './telephony/click-to-call.ts';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Opens the database, seeds the demo tenant when asked, and listens. */
export const startServer = async (config: ServerConfig): Promise<RunningServer> => {
  const engine = openEngine(config);
  if (config.seedDemo) await seedDemoTenant(engine.stores, { apiKey: config.demoApiKey, now: new Date() });
  const app = createApp({
    engine,
    adminToken: config.adminToken,
    publicUrl: config.publicUrl,
    maxExportsPerTenant: config.maxExportsPerTenant,
  });
  // Completes Exotel calls whose terminal callback never came; unref'd so it never holds the process.
  const reconciling = setInterval(() => {
    void reconcileOverdueCalls(app.deps.telephony, { overdueAfterMs: config.reconcileAfterSeconds * 1000 });
  }, 60_000);
  reconciling.unref();
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const listening = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(listening),
    );
    listening.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    close: () =>
      new Promise((resolve) => {
        clearInterval(reconciling);
        server.close(() => {
          void engine.close().then(resolve);
        });
      }),
  };
};
