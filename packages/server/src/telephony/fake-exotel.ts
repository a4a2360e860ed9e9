/**
 * A faithful stand-in for Exotel's voice v1 API, built from its documented requests,
 * replies and callbacks: `Calls/connect.json`, call details, RestException errors, the
 * 429 rate limit, and status callbacks in multipart or JSON form. Tests and the local demo
 * drive the call's progress by hand (agent answers, customer answers, hang-up) and choose
 * which callbacks arrive, twice, late, or never.
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import type { ExotelCall } from './exotel-api.ts';

export interface FakeExotelAccount {
  accountSid: string;
  apiKey: string;
  apiToken: string;
}

interface FakeCall {
  call: ExotelCall;
  statusCallback: string | null;
  events: Set<string>;
  contentType: 'multipart/form-data' | 'application/json';
  customField: string | null;
  legs: { status: string | null; onCallDuration: number }[];
  conversationDuration: number;
}

export interface FakeExotelOptions {
  account: FakeExotelAccount;
  /** Requests allowed per minute before 429 (Exotel: 200 for voice APIs). */
  rateLimitPerMinute?: number;
  clock?: () => Date;
  /** How callbacks reach the status callback URL (tests pass the app's request function). */
  deliver?: (url: string, init: RequestInit) => Promise<Response>;
}

/** Exotel's wall-clock format, in IST. */
const exotelTime = (date: Date): string =>
  new Date(date.getTime() + 330 * 60_000).toISOString().slice(0, 19).replace('T', ' ');

const restException = (status: number, message: string) => ({
  RestException: { Status: status, Message: message },
});

export class FakeExotel {
  readonly app = new Hono();
  /** Every request Exotel received, for assertions on what our server sent. */
  readonly requests: {
    method: string;
    path: string;
    form: Record<string, string>;
    authorization: string | null;
  }[] = [];
  private readonly calls = new Map<string, FakeCall>();
  private readonly options: FakeExotelOptions;
  private readonly clock: () => Date;
  private windowStart = 0;
  private windowCount = 0;

  constructor(options: FakeExotelOptions) {
    this.options = options;
    this.clock = options.clock ?? (() => new Date());
    const base = '/v1/Accounts/:sid';

    this.app.use(`${base}/*`, async (c, next) => {
      const form =
        c.req.method === 'POST'
          ? Object.fromEntries(new URLSearchParams(await c.req.raw.clone().text()).entries())
          : {};
      this.requests.push({
        method: c.req.method,
        path: new URL(c.req.url).pathname,
        form,
        authorization: c.req.header('authorization') ?? null,
      });
      if (!this.authorized(c.req.param('sid'), c.req.header('authorization'))) {
        return c.json(restException(401, 'Authentication is required to view this resource.'), 401);
      }
      if (this.overRateLimit()) return c.json(restException(429, 'Too Many Requests'), 429);
      await next();
    });

    this.app.post(`${base}/Calls/connect.json`, async (c) => {
      const form = new URLSearchParams(await c.req.text());
      for (const required of ['From', 'To', 'CallerId']) {
        if (!form.get(required)) return c.json(restException(400, `Missing parameter ${required}`), 400);
      }
      const now = this.clock();
      const sid = randomBytes(16).toString('hex');
      const events = new Set<string>();
      for (const [key, value] of form) if (/^StatusCallbackEvents\[\d+\]$/.test(key)) events.add(value);
      const call: ExotelCall = {
        Sid: sid,
        ParentCallSid: null,
        DateCreated: exotelTime(now),
        DateUpdated: exotelTime(now),
        AccountSid: options.account.accountSid,
        To: form.get('To')!,
        From: form.get('From')!,
        PhoneNumberSid: form.get('CallerId')!,
        Status: 'in-progress',
        StartTime: exotelTime(now),
        EndTime: null,
        Duration: null,
        Price: null,
        Direction: 'outbound-api',
        AnsweredBy: null,
        ForwardedFrom: null,
        CallerName: null,
        Uri: `/v1/Accounts/${options.account.accountSid}/Calls/${sid}.json`,
        RecordingUrl: null,
      };
      this.calls.set(sid, {
        call,
        statusCallback: form.get('StatusCallback'),
        events,
        contentType:
          form.get('StatusCallbackContentType') === 'application/json'
            ? 'application/json'
            : 'multipart/form-data',
        customField: form.get('CustomField'),
        legs: [
          { status: null, onCallDuration: 0 },
          { status: null, onCallDuration: 0 },
        ],
        conversationDuration: 0,
      });
      return c.json({ Call: call });
    });

    this.app.get(`${base}/Calls/:callSid{[^/]+\\.json}`, (c) => {
      const sid = c.req.param('callSid').replace(/\.json$/, '');
      const entry = this.calls.get(sid);
      if (!entry) return c.json(restException(404, `Call ${sid} not found`), 404);
      const details = c.req.query('details') === 'true';
      return c.json({
        Call: {
          ...entry.call,
          ...(details
            ? {
                Details: {
                  ConversationDuration: entry.conversationDuration,
                  Leg1Status: entry.legs[0]!.status,
                  Leg2Status: entry.legs[1]!.status,
                  Legs: entry.legs.map((leg, index) => ({
                    Leg: { Id: index + 1, OnCallDuration: leg.onCallDuration },
                  })),
                },
              }
            : {}),
        },
      });
    });

    this.app.notFound((c) => c.json(restException(404, 'The requested resource was not found'), 404));
  }

