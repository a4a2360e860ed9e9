import type { Call, CallEvent } from '@call-ribbon/contract';
import { type BackoffOptions, retryDelay } from '../queue/backoff.ts';

/** One `call` message of `GET /api/ribbon/stream`: the events stored and the call derived after them. */
export interface LiveCallMessage {
  callId: string;
  call: Call | null;
  events: CallEvent[];
}

export interface LiveStreamHandlers {
  onCall: (message: LiveCallMessage) => void;
  /** The stream may have missed messages (a `resync` event, or a reconnection): refetch active calls. */
  onResync: () => void;
  /** The server refused the key: the stream stops (retrying would not help). */
  onRefused?: (status: number) => void;
}

export interface LiveStreamOptions extends LiveStreamHandlers {
  apiUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
  backoff?: BackoffOptions;
  random?: () => number;
  setTimeout?: (run: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

/**
 * Reads the live stream with fetch (EventSource cannot send `X-API-Key`). Reconnects with
 * backoff after a network loss or a silent stall, resuming after `Last-Event-ID`.
 */
export class LiveStream {
  /** The id of the last message read; sent as `Last-Event-ID` on reconnection. */
  lastEventId: string | null = null;
  /** Connections opened so far (a `ready` event each). */
  opened = 0;
  private readonly options: LiveStreamOptions;
  private controller: AbortController | null = null;
  private closed = false;
  private timer: unknown = null;
  private wake: (() => void) | null = null;

  constructor(options: LiveStreamOptions) {
    this.options = options;
    void this.run();
  }

  close(): void {
    this.closed = true;
    this.controller?.abort();
    this.wake?.();
  }

  private async run(): Promise<void> {
    const { apiUrl, apiKey, fetch: fetchImpl = fetch } = this.options;
    let attempt = 0;
    while (!this.closed) {
      const controller = new AbortController();
      this.controller = controller;
      try {
        const headers: Record<string, string> = { 'X-API-Key': apiKey, Accept: 'text/event-stream' };
        if (this.lastEventId) headers['Last-Event-ID'] = this.lastEventId;
        const response = await fetchImpl(`${apiUrl.replace(/\/$/, '')}/api/ribbon/stream`, {
          headers,
          signal: controller.signal,
          cache: 'no-store',
        });
        if (this.closed) {
          void response.body?.cancel().catch(() => {});
          return;
        }
        if (response.status === 401 || response.status === 403) {
          this.options.onRefused?.(response.status);
          return;
        }
        if (response.ok && response.body) {
          await this.read(response.body, controller, () => {
            attempt = 0;
          });
        }
      } catch {
        // The network dropped or the stall watchdog aborted: reconnect below.
      }
      this.disarm();
      if (this.closed) return;
      attempt += 1;
      await this.pause(retryDelay(attempt, null, this.options.random ?? Math.random, this.options.backoff));
    }
  }

  private async read(
    body: ReadableStream<Uint8Array>,
    controller: AbortController,
    onReady: () => void,
  ): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    // Heartbeats come every `heartbeatMs`; silence for twice that means a dead connection.
    let stallMs = 45_000;
    this.arm(controller, stallMs);
    for (;;) {
      const { value, done } = await reader.read();
      if (done || this.closed) return;
      this.arm(controller, stallMs);
      buffered += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      let end = buffered.indexOf('\n\n');
      while (end >= 0) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        end = buffered.indexOf('\n\n');
        let type = 'message';
        let id: string | null = null;
        const data: string[] = [];
        for (const line of block.split('\n')) {
          const match = /^(\w+): ?(.*)$/.exec(line);
          if (match?.[1] === 'event') type = match[2]!;
          else if (match?.[1] === 'id') id = match[2]!;
          else if (match?.[1] === 'data') data.push(match[2]!);
        }
        if (id) this.lastEventId = id;
        if (type === 'ready') {
          const heartbeatMs = Number(
            (JSON.parse(data.join('\n') || '{}') as { heartbeatMs?: number }).heartbeatMs,
          );
          if (heartbeatMs > 0) stallMs = heartbeatMs * 2 + 5000;
          this.arm(controller, stallMs);
          onReady();
          this.opened += 1;
          if (this.opened > 1) this.options.onResync();
        } else if (type === 'resync') this.options.onResync();
        else if (type === 'call' && data.length > 0) {
          this.options.onCall(JSON.parse(data.join('\n')) as LiveCallMessage);
        }
      }
    }
  }

  private arm(controller: AbortController, ms: number): void {
    this.disarm();
    this.timer = (this.options.setTimeout ?? setTimeout)(() => controller.abort(), ms);
  }

  private disarm(): void {
    if (this.timer !== null) (this.options.clearTimeout ?? clearTimeout)(this.timer as number);
    this.timer = null;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const handle = (this.options.setTimeout ?? setTimeout)(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        (this.options.clearTimeout ?? clearTimeout)(handle as number);
        this.wake = null;
        resolve();
      };
    });
  }
}
