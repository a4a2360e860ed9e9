import type { Call, CallEvent } from '@call-ribbon/contract';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { ApiError } from './errors/ApiError.ts';
import { isApiError } from './errors/guards.ts';

/** One `call` message of `GET /api/ribbon/stream`: the events stored and the call derived after them. */
export type LiveCallMessage = {
  callId: string;
  /** The call as derived after these events; null when the server no longer has it. */
  call: Call | null;
  events: CallEvent[];
};

/** Where a live stream is: `live` once the server said `ready`, `closed` after `close()` or a refusal. */
export type LiveStreamState = 'connecting' | 'live' | 'reconnecting' | 'closed';

/**
 * Options of `client.stream()`: the handlers of the live call events and how to reconnect.
 *
 * @example
 * ```
 * const live = client.stream({
 *   onCall: ({ callId, call }) => render(callId, call),
 *   onResync: () => refetchActiveCalls(),
 * });
 * live.close();
 * ```
 */
export type LiveStreamOptions = {
  /** Every change of a call: the events stored and the call derived after them. */
  onCall?: ((message: LiveCallMessage) => void) | undefined;
  /** Messages may have been missed (a `resync` event, or a reconnection): refetch what is shown. */
  onResync?: (() => void) | undefined;
  onState?: ((state: LiveStreamState) => void) | undefined;
  /** The server refused the key (401 or 403): the stream stops, since retrying would not help. */
  onRefused?: ((error: ApiError) => void) | undefined;
  /** Resume after this event id (one a previous stream read). */
  lastEventId?: string | undefined;
  /**
   * `fetch` (default) sends the key as `X-API-Key`; `eventsource` asks for a short-lived stream
   * token and opens an `EventSource`, for hosts that only allow that.
   */
  transport?: 'fetch' | 'eventsource' | undefined;
  /**
   * Reconnection delays: the server's `retry:` (else `minMs`, default 1000) doubles after each
   * failed attempt up to `maxMs` (default 30000), with jitter.
   */
  reconnect?: { minMs?: number; maxMs?: number } | undefined;
  /** Timers and randomness, injectable for tests. */
  setTimeout?: ((run: () => void, ms: number) => unknown) | undefined;
  clearTimeout?: ((handle: unknown) => void) | undefined;
  random?: (() => number) | undefined;
  /** An `EventSource` constructor other than the platform's (`transport: 'eventsource'`). */
  EventSource?: typeof EventSource | undefined;
};

/** A running live stream. */
export type LiveStream = {
  /** The id of the last message read; sent as `Last-Event-ID` when reconnecting. */
  readonly lastEventId: string | null;
  /** Connections the server accepted so far (one `ready` each). */
  readonly opened: number;
  readonly state: LiveStreamState;
  close(): void;
};

/** What the client gives the stream: ways to open a connection, never a second HTTP stack. */
export type LiveStreamConnector = {
  /** `GET /api/ribbon/stream` with the key and `Last-Event-ID`; rejects with the client's errors. */
  fetch(lastEventId: string | null, signal: AbortSignal): Promise<Response>;
  /** The stream's URL with a fresh stream token and `lastEventId`, for `EventSource`. */
  eventSourceUrl(lastEventId: string | null, signal: AbortSignal): Promise<string>;
};

// Silence for twice the heartbeat (plus slack) means a dead connection the socket did not notice.
const stallAfter = (heartbeatMs: number): number => heartbeatMs * 2 + 5000;

