import type { TelephonyPublic } from '@call-ribbon/contract';

/** How Exotel reaches one agent: a phone number, or a SIP user for browser calling. */
export interface AgentLine {
  phone?: string;
  sipUser?: string;
}

/** A tenant's Exotel settings: server-side only, never returned by any endpoint. */
export interface TelephonySettings {
  provider: 'exotel' | 'exotel-webrtc';
  accountSid: string;
  /** `api.exotel.com` (Singapore) or `api.in.exotel.com` (Mumbai). */
  host: string;
  /**
   * The Exotel API key and token, sealed with `SECRETS_KEY` (AES-256-GCM) by
   * `src/telephony/secrets.ts`: opaque text to the store, never stored in clear. Empty when
   * they were saved before encryption and must be set again.
   */
  sealedCredentials: string;
  /** The ExoPhone shown to customers. */
  callerId: string;
  /** Agent id -> how Exotel rings that agent. */
  agents: Record<string, AgentLine>;
  record: boolean;
  /** Part of the status callback URL: Exotel does not sign callbacks. */
  callbackSecret: string;
}

export interface OpenProviderCall {
  tenantId: string;
  providerCallSid: string;
  callId: string;
}

/** Exotel settings per tenant, the provider calls placed through it, and the monthly call slots. */
export interface TelephonyStore {
  get(tenantId: string): Promise<TelephonySettings | undefined>;
  bySecret(secret: string): Promise<{ tenantId: string; settings: TelephonySettings } | undefined>;
  /** Saves the settings; the callback secret is made once and kept across updates. */
  set(
    tenantId: string,
    settings: Omit<TelephonySettings, 'callbackSecret'>,
    now: Date,
  ): Promise<TelephonySettings>;
  /**
   * Replaces the callback secret with a new random one: callbacks to the old one are refused
   * from now on. Resolves with the new secret, or undefined when the tenant has no settings.
   */
  rotateCallbackSecret(tenantId: string, now: Date): Promise<string | undefined>;
  remove(tenantId: string): Promise<boolean>;
  /** What the browser may know: the provider and the caller id, never credentials. */
  publicView(tenantId: string): Promise<TelephonyPublic>;

  recordPlacedCall(tenantId: string, providerCallSid: string, callId: string, placedAt: Date): Promise<void>;
  callIdFor(tenantId: string, providerCallSid: string): Promise<string | undefined>;
  providerCallSidFor(tenantId: string, callId: string): Promise<string | undefined>;
  markTerminal(tenantId: string, providerCallSid: string, at: Date): Promise<void>;
  /**
   * Claims up to `limit` (default 50) calls placed at or before `placedBefore`, with no
   * terminal callback and never checked or last checked before `checkedBefore` (at most
   * `now`), by setting their checked time to `now` in one atomic statement, and returns
   * them, oldest first. Instances sweeping at
   * the same moment never claim the same call (SQLite: one writer; PostgreSQL:
   * `FOR UPDATE SKIP LOCKED` in the sub-select of the UPDATE).
   */
  claimOverdue(
    placedBefore: Date,
    checkedBefore: Date,
    now: Date,
    limit?: number,
  ): Promise<OpenProviderCall[]>;

  /**
   * Takes one call slot of the tenant's month (`monthStartMs`: the month's first instant in
   * the tenant's zone), in one atomic statement: succeeds when
   * `max(slots already taken, countedCalls) < limit`, and then records
   * `max(taken, countedCalls) + 1` taken. `countedCalls` is the month's calls as the rollups
   * count them (calls logged by the ribbon count too). Concurrent reservations on any number
   * of instances never take more than `limit` slots.
   */
  reserveCallSlot(
    tenantId: string,
    monthStartMs: number,
    limit: number,
    countedCalls: number,
  ): Promise<boolean>;
  /** Gives back a slot taken by `reserveCallSlot` (Exotel refused the call). */
  releaseCallSlot(tenantId: string, monthStartMs: number): Promise<void>;
  /** Slots taken this month (0 when none): calls placed, including those Exotel is still being asked about. */
  callSlotsTaken(tenantId: string, monthStartMs: number): Promise<number>;
}
