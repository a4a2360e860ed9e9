import type { CallDirection, CallEventName, EventCustomerData } from '@call-ribbon/contract';

/** The customer the host shows, set with `setCustomer`. */
export interface RibbonCustomer {
  phoneNumber: string;
  name?: string | undefined;
  customerId?: string | undefined;
  email?: string | undefined;
  company?: string | undefined;
}

/**
 * What `onCallEvent` handlers receive, as in the integration guide:
 * `handleCallEvent(event, data)`.
 */
export interface CallEventData {
  callId: string;
  direction: CallDirection;
  phoneNumber: string;
  /** The customer of the call: the one set with `setCustomer`, or the one found by phone. */
  customerData: EventCustomerData;
  /** ISO-8601 UTC. */
  timestamp: string;
  /** Talk time in seconds, on `callEnded` (and on `wrapUp`, the same figure). */
  duration?: number;
  /** The unique id of this event on the wire. */
  eventId: string;
  /** Why the call ended or failed, when known (e.g. `page-reloaded`: the call was lost with the page). */
  reason?: string;
  /** On `wrapUp`: what the agent chose and wrote after the call. */
  disposition?: string;
  notes?: string;
  /** On `callEnded`, when the provider recorded the call: an `https:` or `http:` link, never anything else. */
  recordingUrl?: string;
}

export type CallEventHandler = (event: CallEventName, data: CallEventData) => void;

export type CallPhase = 'idle' | 'dialing' | 'ringing' | 'incoming' | 'connected';

export interface ActiveCall {
  callId: string;
  direction: CallDirection;
  phoneNumber: string;
  phase: Exclude<CallPhase, 'idle'>;
  customerData: EventCustomerData;
  /** When the call started (ms since epoch). */
  startedAt: number;
  /** When it was answered, for the live timer and the talk time. */
  connectedAt: number | null;
  muted: boolean;
  held: boolean;
  /** Exotel's CallSid, when the provider knows it: what a reload finds the call again by. */
  providerCallSid?: string | undefined;
}

/** A finished call waiting for the agent's disposition and notes. */
export interface PendingWrapUp {
  callId: string;
  eventId: string;
  phoneNumber: string;
  customerData: EventCustomerData;
  duration: number;
  /** The call's recording (`https:` or `http:` only), when the provider has one. */
  recordingUrl?: string | undefined;
}

export interface LastCallOutcome {
  callId: string;
  event: CallEventName;
  phoneNumber: string;
  duration: number | null;
}