/** Opens the live stream and keeps it open until `close()`. */
export const openLiveStream = (
  connector: LiveStreamConnector,
  options: LiveStreamOptions = {},
): LiveStream => {
  const setTimer = options.setTimeout ?? ((run, ms) => globalThis.setTimeout(run, ms));
  const clearTimer = options.clearTimeout ?? ((handle) => globalThis.clearTimeout(handle as number));
  const random = options.random ?? Math.random;
  let lastEventId: string | null = options.lastEventId ?? null;
  let opened = 0;
  let state: LiveStreamState = 'connecting';
  // A function, not a comparison: `close()` changes the state while the loop awaits.
  const closed = () => state === 'closed';
  let serverRetryMs: number | null = null;
  let attempt = 0;
  let controller = new AbortController();
  let stallTimer: unknown = null;
  let wake: (() => void) | null = null;

  const setState = (next: LiveStreamState) => {
    if (state === next) return;
    state = next;
    options.onState?.(next);
  };
  const disarm = () => {
    if (stallTimer !== null) clearTimer(stallTimer);
    stallTimer = null;
  };
  let stallMs = stallAfter(20_000);
  const arm = (current: AbortController) => {
    disarm();
    stallTimer = setTimer(() => current.abort(), stallMs);
  };

  const dispatch = (type: string | undefined, data: string, id: string | undefined) => {
    if (id) lastEventId = id;
    if (type === 'ready') {
      const heartbeatMs = Number((JSON.parse(data || '{}') as { heartbeatMs?: unknown }).heartbeatMs);
      if (heartbeatMs > 0) stallMs = stallAfter(heartbeatMs);
      attempt = 0;
      opened += 1;
      setState('live');
      if (opened > 1) options.onResync?.();
    } else if (type === 'resync') options.onResync?.();
    else if (type === 'call' && data !== '') options.onCall?.(JSON.parse(data) as LiveCallMessage);
  };

  const readFetch = async (current: AbortController) => {
    const response = await connector.fetch(lastEventId, current.signal);
    const body = response.body;
    if (!body) return;
    const parser = createParser({
      onEvent: (message: EventSourceMessage) => dispatch(message.event, message.data, message.id),
      onRetry: (ms) => {
        serverRetryMs = ms;
      },
    });
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    arm(current);
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || current.signal.aborted) return;
        arm(current);
        parser.feed(value);
      }
    } finally {
      reader.cancel().catch(() => {});
    }
  };

  const readEventSource = async (current: AbortController) => {
    const url = await connector.eventSourceUrl(lastEventId, current.signal);
    const Source = options.EventSource ?? globalThis.EventSource;
    const source = new Source(url);
    const listen = (type: string) =>
      source.addEventListener(type, (event) => {
        const message = event as MessageEvent<string>;
        dispatch(type, message.data, message.lastEventId || undefined);
      });
    for (const type of ['ready', 'call', 'resync']) listen(type);
    // The platform would reconnect with the same, soon expired, token: reconnect here instead.
    await new Promise<void>((resolve) => {
      source.onerror = () => resolve();
      current.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    source.close();
    // EventSource keeps `retry:` to itself: the server asks for 3000 ms, which is the default here.
    serverRetryMs ??= 3000;
  };

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const handle = setTimer(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimer(handle);
        wake = null;
        resolve();
      };
    });

  const delay = () => {
    const ceiling = Math.min(
      options.reconnect?.maxMs ?? 30_000,
      (serverRetryMs ?? options.reconnect?.minMs ?? 1000) * 2 ** Math.max(0, attempt - 1),
    );
    // Equal jitter: never bunched at zero, never in step with every other tab.
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  };

  const run = async () => {
    while (!closed()) {
      const current = new AbortController();
      controller = current;
      try {
        if (options.transport === 'eventsource') await readEventSource(current);
        else await readFetch(current);
      } catch (error) {
        if (isApiError(error) && (error.status === 401 || error.status === 403)) {
          setState('closed');
          options.onRefused?.(error);
          return;
        }
      }
      disarm();
      if (closed()) return;
      setState('reconnecting');
      attempt += 1;
      await pause(delay());
    }
  };
  void run();

  return {
    get lastEventId() {
      return lastEventId;
    },
    get opened() {
      return opened;
    },
    get state() {
      return state;
    },
    close() {
      if (closed()) return;
      setState('closed');
      controller.abort();
      disarm();
      wake?.();
    },
  };
};
