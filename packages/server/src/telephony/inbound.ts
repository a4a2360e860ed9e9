/**
 * Inbound calls through Exotel's call flow: the Passthru applet's requests (before the
 * Connect applet: a new call; after it: the outcome) and the Connect applet's "Dial whom"
 * request (whom to ring). Every request becomes call events with ids made of the CallSid and
 * the event's kind, so repeated, late or out-of-order requests store each event once.
 */
import type { CallEvent, EventCustomerData } from '@call-ribbon/contract';
import type { LiveHub } from '../live/hub.ts';
import { publishCallEvents } from '../live/publish.ts';
import { normalizePhone } from '../phone.ts';
import type { CrmRecord, IngestBatch, IngestResult, Stores, TelephonySettings } from '../stores/index.ts';
import { CallbackFormatError, exotelTimeToIso, safeRecordingUrl } from './exotel-callback.ts';
import { listAgents } from './presence.ts';

/** Exotel sends wall-clock times of the account's zone: Indian accounts, IST. */
const EXOTEL_TIME_ZONE = 'Asia/Kolkata';

/** What the Passthru and Dial-whom requests carry (only some fields, depending on the flow). */
export interface ExotelFlowRequest {
  callSid: string;
  /** The caller. */
  callFrom: string | null;
  /** The ExoPhone the call landed on. */
  callTo: string | null;
  /** ISO-8601 UTC, from Exotel's IST `StartTime` (or `Created`). */
  startedAt: string | null;
  /** ISO-8601 UTC, from Exotel's IST `CurrentTime`, when sent. */
  currentAt: string | null;
  /** Seconds from dialling the agent to the end of the call, ring included. */
  dialCallDuration: number | null;
  /** `call-attempt`, `completed`, `client-hangup`, `incomplete`, `voicemail`. */
  callType: string | null;
  /** The agent's number Exotel dialled last. */
  dialWhomNumber: string | null;
  recordingUrl: string | null;
  /** Keys pressed in a Gather applet, without the quotes Exotel puts around them. */
  digits: string | null;
  customField: string | null;
}

/**
 * Reads Exotel's query parameters. Names are matched without regard to case (Exotel's own
 * pages spell `CallFrom` and `Callfrom`); `From`/`To` are the older names. No CallSid: 400.
 */
export const parseFlowRequest = (query: Record<string, string>): ExotelFlowRequest => {
  const fields = new Map<string, string>();
  for (const [name, value] of Object.entries(query)) fields.set(name.toLowerCase(), value.trim());
  const field = (...names: string[]): string | null => {
    for (const name of names) {
      const value = fields.get(name.toLowerCase());
      if (value !== undefined && value !== '' && value !== 'null') return value;
    }
    return null;
  };
  const callSid = field('CallSid');
  if (!callSid) throw new CallbackFormatError('The request has no CallSid');
  if (callSid.length > 100) throw new CallbackFormatError('CallSid is longer than 100 characters');
  const duration = field('DialCallDuration');
  const seconds = duration === null ? null : Number(duration);
  return {
    callSid,
    callFrom: field('CallFrom', 'From'),
    callTo: field('CallTo', 'To'),
    startedAt:
      exotelTimeToIso(field('StartTime'), EXOTEL_TIME_ZONE) ??
      exotelTimeToIso(field('Created'), EXOTEL_TIME_ZONE),
    currentAt: exotelTimeToIso(field('CurrentTime'), EXOTEL_TIME_ZONE),
    dialCallDuration:
      seconds !== null && Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds) : null,
    callType: field('CallType')?.toLowerCase() ?? null,
    dialWhomNumber: field('DialWhomNumber'),
    recordingUrl: safeRecordingUrl(field('RecordingUrl')),
    digits: field('digits')?.replace(/^"+|"+$/g, '') || null,
    customField: field('CustomField'),
  };
};

export interface InboundContext {
  stores: Pick<Stores, 'tenants' | 'customers' | 'crm' | 'presence' | 'calls'>;
  ingest: (batch: IngestBatch) => Promise<IngestResult>;
  live: LiveHub;
  clock: () => Date;
  staleCallMs: number;
}

/** Our call id of an Exotel inbound call: the same for every request about it. */
export const inboundCallId = (callSid: string): string => `exotel-in-${callSid}`;

const OUTCOME_MISSED = new Set(['incomplete', 'client-hangup']);

/** The caller's number in E.164 when it is one, else as Exotel sent it. */
const callerNumber = (request: ExotelFlowRequest, country: string): string =>
  request.callFrom ? (normalizePhone(request.callFrom, country) ?? request.callFrom).slice(0, 50) : 'unknown';

