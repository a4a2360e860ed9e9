import { z } from 'zod';
import { IsoDateTime, JsonRecord, wellFormed } from './common.ts';

/**
 * The call event names: the same words on the wire, in `onCallEvent` and in the database.
 * Names are added at the end, never renamed. `wrapUp` is the agent's disposition and notes,
 * sent after the call's terminal event (which never waits for it).
 */
export const CALL_EVENT_NAMES = [
  'dialing',
  'ringing',
  'incoming',
  'connected',
  'hold',
  'unhold',
  'mute',
  'unmute',
  'callEnded',
  'missed',
  'rejected',
  'failed',
  'wrapUp',
] as const;
export const CallEventName = z.enum(CALL_EVENT_NAMES);
export type CallEventName = z.infer<typeof CallEventName>;

export const CallDirection = z.enum(['inbound', 'outbound']);
export type CallDirection = z.infer<typeof CallDirection>;

/** The customer shown in the ribbon when the event happened. */
export const EventCustomerData = z.object({
  customerId: wellFormed(z.string().max(200)).optional(),
  name: z.string().max(500).optional(),
  email: z.string().max(500).optional(),
  phone: z.string().max(50).optional(),
  company: z.string().max(500).optional(),
  customFields: JsonRecord.optional(),
});
export type EventCustomerData = z.infer<typeof EventCustomerData>;

/** One call event as the ribbon (or a webhook) reports it. `eventId` makes retries safe. */
export const CallEvent = z.object({
  eventId: wellFormed(z.string().min(1).max(128)),
  event: CallEventName,
  callId: wellFormed(z.string().min(1).max(128)),
  timestamp: IsoDateTime,
  direction: CallDirection,
  phoneNumber: z.string().min(1).max(50),
  customerData: EventCustomerData.nullish(),
  agentId: wellFormed(z.string().max(200)).nullish(),
  /** Talk time in seconds, on `callEnded` (and on `wrapUp`, the same figure). */
  duration: z.number().min(0).max(86_400).nullish(),
  disposition: z.string().max(200).nullish(),
  notes: z.string().max(10_000).nullish(),
  metadata: JsonRecord.nullish(),
  /**
   * Why the call ended, when it is not a plain hang-up: `inactivity` when the server closed a
   * call that had no event for its stale-call time (`STALE_CALL_SECONDS`).
   */
  reason: wellFormed(z.string().max(200)).nullish(),
});
export type CallEvent = z.infer<typeof CallEvent>;

/**
 * The wrap-up of a call: a `CallEvent` named `wrapUp` of the same `callId`, timed when the
 * agent saved it, with the disposition and/or notes. It does not end a call on its own terms:
 * the call's `callEnded` (or other terminal event) is sent at hang-up.
 */
export const WrapUpEvent = CallEvent.extend({
  event: z.literal('wrapUp'),
  disposition: z.string().max(200).nullish(),
  notes: z.string().max(10_000).nullish(),
});
export type WrapUpEvent = z.infer<typeof WrapUpEvent>;

export const MAX_EVENTS_PER_BATCH = 500;

/** A batch of events; each is validated on its own so one bad event does not sink the rest. */
export const LogCallBatch = z.object({
  events: z.array(CallEvent).min(1).max(MAX_EVENTS_PER_BATCH),
});
export type LogCallBatch = z.infer<typeof LogCallBatch>;

/** `POST /api/ribbon/log-call`: one event, or `{ events: [...] }` of at most 500. */
export const LogCallRequest = z.union([LogCallBatch, CallEvent]);
export type LogCallRequest = z.infer<typeof LogCallRequest>;

export const RejectedEvent = z.object({
  index: z.int().min(0),
  eventId: z.string().nullable(),
  message: z.string(),
});
export type RejectedEvent = z.infer<typeof RejectedEvent>;

export const LogCallResponse = z.object({
  accepted: z.int().min(0),
  duplicates: z.int().min(0),
  rejected: z.array(RejectedEvent),
});
export type LogCallResponse = z.infer<typeof LogCallResponse>;

/** A call event as the server stored it. */
export const StoredCallEvent = CallEvent.extend({
  receivedAt: IsoDateTime,
});
export type StoredCallEvent = z.infer<typeof StoredCallEvent>;
