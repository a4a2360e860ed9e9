import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createExotelApi, ExotelError } from './exotel-api.ts';
import {
  CallbackFormatError,
  callbackFromCallDetails,
  eventsFromCallback,
  exotelTimeToIso,
  parseStatusCallback,
} from './exotel-callback.ts';
import { FakeExotel } from './fake-exotel.ts';

const account = { accountSid: 'acme1', apiKey: 'key-123', apiToken: 'token-456' };
const started = new Date('2025-10-12T09:00:00Z');

const setup = (options: { rateLimitPerMinute?: number; apiToken?: string } = {}) => {
  let now = started;
  const fake = new FakeExotel({ account, clock: () => now, rateLimitPerMinute: options.rateLimitPerMinute });
  const api = createExotelApi({
    credentials: { ...account, apiToken: options.apiToken ?? account.apiToken, host: 'api.in.exotel.com' },
    fetch: async (input, init) => fake.app.request(input instanceof Request ? input : String(input), init),
  });
  return { fake, api, advance: (seconds: number) => (now = new Date(now.getTime() + seconds * 1000)) };
};

const connectParams = {
  from: '+919812345678',
  to: '+919876543210',
  callerId: '08047112233',
  customField: 'call-1',
  statusCallback: 'https://crm.example/api/webhooks/exotel/secret',
  statusCallbackEvents: ['terminal', 'answered'] as ('terminal' | 'answered')[],
};

/** Reads a callback the way the webhook will: multipart through FormData, JSON as JSON. */
const receive = async (request: { url: string; init: RequestInit } | null) => {
  assert.ok(request, 'expected a callback');
  const incoming = new Request(request.url, request.init);
  const type = incoming.headers.get('content-type') ?? '';
  const fields = type.includes('application/json')
    ? ((await incoming.json()) as Record<string, unknown>)
    : Object.fromEntries((await incoming.formData()).entries());
  return parseStatusCallback(fields);
};

const zone = { timeZone: 'Asia/Kolkata', receivedAt: new Date('2025-10-12T10:00:00Z') };

