// The live stream and the unload send against the real server app, through a fetch whose open
// streams a test can cut (a network loss) and which records what was sent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { API_URL, callEvents, startApp } from './fixtures/app.ts';
import { createClient, type FetchLike, type LiveCallMessage, UnauthorizedError } from './index.ts';

const network = (app: { request: (url: string, init?: RequestInit) => Response | Promise<Response> }) => {
  const open = new Set<() => void>();
  const sent: Request[] = [];
  const fetch: FetchLike = async (input, init) => {
    const request = new Request(input, init);
    sent.push(request.clone());
    const response = await app.request(request.url, {
      method: request.method,
      headers: request.headers,
      ...(['GET', 'HEAD'].includes(request.method) ? {} : { body: await request.text() }),
    });
    if (!response.body || !response.headers.get('content-type')?.includes('text/event-stream'))
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
    cutAll: () => {
      for (const cut of [...open]) cut();
    },
  };
};

/** Resolves when `check` holds, re-checked after each `wake()`. */
const waiter = () => {
  const waiting = new Set<() => void>();
  return {
    wake: () => {
      for (const check of waiting) check();
    },
    until: (check: () => boolean, what: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 3000);
        const run = () => {
          if (!check()) return;
          clearTimeout(timer);
          waiting.delete(run);
          resolve();
        };
        waiting.add(run);
        run();
      }),
  };
};

/** Timers whose reconnection delays are recorded and run at once; the stall watchdog never fires. */
const fastTimers = () => {
  const delays: number[] = [];
  return {
    delays,
    setTimeout: (run: () => void, ms: number) => {
      if (ms >= 30_000) return null;
      delays.push(ms);
      return setTimeout(run, 0);
    },
    clearTimeout: (handle: unknown) => clearTimeout(handle as NodeJS.Timeout),
  };
};

describe('client.stream()', () => {
  it('delivers typed call messages, and after a network loss resumes after Last-Event-ID with the server retry delay', async () => {
    const { app, apiKey } = await startApp();
    const net = network(app);
    const client = createClient({ apiKey, apiUrl: API_URL, fetch: net.fetch });
    const timers = fastTimers();
    const messages: LiveCallMessage[] = [];
    const states: string[] = [];
    let resyncs = 0;
    const wait = waiter();
    const live = client.stream({
      onCall: (message) => {
        messages.push(message);
        wait.wake();
      },
      onResync: () => {
        resyncs += 1;
        wait.wake();
      },
      onState: (state) => {
        states.push(state);
        wait.wake();
      },
      ...timers,
      random: () => 1,
    });
    try {
      await wait.until(() => live.state === 'live', 'the stream to open');
      const [dialing, connected, ended] = callEvents('live-1', '2025-10-12T06:00:00Z');
      await client.calls.log([dialing!]);
      await wait.until(() => messages.length === 1, 'the first message');
      assert.equal(messages[0]!.callId, 'live-1');
      assert.equal(messages[0]!.call?.status, 'dialing');
      const firstId = live.lastEventId;
      assert.ok(firstId);

      net.cutAll();
      await wait.until(() => live.state === 'reconnecting', 'the loss to be noticed');
      // Sent while no connection is open: the resumed stream replays them.
      await client.calls.log([connected!, ended!]);
      await wait.until(() => live.opened === 2 && messages.length === 2, 'the replay');

      const streams = net.sent.filter((request) => request.url.endsWith('/api/ribbon/stream'));
      assert.equal(streams.length, 2);
      assert.equal(streams[0]!.headers.get('last-event-id'), null);
      assert.equal(streams[1]!.headers.get('last-event-id'), firstId);
      assert.equal(streams[1]!.headers.get('x-api-key'), apiKey);
      assert.equal(messages[1]!.call?.status, 'completed');
      // The server asks for `retry: 3000`: the first reconnection waits that long (random() = 1).
      assert.deepEqual(timers.delays, [3000]);
      // A reconnection may have missed what the server no longer holds: the page refetches.
      assert.equal(resyncs, 1);
      assert.deepEqual(states, ['live', 'reconnecting', 'live']);
    } finally {
      live.close();
    }
    assert.equal(live.state, 'closed');
  });

  it('backs off, doubling the delay up to the cap, while the server stays unreachable', async () => {
    const timers = fastTimers();
    const fetch: FetchLike = () => {
      throw new TypeError('fetch failed');
    };
    const live = createClient({ apiKey: 'key', apiUrl: API_URL, fetch }).stream({
      ...timers,
      random: () => 1,
      reconnect: { minMs: 1000, maxMs: 5000 },
    });
    const wait = waiter();
    const poll = setInterval(wait.wake, 1);
    await wait.until(() => timers.delays.length >= 4, 'four reconnections');
    clearInterval(poll);
    live.close();
    assert.deepEqual(timers.delays.slice(0, 4), [1000, 2000, 4000, 5000]);
  });

  it('stops and says so when the server refuses the key', async () => {
    const { app } = await startApp();
    const client = createClient({ apiKey: 'not-a-key', apiUrl: API_URL, fetch: network(app).fetch });
    const refused = await new Promise<unknown>((resolve) => {
      client.stream({ onRefused: resolve, ...fastTimers() });
    });
    assert.ok(refused instanceof UnauthorizedError);
  });

  it('streamToken() issues a token that opens the stream without the key', async () => {
    const { app, client } = await startApp();
    const { token, expiresAt } = await client.streamToken();
    assert.ok(
      Date.parse(expiresAt) > Date.parse('2025-10-12T12:00:00Z'),
      'expires after the server clock now',
    );
    const response = await app.request(`/api/ribbon/stream?token=${encodeURIComponent(token)}`);
    assert.equal(response.status, 200);
    await response.body?.cancel();
  });
});

describe('calls.logKeepalive()', () => {
  it('sends a CORS simple request: text/plain, the key in the body, no X-API-Key, keepalive', async () => {
    const { app, apiKey } = await startApp();
    const net = network(app);
    const client = createClient({ apiKey, apiUrl: API_URL, fetch: net.fetch });
    const events = callEvents('unload-1', '2025-10-12T07:00:00Z');
    const result = await client.calls.logKeepalive(events);
    assert.equal(result.accepted, 3);
    const [request] = net.sent;
    assert.equal(request!.method, 'POST');
    assert.equal(request!.keepalive, true);
    assert.equal(request!.headers.get('x-api-key'), null);
    assert.match(request!.headers.get('content-type') ?? '', /^text\/plain/);
    assert.equal(((await request!.json()) as { apiKey: string }).apiKey, apiKey);
    // The same events again (the page died before the answer): counted once.
    const again = await client.calls.logKeepalive(events);
    assert.equal(again.accepted, 0);
    assert.equal((await client.calls.list()).pagination.total, 1);
  });
});
