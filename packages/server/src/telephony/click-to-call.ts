/**
 * Real calls through Exotel: placing them with `Calls/connect`, reading status callbacks
 * into call events on the same idempotent path as log-call, and completing calls whose
 * terminal callback never came from Exotel's call details.
 */
import { randomUUID } from 'node:crypto';
import type { CallEvent, StartCallRequest, StartCallResponse } from '@call-ribbon/contract';
import { HttpError } from '../http/errors.ts';
import type { LiveHub } from '../live/hub.ts';
import { publishCallEvents } from '../live/publish.ts';
import type { IngestBatch, IngestResult, Stores, TelephonySettings, Tenant } from '../stores/index.ts';
import { reserveMonthlyCall } from '../usage.ts';
import { type ExotelApi, type ExotelCredentials, ExotelError } from './exotel-api.ts';
import {
  callbackFromCallDetails,
  type ExotelStatusCallback,
  eventsFromCallback,
  isTerminalStatus,
} from './exotel-callback.ts';
import { openSecrets, SecretsUnreadableError } from './secrets.ts';

/** Exotel reports wall-clock times of the account's zone: Indian accounts, IST. */
const EXOTEL_TIME_ZONE = 'Asia/Kolkata';

export interface TelephonyContext {
  stores: Pick<Stores, 'calls' | 'customers' | 'telephony' | 'callStats'>;
  /** The group commit, the same path as log-call. */
  ingest: (batch: IngestBatch) => Promise<IngestResult>;
  live: LiveHub;
  clock: () => Date;
  exotelApi: (credentials: ExotelCredentials) => ExotelApi;
  /** The AES-256-GCM key of stored Exotel credentials (`SECRETS_KEY`); unset: none are stored or read. */
  secretsKey: Buffer | undefined;
  /**
   * Where Exotel posts status callbacks: `PUBLIC_URL`, or the loopback address of a server
   * listening for local trials; never the request's `Host`. Unset: click-to-call is refused.
   */
  publicUrl: string | undefined;
}

/** The tenant's Exotel credentials, opened with SECRETS_KEY; a clear 409 when they cannot be. */
export const credentialsOf = (
  context: Pick<TelephonyContext, 'secretsKey'>,
  tenantId: string,
  settings: TelephonySettings,
): ExotelCredentials => {
  if (!context.secretsKey) {
    throw new HttpError(
      409,
      "This server has no SECRETS_KEY, so it cannot read the tenant's Exotel credentials: set SECRETS_KEY (64 hex characters) and save the telephony settings again",
    );
  }
  if (settings.sealedCredentials === '') {
    throw new HttpError(
      409,
      "This tenant's Exotel key and token were saved before they were encrypted: save the telephony settings again",
    );
  }
  try {
    const secrets = openSecrets(context.secretsKey, tenantId, settings.sealedCredentials);
    return { accountSid: settings.accountSid, host: settings.host, ...secrets };
  } catch (error) {
    if (error instanceof SecretsUnreadableError) throw new HttpError(409, error.message);
    throw error;
  }
};

const errorFromExotel = (error: ExotelError): HttpError => {
  switch (error.kind) {
    case 'rate-limited':
      return new HttpError(
        429,
        'Exotel is rate limiting this account (200 calls a minute): try again in a minute',
      );
    case 'timeout':
      return new HttpError(504, `${error.message}; the call may still have been placed, check the call logs`);
    case 'unauthorized':
      return new HttpError(
        502,
        "Exotel refused this tenant's credentials: check the account SID, API key and token in the telephony settings",
      );
    case 'rejected':
      return new HttpError(400, `Exotel rejected the call: ${error.message}`);
    default:
      return new HttpError(502, error.message);
  }
};

const agentLine = (
  settings: TelephonySettings,
  agentId: string | undefined,
): { agentId: string; from: string } => {
  const ids = Object.keys(settings.agents);
  const id = agentId ?? (ids.length === 1 ? ids[0] : undefined);
  if (id === undefined)
    throw new HttpError(
      400,
      `Name the agent to ring first (agentId): one of ${ids.join(', ') || 'none set up'}`,
    );
  const line = settings.agents[id];
  if (!line)
    throw new HttpError(400, `Agent ${id} has no phone number or SIP user in the telephony settings`);
  const from =
    settings.provider === 'exotel-webrtc' ? (line.sipUser ?? line.phone) : (line.phone ?? line.sipUser);
  return { agentId: id, from: from! };
};

/**
 * Places an outbound call: Exotel rings the agent, then the customer. Our call record starts
 * with a `dialing` event; progress arrives on the status callback.
 */