describe('Calls/connect', () => {
  it('sends a form-encoded request with basic auth and the callback subscription', async () => {
    const { fake, api } = setup();
    const call = await api.connect(connectParams);
    assert.match(call.Sid, /^[0-9a-f]{32}$/);
    assert.equal(call.Direction, 'outbound-api');
    const [request] = fake.requests;
    assert.equal(request?.path, '/v1/Accounts/acme1/Calls/connect.json');
    assert.equal(request?.authorization, `Basic ${Buffer.from('key-123:token-456').toString('base64')}`);
    assert.deepEqual(request?.form, {
      From: '+919812345678',
      To: '+919876543210',
      CallerId: '08047112233',
      CallType: 'trans',
      CustomField: 'call-1',
      StatusCallback: 'https://crm.example/api/webhooks/exotel/secret',
      'StatusCallbackEvents[0]': 'terminal',
      'StatusCallbackEvents[1]': 'answered',
    });
  });

  it("turns Exotel's RestException into an error carrying its message", async () => {
    const { api } = setup();
    await assert.rejects(
      api.connect({ ...connectParams, callerId: '' }),
      (error: unknown) =>
        error instanceof ExotelError &&
        error.kind === 'rejected' &&
        error.status === 400 &&
        /Missing parameter CallerId/.test(error.message),
    );
  });

  it('reports refused credentials as unauthorized', async () => {
    const { api } = setup({ apiToken: 'wrong' });
    await assert.rejects(api.connect(connectParams), {
      name: 'ExotelError',
      kind: 'unauthorized',
      status: 401,
    });
  });

  it('reports the 429 rate limit', async () => {
    const { api } = setup({ rateLimitPerMinute: 2 });
    await api.connect(connectParams);
    await api.connect(connectParams);
    await assert.rejects(api.connect(connectParams), { kind: 'rate-limited', status: 429 });
  });

  it('gives up after its timeout, and names a network failure', async () => {
    const hanging = createExotelApi({
      credentials: { ...account, host: 'api.exotel.com' },
      timeoutMs: 20,
      fetch: (_input, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        }),
    });
    await assert.rejects(hanging.connect(connectParams), { kind: 'timeout', status: 0 });
    const unreachable = createExotelApi({
      credentials: { ...account, host: 'api.exotel.com' },
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    await assert.rejects(unreachable.callDetails('abc'), { kind: 'network' });
  });
});

describe('status callbacks', () => {
  for (const contentType of ['multipart/form-data', 'application/json'] as const) {
    it(`reads a whole answered call from ${contentType} callbacks`, async () => {
      const { fake, api, advance } = setup();
      const { Sid } = await api.connect({ ...connectParams, statusCallbackContentType: contentType });

      advance(5);
      fake.answerAgent(Sid);
      const agentUp = await receive(fake.callback(Sid, 'answered'));
      assert.equal(agentUp.customField, 'call-1');
      assert.deepEqual(eventsFromCallback(agentUp, zone), [
        { eventId: `exotel:${Sid}:ringing`, event: 'ringing', timestamp: '2025-10-12T09:00:05.000Z' },
      ]);

      advance(10);
      fake.answerCustomer(Sid);
      const bothUp = await receive(fake.callback(Sid, 'answered'));
      assert.deepEqual(eventsFromCallback(bothUp, zone), [
        { eventId: `exotel:${Sid}:connected`, event: 'connected', timestamp: '2025-10-12T09:00:15.000Z' },
      ]);

      advance(42);
      fake.end(Sid, { status: 'completed', talkSeconds: 42 });
      const terminal = await receive(fake.callback(Sid, 'terminal'));
      assert.equal(terminal.legs.length, 2);
      assert.deepEqual(eventsFromCallback(terminal, zone), [
        { eventId: `exotel:${Sid}:connected`, event: 'connected', timestamp: '2025-10-12T09:00:15.000Z' },
        {
          eventId: `exotel:${Sid}:terminal`,
          event: 'callEnded',
          timestamp: '2025-10-12T09:00:57.000Z',
          duration: 42,
          recordingUrl: `https://recordings.exotel.example/acme1/${Sid}.mp3`,
        },
      ]);
    });
  }

  it('reads busy and no-answer as missed, failed as failed', async () => {
    const { fake, api } = setup();
    const outcomes = { busy: 'missed', 'no-answer': 'missed', failed: 'failed' } as const;
    for (const [status, expected] of Object.entries(outcomes)) {
      const { Sid } = await api.connect(connectParams);
      fake.answerAgent(Sid);
      fake.end(Sid, { status: status as keyof typeof outcomes });
      const events = eventsFromCallback(await receive(fake.callback(Sid, 'terminal')), zone);
      assert.deepEqual(
        events.map((event) => event.event),
        [expected],
        status,
      );
    }
  });

  it('reads a lost callback back from call details as the same events', async () => {
    const { fake, api, advance } = setup();
    const { Sid } = await api.connect(connectParams);
    fake.answerAgent(Sid);
    fake.answerCustomer(Sid);
    advance(95);
    fake.end(Sid, { status: 'completed', talkSeconds: 90 });
    const fromCallback = eventsFromCallback(await receive(fake.callback(Sid, 'terminal')), zone);
    const fromDetails = eventsFromCallback(callbackFromCallDetails(await api.callDetails(Sid)), zone);
    assert.deepEqual(fromDetails, fromCallback);
  });

  it('skips the answered callback when only terminal was subscribed', async () => {
    const { fake, api } = setup();
    const { Sid } = await api.connect({ ...connectParams, statusCallbackEvents: ['terminal'] });
    fake.answerAgent(Sid);
    assert.equal(fake.callback(Sid, 'answered'), null);
  });

  it('refuses a callback without a CallSid', () => {
    assert.throws(() => parseStatusCallback({ Status: 'completed' }), CallbackFormatError);
  });
});

describe("Exotel's wall-clock times", () => {
  it('are read in the account zone', () => {
    assert.equal(exotelTimeToIso('2025-10-12 14:30:00', 'Asia/Kolkata'), '2025-10-12T09:00:00.000Z');
    assert.equal(exotelTimeToIso('2025-07-01 09:00:00', 'America/New_York'), '2025-07-01T13:00:00.000Z');
    assert.equal(exotelTimeToIso('2025-01-01 09:00:00', 'America/New_York'), '2025-01-01T14:00:00.000Z');
    assert.equal(exotelTimeToIso('', 'Asia/Kolkata'), null);
  });
});
