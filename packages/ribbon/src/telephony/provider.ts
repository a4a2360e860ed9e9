import type { CallDirection, CallEventName, EventCustomerData } from '@call-ribbon/contract';

/** A state change of a call, as a provider reports it: the event name is the wire name. */
export interface ProviderCallEvent {
  event: CallEventName;
  callId: string;
  direction: CallDirection;
  phoneNumber: string;
  /** Why a call failed or ended, when the provider knows. */
  reason?: string;
  /**
   * The server already stored this event (Exotel callbacks): the session tells handlers but
   * queues nothing, so the call is counted once. `eventId`, `timestamp` and `duration` are the server's.
   */
  recorded?: boolean;
  /**
   * Another tab of this browser owns the call and reported this event (session/tab-leader.ts):
   * the session shows it and tells no handler (the owning tab does both). Always with `recorded`,
   * so it is not queued either: the owner queued it.
   */
  mirrored?: boolean;
  eventId?: string;
  /** ISO-8601 UTC; when absent, now. */
  timestamp?: string;
  /** Talk time in seconds on `callEnded`, when the provider knows it better than the session's clock. */
  duration?: number;
  /** Extra facts for the event's `metadata`, e.g. `{ providerCallSid }`. */
  metadata?: Record<string, string>;
  /** The customer the server found by phone for a new call (a screen pop): used as the call's. */
  customerData?: EventCustomerData;
  /** Exotel's CallSid, when known: kept with the call so a reload can find it again. */
  providerCallSid?: string;
}

/** A call this tab had in progress when the page went away (reload, navigation, `destroy`). */
export interface RestoringCall {
  callId: string;
  direction: CallDirection;
  phoneNumber: string;
  phase: 'dialing' | 'ringing' | 'incoming' | 'connected';
  /** When the call started, ms since epoch (this browser's clock). */
  startedAt: number;
  held: boolean;
  muted: boolean;
  providerCallSid?: string | undefined;
}

/**
 * What a provider found of a restored call: `live` (it follows the call again and reports
 * what happens next), `gone` (the call did not survive the page: the session logs its end) or
 * `reported` (the provider has already reported how the call ended).
 */
export type RestoreOutcome = 'live' | 'gone' | 'reported';

export type ProviderListener = (event: ProviderCallEvent) => void;

/**
 * Telephony behind the ribbon. The simulator implements it today; the Exotel providers
 * (click-to-call through the server, WebRTC in the page) implement the same methods.
 */
export interface CallProvider {
  /** `simulator`, `exotel`, `exotel-webrtc`. */
  readonly name: string;
  /** True when calls are not real: the bar shows "Demo mode". */
  readonly demo: boolean;
  /** True when the agent answers, mutes, holds and hangs up on their phone, not in the bar. */
  readonly onPhone?: boolean;
  /** Places an outbound call; progress comes as events (dialing, ringing, connected, failed). */
  dial(phoneNumber: string): Promise<void>;
  answer(): Promise<void>;
  reject(): Promise<void>;
  hangup(): Promise<void>;
  mute(muted: boolean): Promise<void>;
  hold(held: boolean): Promise<void>;
  /** DTMF during a connected call. */
  sendDigits(digits: string): Promise<void>;
  subscribe(listener: ProviderListener): () => void;
  /**
   * After a reload: does the provider still have `call`? Without this method a call never
   * survives the page (the simulator's calls live in the page). Throws when it cannot tell yet.
   */
  restore?(call: RestoringCall): Promise<RestoreOutcome>;
  destroy(): void;
}

/** Provider errors the bar shows to the agent. */
export class CallProviderError extends Error {
  override readonly name = 'CallProviderError';
}
