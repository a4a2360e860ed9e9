// Node test kit for the Exotel providers: the real server app with the fake Exotel, and the
// real live stream read over a fetch whose connections a test can cut (a network loss).
import { createClient, type LiveStream } from '@call-ribbon/client';
import type { CallEventName } from '@call-ribbon/contract';
import { type App, createApp, FakeExotel, openDatabase, sqliteEngine } from '@call-ribbon/server';
import { DurableEventQueue } from '../queue/durable-event-queue.ts';
import { logCallTransport } from '../queue/log-call-transport.ts';
import { RibbonSession } from '../session/ribbon-session.ts';
import type { CallEventData } from '../session/types.ts';
import { ExotelProvider, type ExotelProviderOptions } from '../telephony/exotel-provider.ts';
import type { ProviderCallEvent } from '../telephony/provider.ts';

export const API_KEY = 'exotel-provider-key';
const API_URL = 'http://ribbon.test';
const account = { accountSid: 'acme1', apiKey: 'exo-key', apiToken: 'exo-token' };

/** The app behind a fetch whose open streams the test can cut, as a network loss does. */
const network = (app: { request: (url: string, init?: RequestInit) => Response | Promise<Response> }) => {
  const open = new Set<() => void>();
  const sent: Array<{ url: string; lastEventId: string | null }> = [];
  const fetch = async (input: Request | URL | string, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    sent.push({ url: request.url, lastEventId: request.headers.get('last-event-id') });
    const response = await app.request(request.url, {
      method: request.method,
      headers: request.headers,
      ...(['GET', 'HEAD'].includes(request.method) ? {} : { body: await request.text() }),
    });
    if (!response.headers.get('content-type')?.includes('text/event-stream') || !response.body)
      return response;
    const upstream = response.body.getReader();
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const cut = () => {
      open.delete(cut);
      void upstream.cancel().catch(() => {});
      try {
        controller.error(new TypeError('network error'));
      } catch {}
    };
    request.signal.addEventListener('abort', cut);
    if (request.signal.aborted) queueMicrotask(cut);
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
        open.add(cut);
      },
      async pull(c) {
        const { value, done } = await upstream.read().catch(() => ({ value: undefined, done: true }));
        if (done) c.close();
        else if (value) c.enqueue(value);
      },
      cancel: () => upstream.cancel(),
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
  return {
    fetch,
    sent,
    cutAll() {
      for (const cut of [...open]) cut();
    },
  };
};

export const setup = async <P extends ExotelProvider = ExotelProvider>(
  options: { live?: { maxReplayEvents?: number }; makeProvider?: (options: ExotelProviderOptions) => P } = {},
) => {
  const live = options.live ?? {};
  let now = new Date('2025-10-13T05:00:00Z');
  const clock = () => now;
  let app: App;
  const fake = new FakeExotel({ account, clock, deliver: async (url, init) => app.request(url, init) });
  const db = openDatabase(':memory:');
  app = createApp({
    engine: sqliteEngine(db),
    clock,
    adminToken: 'admin-secret',
    publicUrl: API_URL,
    secretsKey: 'c3'.repeat(32),
    live: { heartbeatMs: 60_000, ...live },
    exotel: {
      baseUrl: 'http://fake.exotel',
      fetch: async (input, init) => fake.app.request(String(input), init),
    },
  });
  const { tenant } = await app.deps.stores.tenants.create({ name: 'Acme', apiKey: API_KEY }, now);
  const net = network(app);
  const client = createClient({ apiKey: API_KEY, apiUrl: API_URL, fetch: net.fetch });
  const queue = new DurableEventQueue({
    transport: logCallTransport(client),
  });
  let stream: LiveStream | undefined;
  const make = options.makeProvider ?? ((o: ExotelProviderOptions) => new ExotelProvider(o) as P);
  const provider = make({
    api: client,
    agentId: 'agent-priya',
    customerId: () => 'CUST-9',
    openStream: (handlers) => {
      stream = client.stream({ ...handlers, reconnect: { maxMs: 10 } });
      return stream;
    },
  });
  const session = new RibbonSession({ provider, queue, agentId: 'agent-priya', wrapUp: false });
  const raised: ProviderCallEvent[] = [];
  provider.subscribe((event) => raised.push(event));
  const heard: Array<[CallEventName, CallEventData]> = [];
  session.onCallEvent((event, data) => heard.push([event, data]));
  /** Resolves once the provider has raised `event` (for the call `callId`, when given). */
  const raisedEvent = (event: CallEventName, count = 1) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${event} within 3 s: ${raised.map((e) => e.event).join(', ')}`)),
        3000,
      );
      const check = () => {
        if (raised.filter((e) => e.event === event).length < count) return false;
        clearTimeout(timer);
        off();
        resolve();
        return true;
      };
      const off = provider.subscribe(() => void check());
      check();
    });
  const streamOpened = (count: number) =>
    new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = () => {
        if ((stream?.opened ?? 0) >= count) return resolve();
        if (Date.now() - started > 3000) return reject(new Error('the stream did not open'));
        setImmediate(poll);
      };
      poll();
    });
  const configure = () =>
    app.request(`/api/admin/clients/${tenant.id}/telephony`, {
      method: 'PUT',
      headers: { authorization: 'Bearer admin-secret', 'content-type': 'application/json' },
      body: JSON.stringify({
        ...account,
        callerId: '08047112233',
        agents: { 'agent-priya': { phone: '+919812345678' } },
        record: true,
      }),
    });
  const callLog = async () =>
    (await (await app.request('/api/ribbon/call-logs', { headers: { 'x-api-key': API_KEY } })).json()) as {
      logs: Array<{ callId: string; status: string; duration: number; recordingUrl: string | null }>;
      pagination: { total: number };
    };
  return {
    closeDb: (): void => void db.close(),
    /** A request to the server app, as Exotel's callbacks reach it. */
    request: async (url: string, init?: RequestInit): Promise<Response> => app.request(url, init),
    fake,
    tenantId: tenant.id,
    net,
    client,
    queue,
    provider,
    session,
    raised,
    heard,
    raisedEvent,
    streamOpened,
    configure,
    callLog,
    advance: (seconds: number) => {
      now = new Date(now.getTime() + seconds * 1000);
    },
  };
};
