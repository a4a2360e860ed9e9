import type { CallDirection, CallEventName } from '@call-ribbon/contract';

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
  eventId?: string;
  /** ISO-8601 UTC; when absent, now. */
  timestamp?: string;
  /** Talk time in seconds on `callEnded`, when the provider knows it better than the session's clock. */
  duration?: number;
  /** Extra facts for the event's `metadata`, e.g. `{ providerCallSid }`. */
  metadata?: Record<string, string>;
}

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
  destroy(): void;
}

/** Provider errors the bar shows to the agent. */
export class CallProviderError extends Error {
  override readonly name = 'CallProviderError';
}