/** Which agent a dialled number is: their phone (compared in E.164) or their SIP user. */
export const agentOfNumber = (
  settings: TelephonySettings,
  dialled: string | null,
  country: string,
): string | null => {
  if (!dialled) return null;
  const wanted = normalizePhone(dialled, country);
  for (const [agentId, line] of Object.entries(settings.agents)) {
    if (line.sipUser !== undefined && (line.sipUser === dialled || dialled.includes(`${line.sipUser}@`))) {
      return agentId;
    }
    if (line.phone !== undefined && wanted !== null && normalizePhone(line.phone, country) === wanted)
      return agentId;
  }
  return null;
};

interface CallBasics {
  tenantId: string;
  callSid: string;
  country: string;
  callId: string;
  phoneNumber: string;
  customerData: EventCustomerData | undefined;
  customerId: string | undefined;
  metadata: Record<string, unknown>;
  startedAt: string;
}

/** What every event of the call shares: the caller, the customer found by their number. */
const basicsOf = async (
  context: InboundContext,
  tenantId: string,
  request: ExotelFlowRequest,
  now: Date,
): Promise<CallBasics> => {
  const tenant = await context.stores.tenants.get(tenantId);
  const country = tenant?.widget.defaultCountryCode ?? '+91';
  const phoneNumber = callerNumber(request, country);
  const [customer] = request.callFrom
    ? await context.stores.customers.findByPhone(tenantId, request.callFrom, country)
    : [];
  const customerData: EventCustomerData | undefined = customer
    ? {
        customerId: customer.customerId,
        ...(customer.name ? { name: customer.name } : {}),
        ...(customer.email ? { email: customer.email } : {}),
        ...(customer.phone ? { phone: customer.phone } : {}),
        ...(customer.company ? { company: customer.company } : {}),
      }
    : undefined;
  return {
    tenantId,
    callSid: request.callSid,
    country,
    callId: inboundCallId(request.callSid),
    phoneNumber,
    customerData,
    customerId: customer?.customerId,
    metadata: {
      provider: 'exotel',
      providerCallSid: request.callSid,
      // Echoed text is kept short: a query string is no place for a payload.
      ...(request.callTo ? { exophone: request.callTo.slice(0, 50) } : {}),
      ...(request.digits ? { digits: request.digits.slice(0, 50) } : {}),
      ...(request.customField ? { customField: request.customField.slice(0, 200) } : {}),
    },
    startedAt: request.startedAt ?? now.toISOString(),
  };
};

const incomingEvent = (call: CallBasics): CallEvent => ({
  eventId: `exotel:${call.callSid}:incoming`,
  event: 'incoming',
  callId: call.callId,
  timestamp: call.startedAt,
  direction: 'inbound',
  phoneNumber: call.phoneNumber,
  customerData: call.customerData,
  metadata: call.metadata,
});

const store = async (context: InboundContext, tenantId: string, events: CallEvent[], now: Date) => {
  const result = await context.ingest({ tenantId, events, receivedAt: now });
  if (result.accepted > 0) await publishCallEvents(context.live, context.stores.calls, tenantId, events);
  return result;
};

/**
 * One Passthru request. Before the Connect applet (`call-attempt`, or no CallType): the call's
 * `incoming`. After it: `incoming` again (a no-op unless the first request was lost) and the
 * outcome: `connected` + `callEnded` for a conversation, `missed` for no agent or a caller
 * who hung up, `missed` with the recording for voicemail.
 */
export const applyPassthru = async (
  context: InboundContext,
  tenantId: string,
  settings: TelephonySettings,
  request: ExotelFlowRequest,
): Promise<{ callId: string; accepted: number; duplicates: number }> => {
  const now = context.clock();
  const call = await basicsOf(context, tenantId, request, now);
  const events: CallEvent[] = [incomingEvent(call)];
  const type = request.callType;
  const agentId = agentOfNumber(settings, request.dialWhomNumber, call.country);
  const base = {
    callId: call.callId,
    direction: 'inbound' as const,
    phoneNumber: call.phoneNumber,
    customerData: call.customerData,
    agentId,
  };
  // Passthru's EndTime is a constant: the call ended by this request (Exotel's CurrentTime when sent).
  const startMs = Date.parse(call.startedAt);
  const endMs = Math.max(startMs, Date.parse(request.currentAt ?? now.toISOString()));
  if (type === 'completed') {
    // DialCallDuration counts from dialling the agent, ring included: the talk time reported
    // is that figure (an upper bound), as Passthru tells nothing of when the agent answered.
    const duration = Math.min(request.dialCallDuration ?? 0, Math.round((endMs - startMs) / 1000));
    const metadata = {
      ...call.metadata,
      talkTimeIncludesRing: true,
      ...(request.recordingUrl ? { recordingUrl: request.recordingUrl } : {}),
    };
    events.push(
      {
        ...base,
        eventId: `exotel:${request.callSid}:connected`,
        event: 'connected',
        timestamp: new Date(endMs - duration * 1000).toISOString(),
        metadata,
      },
      {
        ...base,
        eventId: `exotel:${request.callSid}:callEnded`,
        event: 'callEnded',
        timestamp: new Date(endMs).toISOString(),
        duration,
        metadata,
      },
    );
  } else if (type !== null && (OUTCOME_MISSED.has(type) || type === 'voicemail')) {
    events.push({
      ...base,
      eventId: `exotel:${request.callSid}:missed`,
      event: 'missed',
      timestamp: new Date(endMs).toISOString(),
      reason: type,
      metadata: {
        ...call.metadata,
        ...(request.recordingUrl ? { recordingUrl: request.recordingUrl } : {}),
      },
    });
  }
  const result = await store(context, tenantId, events, now);
  return { callId: call.callId, accepted: result.accepted, duplicates: result.duplicates };
};