export const placeCall = async (
  context: TelephonyContext,
  tenant: Tenant,
  request: StartCallRequest,
): Promise<StartCallResponse> => {
  const settings = await context.stores.telephony.get(tenant.id);
  if (!settings) {
    throw new HttpError(
      409,
      'This tenant has no Exotel settings: set them with the admin API, or use the simulator provider',
    );
  }
  if (!context.publicUrl) {
    throw new HttpError(
      409,
      'Click-to-call needs PUBLIC_URL, the address Exotel posts call progress to (e.g. https://calls.example.com): set it and restart the server',
    );
  }
  const credentials = credentialsOf(context, tenant.id, settings);
  const { agentId, from } = agentLine(settings, request.agentId);
  const release = await reserveMonthlyCall(context.stores, tenant, context.clock());
  if (!release) throw new HttpError(429, `The monthly limit of ${tenant.monthlyCallLimit} calls is reached`);
  const callId = `call_${randomUUID()}`;
  let placed: Awaited<ReturnType<ExotelApi['connect']>>;
  try {
    placed = await context.exotelApi(credentials).connect({
      from,
      to: request.to,
      callerId: settings.callerId,
      customField: callId,
      statusCallback: `${context.publicUrl}/api/webhooks/exotel/${settings.callbackSecret}`,
      statusCallbackEvents: ['terminal', 'answered'],
      statusCallbackContentType: 'application/json',
      record: settings.record,
    });
  } catch (error) {
    // A timeout may still have placed the call: its slot stays taken.
    if (!(error instanceof ExotelError && error.kind === 'timeout')) await release();
    if (error instanceof ExotelError) throw errorFromExotel(error);
    throw error;
  }

  const now = context.clock();
  const customer = request.customerId
    ? await context.stores.customers.get(tenant.id, request.customerId)
    : undefined;
  const dialing: CallEvent = {
    eventId: `exotel:${placed.Sid}:dialing`,
    event: 'dialing',
    callId,
    timestamp: now.toISOString(),
    direction: 'outbound',
    phoneNumber: request.to,
    agentId,
    customerData: request.customerId
      ? { customerId: request.customerId, ...(customer?.name ? { name: customer.name } : {}) }
      : undefined,
    metadata: { provider: 'exotel', providerCallSid: placed.Sid },
  };
  await context.stores.telephony.recordPlacedCall(tenant.id, placed.Sid, callId, now);
  const stored = await context.ingest({ tenantId: tenant.id, events: [dialing], receivedAt: now });
  if (stored.accepted > 0) await publishCallEvents(context.live, context.stores.calls, tenant.id, [dialing]);
  return { callId, providerCallSid: placed.Sid, status: 'dialing' };
};

/**
 * Turns one Exotel callback into call events of the call it belongs to. A callback for a
 * call we did not place is acknowledged and ignored.
 */
export const applyCallback = async (
  context: TelephonyContext,
  tenantId: string,
  callback: ExotelStatusCallback,
): Promise<{ accepted: number; duplicates: number; ignored?: string }> => {
  const { calls, telephony } = context.stores;
  const callId =
    (await telephony.callIdFor(tenantId, callback.callSid)) ??
    (callback.customField && (await calls.get(tenantId, callback.customField))
      ? callback.customField
      : undefined);
  const call = callId === undefined ? undefined : await calls.get(tenantId, callId);
  if (!call)
    return {
      accepted: 0,
      duplicates: 0,
      ignored: `No call placed by this server has CallSid ${callback.callSid}`,
    };

  const now = context.clock();
  const events: CallEvent[] = eventsFromCallback(callback, {
    timeZone: EXOTEL_TIME_ZONE,
    receivedAt: now,
  }).map(({ recordingUrl, ...event }) => ({
    ...event,
    callId: call.callId,
    direction: call.direction,
    phoneNumber: call.phoneNumber,
    agentId: call.agentId,
    customerData: call.customerId
      ? { customerId: call.customerId, ...(call.customerName ? { name: call.customerName } : {}) }
      : undefined,
    metadata: {
      provider: 'exotel',
      providerCallSid: callback.callSid,
      ...(recordingUrl ? { recordingUrl } : {}),
    },
  }));
  const result = await context.ingest({ tenantId, events, receivedAt: now });
  if (callback.eventType === 'terminal' && isTerminalStatus(callback.status)) {
    await telephony.markTerminal(tenantId, callback.callSid, now);
  }
  if (result.accepted > 0) await publishCallEvents(context.live, calls, tenantId, events);
  return result;
};

/**
 * Completes calls whose terminal callback is overdue from Exotel's call details. Each
 * overdue call is claimed in one atomic statement before Exotel is asked, so instances
 * sweeping at the same moment check each call once.
 */
export const reconcileOverdueCalls = async (
  context: TelephonyContext,
  options: { overdueAfterMs: number; limit?: number },
): Promise<{ checked: number; completed: number; failed: number }> => {
  const now = context.clock();
  const cutoff = new Date(now.getTime() - options.overdueAfterMs);
  let checked = 0;
  let completed = 0;
  let failed = 0;
  for (const open of await context.stores.telephony.claimOverdue(cutoff, cutoff, now, options.limit)) {
    const settings = await context.stores.telephony.get(open.tenantId);
    if (!settings) continue;
    checked++;
    try {
      const details = await context
        .exotelApi(credentialsOf(context, open.tenantId, settings))
        .callDetails(open.providerCallSid);
      if (isTerminalStatus(details.Status?.toLowerCase() ?? null)) {
        await applyCallback(context, open.tenantId, {
          ...callbackFromCallDetails(details),
          customField: open.callId,
        });
        completed++;
      }
    } catch (error) {
      failed++;
      console.warn(`Reconciliation of Exotel call ${open.providerCallSid} failed: ${String(error)}`);
    }
  }
  return { checked, completed, failed };
};
