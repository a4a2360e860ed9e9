/**
 * Exotel's status callbacks (multipart form or JSON) and call details, read into our call
 * events. Event ids are derived from Exotel's CallSid, so a callback that arrives twice,
 * late, or after a reconciliation fetch is the same event and the ingestion path
 * acknowledges it without counting it again.
 */
import type { CallEventName } from '@call-ribbon/contract';
import { offsetMs } from '../calls/time-zone.ts';
import type { ExotelCall } from './exotel-api.ts';

export interface ExotelLeg {
  status: string | null;
  onCallDuration: number | null;
  answeredBy: string | null;
}

/** One status callback, whatever its encoding. */
export interface ExotelStatusCallback {
  callSid: string;
  /** completed, failed, busy, no-answer (terminal), in-progress (answered). */
  status: string | null;
  /** `answered` or `terminal`; callbacks without subscribed events are terminal. */
  eventType: 'answered' | 'terminal';
  dateCreated: string | null;
  dateUpdated: string | null;
  startTime: string | null;
  endTime: string | null;
  to: string | null;
  from: string | null;
  direction: string | null;
  conversationDuration: number | null;
  recordingUrl: string | null;
  customField: string | null;
  legs: ExotelLeg[];
}

export class CallbackFormatError extends Error {
  override readonly name = 'CallbackFormatError';
}

const text = (value: unknown): string | null => {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number') return String(value);
  return null;
};

const integer = (value: unknown): number | null => {
  const raw = text(value);
  if (raw === null) return null;
  const number = Number(raw);
  return Number.isFinite(number) && number >= 0 ? Math.round(number) : null;
};

/**
 * A recording link kept only when it is an absolute `https:` or `http:` address: anything
 * else (`javascript:`, `data:`, a relative path) would become a link in someone's CRM.
 */
export const safeRecordingUrl = (value: unknown): string | null => {
  const raw = text(value);
  if (raw === null || raw.length > 2048) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
};

/** `Legs[0][Status]`-style keys of the multipart form, gathered into an array. */
const legsFromFlatFields = (fields: Record<string, unknown>): Record<string, unknown>[] => {
  const legs: Record<string, unknown>[] = [];
  for (const [key, value] of Object.entries(fields)) {
    const match = /^Legs\[(\d+)\]\[(\w+)\]$/.exec(key);
    if (!match) continue;
    const index = Number(match[1]);
    if (index > 20) continue;
    legs[index] ??= {};
    legs[index]![match[2]!] = value;
  }
  return Array.from(legs, (leg) => leg ?? {});
};

/**
 * Reads a callback from the fields of a multipart/urlencoded form or from a JSON body.
 * Throws CallbackFormatError when it has no CallSid.
 */
export const parseStatusCallback = (fields: Record<string, unknown>): ExotelStatusCallback => {
  const callSid = text(fields.CallSid);
  if (!callSid) throw new CallbackFormatError('The callback has no CallSid');
  const rawLegs = Array.isArray(fields.Legs) ? (fields.Legs as unknown[]) : legsFromFlatFields(fields);
  const legs = rawLegs.map((leg) => {
    const entry = (leg ?? {}) as Record<string, unknown>;
    return {
      status: text(entry.Status),
      onCallDuration: integer(entry.OnCallDuration),
      answeredBy: text(entry.AnsweredBy),
    };
  });
  const eventType = text(fields.EventType)?.toLowerCase() === 'answered' ? 'answered' : 'terminal';
  return {
    callSid,
    status: text(fields.Status)?.toLowerCase() ?? null,
    eventType,
    dateCreated: text(fields.DateCreated),
    dateUpdated: text(fields.DateUpdated),
    startTime: text(fields.StartTime),
    endTime: text(fields.EndTime),
    to: text(fields.To),
    from: text(fields.From),
    direction: text(fields.Direction),
    conversationDuration: integer(fields.ConversationDuration),
    recordingUrl: safeRecordingUrl(fields.RecordingUrl),
    customField: text(fields.CustomField),
    legs,
  };
};