/** The CRM rep who owns the customer: a lead's owner, an account's CSM, a deal's rep. */
const ownerAgentOf = async (
  context: InboundContext,
  tenantId: string,
  customerId: string | undefined,
): Promise<string | null> => {
  if (!customerId) return null;
  const owners: [Parameters<InboundContext['stores']['crm']['get']>[1], string][] = [
    ['leads', 'ownerId'],
    ['accounts', 'csmId'],
    ['deals', 'repId'],
  ];
  for (const [entity, field] of owners) {
    const record: CrmRecord | undefined = await context.stores.crm.get(tenantId, entity, customerId);
    const repId = record?.[field];
    if (typeof repId !== 'string' || repId === '') continue;
    const rep = await context.stores.crm.get(tenantId, 'reps', repId);
    if (typeof rep?.agentId === 'string' && rep.agentId !== '') return rep.agentId;
  }
  return null;
};

/** How Exotel rings an agent: their SIP user for browser calling, else their phone. */
const numberOf = (settings: TelephonySettings, agentId: string): string | undefined => {
  const line = settings.agents[agentId];
  if (!line) return undefined;
  return settings.provider === 'exotel-webrtc' ? (line.sipUser ?? line.phone) : (line.phone ?? line.sipUser);
};

/** Exotel's Programmable Connect answer (Connect applet, dynamic URL, `Exotel-Version: 1.0`). */
export interface ProgrammableConnectAnswer {
  fetch_after_attempt: boolean;
  destination: { numbers: string[] };
  outgoing_phone_number: string;
  record: boolean;
  recording_channels: 'dual';
  max_ringing_duration: number;
  max_conversation_duration: number;
  parallel_ringing: { activate: boolean; max_parallel_attempts: number };
}

/** Exotel's `max_ringing_duration`: how long a dialled agent rings before Exotel gives up on them. */
export const RING_SECONDS = 30;

/**
 * One Dial-whom request: the customer's owner first when available, then the other
 * available agents, longest available first; never away, busy, offline or on-call agents.
 * Logs the call's `incoming` (once) and a `ringing` event naming the agents rung.
 */
export const answerDialWhom = async (
  context: InboundContext,
  tenantId: string,
  settings: TelephonySettings,
  request: ExotelFlowRequest,
): Promise<{ callId: string; agentIds: string[]; answer: ProgrammableConnectAnswer }> => {
  const now = context.clock();
  const call = await basicsOf(context, tenantId, request, now);
  const [owner, agents] = await Promise.all([
    ownerAgentOf(context, tenantId, call.customerId),
    listAgents(context, tenantId),
  ]);
  const available = agents
    .filter((agent) => agent.status === 'available' && numberOf(settings, agent.agentId) !== undefined)
    .sort((a, b) => a.statusSince.localeCompare(b.statusSince) || a.agentId.localeCompare(b.agentId));
  const ordered = [
    ...available.filter((agent) => agent.agentId === owner),
    ...available.filter((agent) => agent.agentId !== owner),
  ].map((agent) => agent.agentId);
  const numbers = ordered.map((agentId) => numberOf(settings, agentId)!);

  const events: CallEvent[] = [incomingEvent(call)];
  if (ordered.length > 0) {
    events.push({
      eventId: `exotel:${request.callSid}:ringing`,
      event: 'ringing',
      callId: call.callId,
      timestamp: new Date(Math.max(Date.parse(call.startedAt), now.getTime())).toISOString(),
      direction: 'inbound',
      phoneNumber: call.phoneNumber,
      customerData: call.customerData,
      metadata: { ...call.metadata, ringingAgents: ordered, ...(owner ? { ownerAgentId: owner } : {}) },
    });
  }
  await store(context, tenantId, events, now);
  return {
    callId: call.callId,
    agentIds: ordered,
    answer: {
      fetch_after_attempt: false,
      destination: { numbers },
      outgoing_phone_number: settings.callerId,
      record: settings.record,
      recording_channels: 'dual',
      max_ringing_duration: RING_SECONDS,
      max_conversation_duration: 14_400,
      parallel_ringing: { activate: false, max_parallel_attempts: 1 },
    },
  };
};
