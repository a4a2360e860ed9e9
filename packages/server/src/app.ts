import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps, AppEnv, Clock } from './app-deps.ts';
import { corsForTenants } from './http/cors.ts';
import { errorBody, HttpError } from './http/errors.ts';
import { limitJsonDepth } from './http/json-depth.ts';
import { LiveHub } from './live/hub.ts';
import { createStreamTokens } from './live/stream-token.ts';
import { apiRoutes } from './routes/index.ts';
import { ExportSlots } from './services/export.ts';
import { createGroupCommit } from './services/ingest.ts';
import type { Engine } from './stores/index.ts';
import { createExotelApi } from './telephony/exotel-api.ts';
import { SERVER_VERSION } from './version.ts';

export type { AppDeps, AppEnv, Clock } from './app-deps.ts';

export interface AppOptions {
  /** The database engine and its stores (SQLite: `sqliteEngine(openDatabase(path))`). */
  engine: Engine;
  clock?: Clock;
  /** Bearer token of the admin API; without one the admin API answers 401. */
  adminToken?: string | undefined;
  /** Largest request body accepted, in bytes (default 1 MiB); larger ones get 413. */
  maxBodyBytes?: number;
  /** A live call with no event for this long is stale, not active (default 2 hours). */
  staleCallMs?: number;
  /** The live stream: heartbeat interval (default 15 s) and events kept per tenant for resume. */
  live?: { heartbeatMs?: number; bufferSize?: number; tokenTtlMs?: number };
  /** How to reach Exotel: tests and the local demo point it at the fake Exotel. */
  exotel?: { fetch?: typeof fetch; baseUrl?: string; timeoutMs?: number };
  /** This server's public address, for Exotel's status callbacks (default: the request's origin). */
  publicUrl?: string | undefined;
  /** Concurrent exports per tenant (default 2). */
  maxExportsPerTenant?: number;
}

/** 1 MiB: a log-call batch of 500 events with notes and customer data is about 450 KB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** A call with no event for two hours is no longer listed as active. */
export const DEFAULT_STALE_CALL_MS = 2 * 3_600_000;

/** Builds the whole HTTP app from its dependencies; no globals, no listening. */
export const createApp = (options: AppOptions) => {
  const clock = options.clock ?? (() => new Date());
  const { stores } = options.engine;
  const ingest = createGroupCommit(stores.callEvents);
  const live = new LiveHub({ bufferSize: options.live?.bufferSize });
  const deps: AppDeps = {
    engine: options.engine,
    stores,
    ingest,
    live,
    streamTokens: createStreamTokens({ ttlMs: options.live?.tokenTtlMs }),
    telephony: {
      stores,
      ingest,
      live,
      clock,
      exotelApi: (credentials) => createExotelApi({ credentials, ...options.exotel }),
    },
    clock,
    adminToken: options.adminToken || undefined,
    startedAt: clock(),
    version: SERVER_VERSION,
    publicUrl: options.publicUrl,
    staleCallMs: options.staleCallMs ?? DEFAULT_STALE_CALL_MS,
    heartbeatMs: options.live?.heartbeatMs ?? 15_000,
    exports: new ExportSlots(options.maxExportsPerTenant ?? 2),
  };
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  const app = new Hono<AppEnv>();
  app.use(corsForTenants(deps));
  app.use(
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => {
        throw new HttpError(413, `Request body is larger than ${maxBodyBytes} bytes`);
      },
    }),
  );
  app.use(limitJsonDepth());
  app.route('/', apiRoutes(deps));

  app.notFound((c) => c.json(errorBody(404, `Not found: ${c.req.method} ${c.req.path}`), 404));
  app.onError((error, c) => {
    if (error instanceof HttpError) return c.json(errorBody(error.status, error.message), error.status);
    if (error instanceof HTTPException) {
      return c.json(errorBody(error.status, error.message || 'Request failed'), error.status);
    }
    console.error(`Unhandled error on ${c.req.method} ${c.req.path}:`, error);
    return c.json(errorBody(500, 'Internal server error'), 500);
  });

  return Object.assign(app, { deps });
};
export type App = ReturnType<typeof createApp>;