  /** The sid of every call placed, oldest first. */
  get callSids(): string[] {
    return [...this.calls.keys()];
  }

  /** The agent (leg 1) picks up; the customer starts ringing. */
  answerAgent(sid: string): void {
    const entry = this.entry(sid);
    entry.legs[0]!.status = 'in-progress';
    entry.call.DateUpdated = exotelTime(this.clock());
  }

  /** The customer (leg 2) picks up: the two are talking. */
  answerCustomer(sid: string): void {
    const entry = this.entry(sid);
    entry.legs[1]!.status = 'in-progress';
    entry.call.DateUpdated = exotelTime(this.clock());
  }

  /** The call ends: `completed` after talk, or busy / no-answer / failed. */
  end(
    sid: string,
    outcome: { status: 'completed' | 'busy' | 'no-answer' | 'failed'; talkSeconds?: number },
  ): void {
    const entry = this.entry(sid);
    const now = this.clock();
    const talk = outcome.status === 'completed' ? (outcome.talkSeconds ?? 0) : 0;
    entry.conversationDuration = talk;
    entry.legs[0]!.status = entry.legs[0]!.status ? 'completed' : outcome.status;
    entry.legs[0]!.onCallDuration = talk;
    entry.legs[1]!.status =
      talk > 0 ? 'completed' : entry.legs[0]!.status === 'completed' ? outcome.status : null;
    entry.legs[1]!.onCallDuration = talk;
    entry.call.Status = outcome.status;
    entry.call.EndTime = exotelTime(now);
    entry.call.DateUpdated = exotelTime(now);
    entry.call.Duration = talk;
    if (talk > 0)
      entry.call.RecordingUrl = `https://recordings.exotel.example/${entry.call.AccountSid}/${sid}.mp3`;
  }

  /**
   * The callback Exotel would send now for `kind`, in the encoding the call asked for.
   * Returns null when the call did not subscribe to that event (terminal always goes).
   */
  callback(
    sid: string,
    kind: 'answered' | 'terminal',
    options: { contentType?: 'multipart/form-data' | 'application/json' } = {},
  ): { url: string; init: RequestInit } | null {
    const entry = this.entry(sid);
    const contentType = options.contentType ?? entry.contentType;
    if (!entry.statusCallback) return null;
    if (kind === 'answered' && !entry.events.has('answered')) return null;
    const { call } = entry;
    const fields: Record<string, string | number | null> = {
      CallSid: call.Sid,
      DateUpdated: call.DateUpdated,
      Status: kind === 'answered' ? 'in-progress' : call.Status,
      RecordingUrl: call.RecordingUrl,
    };
    const withEvents = entry.events.size > 0;
    if (withEvents) {
      Object.assign(fields, {
        EventType: kind,
        DateCreated: call.DateCreated,
        To: call.To,
        From: call.From,
        PhoneNumberSid: call.PhoneNumberSid,
        StartTime: call.StartTime,
        EndTime: kind === 'terminal' ? call.EndTime : null,
        ConversationDuration: kind === 'terminal' ? entry.conversationDuration : 0,
        Direction: call.Direction,
        CustomField: entry.customField,
      });
    }
    const legs = entry.legs.map((leg) => ({
      OnCallDuration: leg.onCallDuration,
      Status: leg.status,
      AnsweredBy: 'NA',
    }));
    if (contentType === 'application/json') {
      const body = withEvents ? { ...fields, Legs: legs } : fields;
      return {
        url: entry.statusCallback,
        init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      };
    }
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.set(key, value === null ? '' : String(value));
    if (withEvents) {
      legs.forEach((leg, index) => {
        form.set(`Legs[${index}][OnCallDuration]`, String(leg.OnCallDuration));
        form.set(`Legs[${index}][Status]`, leg.Status ?? '');
        form.set(`Legs[${index}][AnsweredBy]`, leg.AnsweredBy);
      });
    }
    return { url: entry.statusCallback, init: { method: 'POST', body: form } };
  }

  /** Sends the callback for `kind` to the call's StatusCallback URL. */
  async sendCallback(
    sid: string,
    kind: 'answered' | 'terminal',
    options: { contentType?: 'multipart/form-data' | 'application/json' } = {},
  ): Promise<Response | null> {
    const request = this.callback(sid, kind, options);
    if (!request) return null;
    const deliver = this.options.deliver ?? fetch;
    return deliver(request.url, request.init);
  }

  private entry(sid: string): FakeCall {
    const entry = this.calls.get(sid);
    if (!entry) throw new Error(`The fake Exotel placed no call ${sid}`);
    return entry;
  }

  private authorized(sid: string, header: string | undefined): boolean {
    const { account } = this.options;
    if (sid !== account.accountSid || !header?.startsWith('Basic ')) return false;
    return Buffer.from(header.slice(6), 'base64').toString() === `${account.apiKey}:${account.apiToken}`;
  }

  private overRateLimit(): boolean {
    const limit = this.options.rateLimitPerMinute ?? 200;
    const now = this.clock().getTime();
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    this.windowCount++;
    return this.windowCount > limit;
  }
}
