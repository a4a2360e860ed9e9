import type { TelephonyPublic } from '@call-ribbon/contract';
import type { ExotelCredentials } from '../telephony/exotel-api.ts';

/** How Exotel reaches one agent: a phone number, or a SIP user for browser calling. */
export interface AgentLine {
  phone?: string;
  sipUser?: string;
}

/** A tenant's Exotel settings: server-side only, never returned by any endpoint. */
export interface TelephonySettings {
  provider: 'exotel' | 'exotel-webrtc';
  credentials: ExotelCredentials;
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

/** Exotel settings per tenant, and the provider calls placed through it. */
export interface TelephonyStore {
  get(tenantId: string): Promise<TelephonySettings | undefined>;
  bySecret(secret: string): Promise<{ tenantId: string; settings: TelephonySettings } | undefined>;
  /** Saves the settings; the callback secret is made once and kept across updates. */
  set(
    tenantId: string,
    settings: Omit<TelephonySettings, 'callbackSecret'>,
    now: Date,
  ): Promise<TelephonySettings>;
  remove(tenantId: string): Promise<boolean>;
  /** What the browser may know: the provider and the caller id, never credentials. */
  publicView(tenantId: string): Promise<TelephonyPublic>;
  recordPlacedCall(tenantId: string, providerCallSid: string, callId: string, placedAt: Date): Promise<void>;
  callIdFor(tenantId: string, providerCallSid: string): Promise<string | undefined>;
  providerCallSidFor(tenantId: string, callId: string): Promise<string | undefined>;
  markTerminal(tenantId: string, providerCallSid: string, at: Date): Promise<void>;
  markChecked(tenantId: string, providerCallSid: string, at: Date): Promise<void>;
  /** Calls placed before `placedBefore` with no terminal callback, not checked since `checkedBefore`. */
  awaitingTerminal(placedBefore: Date, checkedBefore: Date, limit?: number): Promise<OpenProviderCall[]>;
}
