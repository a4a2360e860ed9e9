/**
 * Exotel's voice v1 REST API, as far as click-to-call needs it: `Calls/connect` (ring the
 * agent, then bridge the customer) and call details (the fallback for lost callbacks).
 * Form-encoded requests, basic auth with the API key and token, `.json` replies.
 */

/** The hosts of Exotel's two regions: Singapore and Mumbai. */
export const EXOTEL_HOSTS = ['api.exotel.com', 'api.in.exotel.com'] as const;

export interface ExotelCredentials {
  accountSid: string;
  apiKey: string;
  apiToken: string;
  /** `api.exotel.com` (Singapore) or `api.in.exotel.com` (Mumbai). */
  host: string;
}

export type StatusCallbackEvent = 'terminal' | 'answered';

export interface ConnectCallParams {
  /** Rung first: the agent's phone number or SIP user. */
  from: string;
  /** The customer, dialled once `from` answers. */
  to: string;
  /** The tenant's ExoPhone, shown to the customer. */
  callerId: string;
  /** Echoed back on callbacks (at most 128 characters): our call id. */
  customField?: string;
  statusCallback?: string;
  statusCallbackEvents?: StatusCallbackEvent[];
  statusCallbackContentType?: 'multipart/form-data' | 'application/json';
  record?: boolean;
  /** Seconds, at most 14400. */
  timeLimit?: number;
  /** Ring time of each leg, in seconds. */
  timeOut?: number;
}

/** The `Call` object of Exotel's replies (fields Exotel fills late may be null). */
export interface ExotelCall {
  Sid: string;
  ParentCallSid: string | null;
  DateCreated: string;
  DateUpdated: string;
  AccountSid: string;
  To: string;
  From: string;
  PhoneNumberSid: string;
  Status: 'queued' | 'in-progress' | 'completed' | 'failed' | 'busy' | 'no-answer' | string;
  StartTime: string | null;
  EndTime: string | null;
  Duration: number | string | null;
  Price: number | string | null;
  Direction: string;
  AnsweredBy: string | null;
  ForwardedFrom: string | null;
  CallerName: string | null;
  Uri: string;
  RecordingUrl: string | null;
  Details?: {
    ConversationDuration?: number | string | null;
    Leg1Status?: string | null;
    Leg2Status?: string | null;
    Legs?: { Leg: { Id: number | string; OnCallDuration: number | string | null } }[];
  };
}

export type ExotelErrorKind =
  | 'rejected'
  | 'unauthorized'
  | 'rate-limited'
  | 'timeout'
  | 'network'
  | 'unexpected';

/** A failed Exotel request, with Exotel's own message when it sent one. */
export class ExotelError extends Error {
  override readonly name = 'ExotelError';
  readonly kind: ExotelErrorKind;
  /** Exotel's HTTP status; 0 when no response arrived. */
  readonly status: number;

  constructor(kind: ExotelErrorKind, status: number, message: string) {
    super(message);
    this.kind = kind;
    this.status = status;
  }
}

export interface ExotelApiOptions {
  credentials: ExotelCredentials;
  fetch?: typeof fetch;
  /** Per request; Exotel usually answers in well under a second. */
  timeoutMs?: number;
  /** Replaces `https://<host>` (the fake Exotel of tests and local demo mode). */
  baseUrl?: string;
}

export interface ExotelApi {
  connect(params: ConnectCallParams): Promise<ExotelCall>;
  callDetails(callSid: string): Promise<ExotelCall>;
}

/** Builds the form body of `Calls/connect`, with Exotel's parameter names. */
export const connectForm = (params: ConnectCallParams): URLSearchParams => {
  const form = new URLSearchParams({ From: params.from, To: params.to, CallerId: params.callerId });
  form.set('CallType', 'trans');
  if (params.customField !== undefined) {
    if (params.customField.length > 128) throw new RangeError('CustomField is limited to 128 characters');
    form.set('CustomField', params.customField);
  }
  if (params.statusCallback) form.set('StatusCallback', params.statusCallback);
  params.statusCallbackEvents?.forEach((event, index) => {
    form.set(`StatusCallbackEvents[${index}]`, event);
  });
  if (params.statusCallbackContentType)
    form.set('StatusCallbackContentType', params.statusCallbackContentType);
  if (params.record) form.set('Record', 'true');
  if (params.timeLimit !== undefined) form.set('TimeLimit', String(Math.min(params.timeLimit, 14_400)));
  if (params.timeOut !== undefined) form.set('TimeOut', String(params.timeOut));
  return form;
};

const restExceptionMessage = (body: unknown): string | undefined => {
  const exception = (body as { RestException?: { Message?: unknown; Status?: unknown } } | null)
    ?.RestException;
  return typeof exception?.Message === 'string' ? exception.Message : undefined;
};

export const createExotelApi = (options: ExotelApiOptions): ExotelApi => {
  const { credentials } = options;
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const base = `${options.baseUrl ?? `https://${credentials.host}`}/v1/Accounts/${encodeURIComponent(credentials.accountSid)}`;
  const authorization = `Basic ${Buffer.from(`${credentials.apiKey}:${credentials.apiToken}`).toString('base64')}`;

  const request = async (
    method: 'GET' | 'POST',
    path: string,
    body?: URLSearchParams,
  ): Promise<ExotelCall> => {
    const url = `${base}${path}`;
    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers: {
          authorization,
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: body?.toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new ExotelError('timeout', 0, `Exotel did not answer ${method} ${path} within ${timeoutMs} ms`);
      }
      throw new ExotelError('network', 0, `Could not reach Exotel for ${method} ${path}: ${String(error)}`);
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!response.ok) {
      const detail = restExceptionMessage(json) ?? (text.slice(0, 200) || response.statusText);
      if (response.status === 429) {
        throw new ExotelError(
          'rate-limited',
          429,
          `Exotel rate limit reached (200 requests a minute): ${detail}`,
        );
      }
      if (response.status === 401 || response.status === 403) {
        throw new ExotelError('unauthorized', response.status, `Exotel refused the credentials: ${detail}`);
      }
      const kind = response.status >= 500 ? 'unexpected' : 'rejected';
      throw new ExotelError(kind, response.status, `Exotel answered ${response.status}: ${detail}`);
    }
    const call = (json as { Call?: ExotelCall } | null)?.Call;
    if (!call || typeof call.Sid !== 'string') {
      throw new ExotelError('unexpected', response.status, `Exotel's reply to ${method} ${path} had no Call`);
    }
    return call;
  };

  return {
    connect: (params) => request('POST', '/Calls/connect.json', connectForm(params)),
    callDetails: (callSid) => request('GET', `/Calls/${encodeURIComponent(callSid)}.json?details=true`),
  };
};