/** Call details (`?details=true`) read as the terminal callback they stand in for. */
export const callbackFromCallDetails = (call: ExotelCall): ExotelStatusCallback => {
  const legs = call.Details?.Legs ?? [];
  const legStatuses = [call.Details?.Leg1Status ?? null, call.Details?.Leg2Status ?? null];
  return {
    callSid: call.Sid,
    status: call.Status?.toLowerCase() ?? null,
    eventType: 'terminal',
    dateCreated: call.DateCreated ?? null,
    dateUpdated: call.DateUpdated ?? null,
    startTime: call.StartTime ?? null,
    endTime: call.EndTime ?? null,
    to: call.To ?? null,
    from: call.From ?? null,
    direction: call.Direction ?? null,
    conversationDuration: integer(call.Details?.ConversationDuration ?? null),
    recordingUrl: safeRecordingUrl(call.RecordingUrl),
    customField: null,
    legs: legStatuses.map((status, index) => ({
      status,
      onCallDuration: integer(legs[index]?.Leg.OnCallDuration ?? null),
      answeredBy: null,
    })),
  };
};

/** Exotel's `YYYY-MM-DD HH:mm:ss`, a wall time of the account's zone, as ISO-8601 UTC. */
export const exotelTimeToIso = (value: string | null, timeZone: string): string | null => {
  if (!value) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value);
  if (!match) {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
  }
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  // The zone's offset at that instant; a second pass settles times next to a DST change.
  let utc = wall - offsetMs(timeZone, wall);
  utc = wall - offsetMs(timeZone, utc);
  return new Date(utc).toISOString();
};

/** What one callback says happened, before it is joined to our call record. */
export interface ProviderCallEvent {
  eventId: string;
  event: Extract<CallEventName, 'ringing' | 'connected' | 'callEnded' | 'missed' | 'failed'>;
  timestamp: string;
  /** Talk seconds, on callEnded. */
  duration?: number;
  recordingUrl?: string | null;
}

const isLive = (status: string | null) => status === 'in-progress' || status === 'answered';

/**
 * The call events a callback stands for. `answered` with only leg 1 up: the agent picked up
 * and the customer rings. Leg 2 up: connected. Terminal: ended with talk time, or missed
 * (busy, no answer, nobody talked), or failed. A completed call also yields its `connected`
 * event (answer time = end - talk time), under the same id as the answered callback's, so a
 * lost answered callback costs nothing and a received one is not counted twice.
 */
export const eventsFromCallback = (
  callback: ExotelStatusCallback,
  options: { timeZone: string; receivedAt: Date },
): ProviderCallEvent[] => {
  const id = (kind: string) => `exotel:${callback.callSid}:${kind}`;
  const at = (value: string | null) =>
    exotelTimeToIso(value, options.timeZone) ?? options.receivedAt.toISOString();

  if (callback.eventType === 'answered') {
    const customerLeg = callback.legs[1]?.status ?? null;
    if (isLive(customerLeg))
      return [{ eventId: id('connected'), event: 'connected', timestamp: at(callback.dateUpdated) }];
    return [{ eventId: id('ringing'), event: 'ringing', timestamp: at(callback.dateUpdated) }];
  }

  const ended = at(callback.endTime ?? callback.dateUpdated);
  const talk = callback.conversationDuration ?? callback.legs[1]?.onCallDuration ?? 0;
  const status = callback.status;
  if (status === 'failed') return [{ eventId: id('terminal'), event: 'failed', timestamp: ended }];
  if (status === 'completed' && talk > 0) {
    const answeredAt = new Date(Date.parse(ended) - talk * 1000).toISOString();
    return [
      { eventId: id('connected'), event: 'connected', timestamp: answeredAt },
      {
        eventId: id('terminal'),
        event: 'callEnded',
        timestamp: ended,
        duration: talk,
        recordingUrl: callback.recordingUrl,
      },
    ];
  }
  return [
    { eventId: id('terminal'), event: 'missed', timestamp: ended, recordingUrl: callback.recordingUrl },
  ];
};

/** Whether Exotel considers the call over. */
export const isTerminalStatus = (status: string | null): boolean =>
  status === 'completed' || status === 'failed' || status === 'busy' || status === 'no-answer';
