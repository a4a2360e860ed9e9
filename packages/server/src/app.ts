import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps, AppEnv, Clock } from './app-deps.ts';
import { corsForTenants } from './http/cors.ts';
import { errorBody, HttpError } from './http/errors.ts';
import { limitJsonDepth } from './http/json-depth.ts';
import { InProcessLiveBus, type LiveBus } from './live/bus.ts';
import { LiveHub } from './live/hub.ts';
import { createStreamTokens } from './live/stream-token.ts';
import { apiRoutes } from './routes/index.ts';
import { ExportSlots } from './services/export.ts';
import { createGroupCommit } from './services/ingest.ts';
import type { Engine } from './stores/index.ts';
import { createExotelApi } from './telephony/exotel-api.ts';
import { secretsKeyFromHex } from './telephony/secrets.ts';
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
  /**
   * A live call with no event for this long is stale (default 2 hours): not active, and closed
   * by the stale-call sweep (`closeStaleCalls`) with a `callEnded` of reason `inactivity`.
   */
  staleCallMs?: number;
  /** The live stream (docs/running-the-server.md, The live stream). */
  live?: LiveOptions;
  /** How to reach Exotel: tests and the local demo point it at the fake Exotel. */
  exotel?: { fetch?: typeof fetch; baseUrl?: string; timeoutMs?: number };
  /**
   * This server's public address, for Exotel's status callbacks; never taken from a request.
   * Without one click-to-call answers 409.
   */
  publicUrl?: string | undefined;
  /** `SECRETS_KEY`: 64 hex characters, the AES-256-GCM key of stored Exotel credentials. */
  secretsKey?: string | undefined;
  /** Concurrent exports per tenant (default 2). */
  maxExportsPerTenant?: number;
}

/** Settings of the live stream; every one has a default. */
export interface LiveOptions {
  /** Comment line interval (default 15 s). */
  heartbeatMs?: number;
  /** Events replayed after `Last-Event-ID` at most (default 1000); a longer gap gets `resync`. */
  maxReplayEvents?: number;
  /** Stream token lifetime (default 15 minutes). */
  tokenTtlMs?: number;
  /** `STREAM_TOKEN_SECRET`: every instance must share it; unset: a random secret of this process. */
  tokenSecret?: string | undefined;
  /** `STREAM_MAX_SECONDS` in ms: a stream ends after this long (default 1 hour); the client reconnects. */
  maxStreamMs?: number;
  /** `STREAM_MAX_PER_KEY`: open streams per key on this instance (default 50); beyond it 429. */
  maxStreamsPerKey?: number;
  /** How instances tell each other of new events (default: this process only, for SQLite). */
  bus?: LiveBus;
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
  const live = new LiveHub({ stores, bus: options.live?.bus ?? new InProcessLiveBus() });
  const deps: AppDeps = {
    engine: options.engine,
    stores,
    ingest,
    live,
    streamTokens: createStreamTokens({ ttlMs: options.live?.tokenTtlMs, secret: options.live?.tokenSecret }),
    telephony: {
      stores,
      ingest,
      live,
      clock,
      exotelApi: (credentials) => createExotelApi({ credentials, ...options.exotel }),
      secretsKey: options.secretsKey ? secretsKeyFromHex(options.secretsKey) : undefined,
      publicUrl: options.publicUrl?.replace(/\/$/, ''),
    },
    clock,
    adminToken: options.adminToken || undefined,
    startedAt: clock(),
    version: SERVER_VERSION,
    staleCallMs: options.staleCallMs ?? DEFAULT_STALE_CALL_MS,
    heartbeatMs: options.live?.heartbeatMs ?? 15_000,
    streamLimits: {
      maxMs: options.live?.maxStreamMs ?? 3_600_000,
      perKey: options.live?.maxStreamsPerKey ?? 50,
      maxReplayEvents: options.live?.maxReplayEvents ?? 1000,
    },
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
  // A NUL character in the path or the query (`%00`) names nothing any engine can store.
  app.use(async (c, next) => {
    if (/%00/i.test(c.req.url)) throw new HttpError(400, 'The address holds a NUL character (%00)');
    await next();
  });
  app.route('/', apiRoutes(deps));

  app.notFound((c) => c.json(errorBody(404, `Not found: ${c.req.method} ${c.req.path}`), 404));
  app.onError((error, c) => {
    if (error instanceof HttpError) return c.json(errorBody(error.status, error.message), error.status);
    if (error instanceof HTTPException) {
      return c.json(errorBody(error.status, error.message || 'Request failed'), error.status);
    }
    // PostgreSQL refusing a character of the request's text (a NUL in a form field): bad input.
    const sqlState = (error as { code?: unknown }).code;
    if (sqlState === '22021' || sqlState === '22P05') {
      return c.json(
        errorBody(400, 'The request holds text the database cannot store (a NUL character)'),
        400,
      );
    }
    console.error(`Unhandled error on ${c.req.method} ${c.req.path}:`, error);
    return c.json(errorBody(500, 'Internal server error'), 500);
  });

  return Object.assign(app, { deps });
};
export type App = ReturnType<typeof createApp>;
