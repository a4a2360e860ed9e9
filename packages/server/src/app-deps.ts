import type { LiveHub } from './live/hub.ts';
import type { StreamTokens } from './live/stream-token.ts';
import type { ExportSlots } from './services/export.ts';
import type { Engine, IngestBatch, IngestResult, Stores, Tenant } from './stores/index.ts';
import type { TelephonyContext } from './telephony/click-to-call.ts';

/** A source of "now": injected so tests run on a fixed clock. */
export type Clock = () => Date;

/** Stores a batch of call events through the group commit; resolves once it is durable. */
export type Ingest = (batch: IngestBatch) => Promise<IngestResult>;

/**
 * Everything a route module needs, built once by `createApp` and passed to each module's
 * factory: the one way dependencies reach a route.
 */
export interface AppDeps {
  engine: Engine;
  stores: Stores;
  ingest: Ingest;
  /** The live stream's feed on this instance: publishes call events and key rotations to every instance. */
  live: LiveHub;
  streamTokens: StreamTokens;
  telephony: TelephonyContext;
  clock: Clock;
  /** Bearer token of the admin API; without one the admin API answers 401. */
  adminToken: string | undefined;
  startedAt: Date;
  version: string;
  /** A live call with no event for this long is stale, not active. */
  staleCallMs: number;
  /** Live stream heartbeat interval. */
  heartbeatMs: number;
  /** A stream's longest life, streams per key on this instance, events replayed after Last-Event-ID. */
  streamLimits: { maxMs: number; perKey: number; maxReplayEvents: number };
  /** Concurrent exports per tenant (a third gets 429 with Retry-After). */
  exports: ExportSlots;
}

/** Per-request values set by middleware: only the authenticated tenant. */
export interface AppEnv {
  Variables: {
    tenant: Tenant;
  };
}
