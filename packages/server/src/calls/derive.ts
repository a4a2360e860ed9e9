import type { CallDirection, CallEvent, CallEventName, CallStatus } from '@call-ribbon/contract';

/** A call as derived from its events; times are epoch milliseconds (UTC). */
export interface DerivedCall {
  callId: string;
  direction: CallDirection;
  status: CallStatus;
  ended: boolean;
  phoneNumber: string;
  customerId: string | null;
  customerName: string | null;
  agentId: string | null;
  startMs: number;
  answerMs: number | null;
  endMs: number | null;
  lastEventMs: number;
  /** Talk time in seconds. */
  duration: number;
  disposition: string | null;
  notes: string | null;
  recordingUrl: string | null;
}

export const TERMINAL_EVENTS: ReadonlySet<CallEventName> = new Set([
  'callEnded',
  'missed',
  'rejected',
  'failed',
]);
export const ANSWERED_STATUSES: ReadonlySet<CallStatus> = new Set(['connected', 'on-hold', 'completed']);
export const MISSED_STATUSES: ReadonlySet<CallStatus> = new Set(['missed', 'rejected', 'failed']);

export const eventTimeMs = (event: Pick<CallEvent, 'timestamp'>): number => Date.parse(event.timestamp);

/** Total order on events that does not depend on arrival: time, then event id. */
const compareEvents = (a: CallEvent, b: CallEvent): number =>
  eventTimeMs(a) - eventTimeMs(b) || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);

const latest = <T>(
  sorted: readonly CallEvent[],
  pick: (event: CallEvent) => T | null | undefined,
): T | null => {
  for (let i = sorted.length - 1; i >= 0; i--) {
    const value = pick(sorted[i]!);
    if (value !== null && value !== undefined && value !== '') return value;
  }
  return null;
};

const recordingUrlOf = (event: CallEvent): string | null => {
  const value = event.metadata?.recordingUrl;
  return typeof value === 'string' && value !== '' ? value : null;
};

/** Passthru's outcome knows the talk time only with the ring in it (telephony/inbound.ts). */
const exact = (event: CallEvent): boolean => event.metadata?.talkTimeIncludesRing !== true;

/**
 * Derives a call from the set of its events, whatever order they arrived in:
 * start = earliest event, answer = earliest `connected`, end = latest terminal event,
 * status by precedence, talk time = the `callEnded` duration if given, else end - answer.
 * Where the browser and Exotel's Passthru both report an inbound call, the answer time and
 * talk time come from events that are exact (not marked `talkTimeIncludesRing`) when any are.
 * A `wrapUp` event brings the disposition and notes and moves nothing else; only when it is
 * all the server has of a call's end (the terminal event is still on its way) does it mark the
 * call ended, at the wrap-up's time: a wrap-up is only ever saved after a call.
 */
export const deriveCall = (events: readonly CallEvent[]): DerivedCall => {
  if (events.length === 0) throw new Error('deriveCall needs at least one event');
  const everything = [...events].sort(compareEvents);
  const calling = everything.filter((event) => event.event !== 'wrapUp');
  const sorted = calling.length > 0 ? calling : everything;
  const first = sorted[0]!;
  const last = everything[everything.length - 1]!;
  const has = (name: CallEventName) => sorted.some((event) => event.event === name);

  const connected =
    sorted.find((event) => event.event === 'connected' && exact(event)) ??
    sorted.find((event) => event.event === 'connected');
  const answerMs = connected ? eventTimeMs(connected) : null;
  const terminal = sorted.filter((event) => TERMINAL_EVENTS.has(event.event));
  const wrapUp = everything.find((event) => event.event === 'wrapUp');
  const endMs =
    terminal.length > 0 ? eventTimeMs(terminal[terminal.length - 1]!) : wrapUp ? eventTimeMs(wrapUp) : null;
  const ended = endMs !== null;

  let status: CallStatus;
  if (ended) {
    if (answerMs !== null) status = 'completed';
    else if (has('rejected')) status = 'rejected';
    else if (has('failed')) status = 'failed';
    else status = 'missed';
  } else if (answerMs !== null) {
    const holdState = latest(sorted, (event) =>
      event.event === 'hold' || event.event === 'unhold' ? event.event : null,
    );
    status = holdState === 'hold' ? 'on-hold' : 'connected';
  } else if (has('ringing')) status = 'ringing';
  else if (has('incoming')) status = 'incoming';
  else if (has('dialing')) status = 'dialing';
  else status = first.direction === 'inbound' ? 'incoming' : 'dialing';

  // Without its terminal event, the talk time the ribbon put on the wrap-up stands in.
  const reported =
    latest(sorted, (event) => (event.event === 'callEnded' && exact(event) ? event.duration : null)) ??
    latest(sorted, (event) => (event.event === 'callEnded' ? event.duration : null)) ??
    (terminal.length === 0 ? (wrapUp?.duration ?? null) : null);
  let duration = 0;
  if (reported !== null) duration = reported;
  else if (answerMs !== null && endMs !== null) duration = Math.max(0, Math.round((endMs - answerMs) / 1000));

  return {
    callId: first.callId,
    direction: first.direction,
    status,
    ended,
    phoneNumber: first.phoneNumber,
    customerId: latest(sorted, (event) => event.customerData?.customerId),
    customerName: latest(sorted, (event) => event.customerData?.name),
    agentId: latest(sorted, (event) => event.agentId),
    startMs: eventTimeMs(first),
    answerMs,
    endMs,
    lastEventMs: eventTimeMs(last),
    duration: ANSWERED_STATUSES.has(status) ? duration : 0,
    disposition: latest(everything, (event) => event.disposition),
    notes: latest(everything, (event) => event.notes),
    recordingUrl: latest(sorted, recordingUrlOf),
  };
};
