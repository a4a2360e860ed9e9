/**
 * The per-tenant live feed behind `GET /api/ribbon/stream`. Each tenant keeps its most
 * recent events in a ring buffer so a client that reconnects with `Last-Event-ID` gets what
 * it missed; when the gap is older than the buffer, or the id comes from before a restart,
 * the client is told to resynchronise (refetch active calls) instead.
 */
import { randomBytes } from 'node:crypto';

export interface LiveEvent {
  /** `<boot>-<sequence>`: ordered within one server run. */
  id: string;
  seq: number;
  /** The SSE event name, e.g. `call`. */
  type: string;
  data: unknown;
}

export type LiveListener = (event: LiveEvent) => void;

export type ResumeResult = { kind: 'replay'; events: LiveEvent[] } | { kind: 'resync' };

interface TenantFeed {
  buffer: LiveEvent[];
  listeners: Set<LiveListener>;
}

export class LiveHub {
  /** Identifies this server run, so ids from an earlier run are recognised as such. */
  readonly boot = randomBytes(4).toString('hex');
  private readonly bufferSize: number;
  private readonly feeds = new Map<string, TenantFeed>();
  private seq = 0;

  constructor(options: { bufferSize?: number } = {}) {
    this.bufferSize = options.bufferSize ?? 1000;
  }

  publish(tenantId: string, type: string, data: unknown): LiveEvent {
    const feed = this.feed(tenantId);
    this.seq += 1;
    const event: LiveEvent = { id: `${this.boot}-${this.seq}`, seq: this.seq, type, data };
    feed.buffer.push(event);
    if (feed.buffer.length > this.bufferSize) feed.buffer.shift();
    for (const listener of feed.listeners) listener(event);
    return event;
  }

  subscribe(tenantId: string, listener: LiveListener): () => void {
    const feed = this.feed(tenantId);
    feed.listeners.add(listener);
    return () => {
      feed.listeners.delete(listener);
    };
  }

  /** What a client that last saw `lastEventId` missed. */
  resume(tenantId: string, lastEventId: string): ResumeResult {
    const match = /^([0-9a-f]+)-(\d+)$/.exec(lastEventId.trim());
    if (!match || match[1] !== this.boot) return { kind: 'resync' };
    const seen = Number(match[2]);
    const { buffer } = this.feed(tenantId);
    const oldest = buffer[0]?.seq ?? this.seq + 1;
    // Every event after `seen` must still be buffered; else some are gone.
    if (seen + 1 < oldest && seen < this.seq) return { kind: 'resync' };
    return { kind: 'replay', events: buffer.filter((event) => event.seq > seen) };
  }

  listenerCount(tenantId: string): number {
    return this.feeds.get(tenantId)?.listeners.size ?? 0;
  }

  private feed(tenantId: string): TenantFeed {
    let feed = this.feeds.get(tenantId);
    if (!feed) {
      feed = { buffer: [], listeners: new Set() };
      this.feeds.set(tenantId, feed);
    }
    return feed;
  }
}
