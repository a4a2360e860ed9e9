/**
 * The live feed behind `GET /api/ribbon/stream`, on one instance. The database is the feed:
 * a message's id is the sequence number of the newest call event it covers, so a client
 * resumes after `Last-Event-ID` on any instance and after a restart. The bus only says that a
 * tenant has news; each instance then reads the tenant's new events once for all its streams.
 */
import type { Call } from '@call-ribbon/contract';
import type { CallEventStore, SequencedCallEvent } from '../stores/call-events.ts';
import type { CallStore } from '../stores/calls.ts';
import type { TenantStore } from '../stores/tenants.ts';
import type { LiveBus, LiveNotice } from './bus.ts';

/** One `call` message: consecutive events of one call, and the call as derived now. */
export interface LiveMessage {
  /** The sequence number of the newest event it covers: the SSE id. */
  seq: number;
  callId: string;
  call: Call | null;
  events: SequencedCallEvent[];
}

/** One open stream, as the hub sees it. */
export interface LiveSubscriber {
  /** The tenant's key version the stream was opened under; a rotation ends it. */
  keyVersion: number;
  deliver(message: LiveMessage): void;
  /** The stream must end (key rotated, or its tenant's feed failed): the client reconnects. */
  end(): void;
}

export interface LiveSubscription {
  /** Resolves with the sequence number from which live messages are sure to arrive. */
  ready: Promise<number>;
  unsubscribe(): void;
}

export interface LiveHubOptions {
  stores: { callEvents: CallEventStore; calls: CallStore; tenants: TenantStore };
  bus: LiveBus;
  /** Events read per query (default 500). */
  readLimit?: number;
  /** Re-reads every followed tenant this often, in case a notice was lost (default 10 s; 0: never). */
  sweepMs?: number;
}

interface TenantFeed {
  subscribers: Set<LiveSubscriber>;
  /** The newest sequence number read; undefined until the feed has found where the tenant is. */
  cursor: number | undefined;
  ready: Promise<number>;
  reading: boolean;
  /** News came while reading: read again. */
  dirty: boolean;
}

/** Keeps `call` messages in id order: consecutive events of one call make one message. */
export const groupIntoMessages = async (
  calls: CallStore,
  tenantId: string,
  events: readonly SequencedCallEvent[],
): Promise<LiveMessage[]> => {
  const runs: SequencedCallEvent[][] = [];
  for (const stored of events) {
    const last = runs.at(-1);
    if (last && last[0]!.event.callId === stored.event.callId) last.push(stored);
    else runs.push([stored]);
  }
  const messages: LiveMessage[] = [];
  for (const run of runs) {
    const callId = run[0]!.event.callId;
    const call = (await calls.get(tenantId, callId)) ?? null;
    messages.push({ seq: run.at(-1)!.seq, callId, call, events: run });
  }
  return messages;
};

export class LiveHub {
  readonly bus: LiveBus;
  private readonly stores: LiveHubOptions['stores'];
  private readonly readLimit: number;
  private readonly feeds = new Map<string, TenantFeed>();
  private readonly unlisten: () => void;
  private readonly sweep: NodeJS.Timeout | undefined;

  constructor(options: LiveHubOptions) {
    this.stores = options.stores;
    this.bus = options.bus;
    this.readLimit = options.readLimit ?? 500;
    this.unlisten = this.bus.subscribe((notice) => this.onNotice(notice));
    const sweepMs = options.sweepMs ?? 10_000;
    if (sweepMs > 0) {
      this.sweep = setInterval(() => {
        for (const tenantId of this.feeds.keys()) void this.pump(tenantId);
      }, sweepMs);
      this.sweep.unref();
    }
  }

  /** Tells every instance that the tenant's call events were committed. Never throws. */
  async eventsStored(tenantId: string): Promise<void> {
    await this.announce({ kind: 'events', tenantId });
  }

  /** Tells every instance to end the tenant's streams opened with an older key. Never throws. */
  async keyRotated(tenantId: string): Promise<void> {
    await this.announce({ kind: 'key-rotated', tenantId });
  }

  /**
   * Follows the tenant's feed. Messages newer than `ready`'s sequence number reach
   * `deliver`, in order; older ones are the caller's to replay (`messagesAfter`).
   */
  subscribe(tenantId: string, subscriber: LiveSubscriber): LiveSubscription {
    const feed = this.feed(tenantId);
    feed.subscribers.add(subscriber);
    // A rotation committed between authentication and now sent its notice too early for us.
    const ready = feed.ready.then(async (cursor) => {
      const tenant = await this.stores.tenants.get(tenantId);
      if (!tenant || tenant.keyVersion !== subscriber.keyVersion) subscriber.end();
      return cursor;
    });
    return {
      ready,
      unsubscribe: () => {
        feed.subscribers.delete(subscriber);
        if (feed.subscribers.size === 0 && this.feeds.get(tenantId) === feed) this.feeds.delete(tenantId);
      },
    };
  }

  /**
   * The messages after sequence number `afterSeq`, or `resync` when more than `limit` events
   * are missing or the id names an event this database never stored.
   */
  async messagesAfter(tenantId: string, afterSeq: number, limit: number): Promise<LiveMessage[] | 'resync'> {
    const events = await this.stores.callEvents.after(tenantId, afterSeq, limit + 1);
    if (events.length > limit) return 'resync';
    if (events.length === 0 && afterSeq > (await this.stores.callEvents.lastSeq(tenantId))) return 'resync';
    return groupIntoMessages(this.stores.calls, tenantId, events);
  }

  /** Open streams of this tenant on this instance. */
  listenerCount(tenantId: string): number {
    return this.feeds.get(tenantId)?.subscribers.size ?? 0;
  }

  /** Stops listening to the bus and ends every stream (the bus itself is its owner's to close). */
  close(): void {
    this.unlisten();
    if (this.sweep) clearInterval(this.sweep);
    for (const feed of this.feeds.values()) for (const subscriber of feed.subscribers) subscriber.end();
    this.feeds.clear();
  }

  private async announce(notice: LiveNotice): Promise<void> {
    try {
      await this.bus.publish(notice);
    } catch (error) {
      // Stored is stored: instances that missed the notice catch up on their next sweep.
      console.error(`Live notice ${notice.kind} not sent:`, error);
    }
  }

  private onNotice(notice: LiveNotice): void {
    if (notice.kind === 'events') void this.pump(notice.tenantId);
    else if (notice.kind === 'key-rotated') void this.endOutdated(notice.tenantId);
    else {
      for (const tenantId of this.feeds.keys()) {
        void this.pump(tenantId);
        void this.endOutdated(tenantId);
      }
    }
  }

  private feed(tenantId: string): TenantFeed {
    const existing = this.feeds.get(tenantId);
    if (existing) return existing;
    const feed: TenantFeed = {
      subscribers: new Set(),
      cursor: undefined,
      ready: Promise.resolve(0),
      reading: false,
      dirty: false,
    };
    feed.ready = this.stores.callEvents.lastSeq(tenantId).then(
      (seq) => {
        feed.cursor = seq;
        if (feed.dirty) void this.pump(tenantId);
        return seq;
      },
      (error: unknown) => {
        this.fail(tenantId, feed, error);
        return 0;
      },
    );
    this.feeds.set(tenantId, feed);
    return feed;
  }

  /** Reads the tenant's new events once and hands the messages to every stream of it here. */
  private async pump(tenantId: string): Promise<void> {
    const feed = this.feeds.get(tenantId);
    if (!feed) return;
    if (feed.reading || feed.cursor === undefined) {
      feed.dirty = true;
      return;
    }
    feed.reading = true;
    try {
      do {
        feed.dirty = false;
        for (;;) {
          const events = await this.stores.callEvents.after(tenantId, feed.cursor, this.readLimit);
          if (events.length === 0) break;
          const messages = await groupIntoMessages(this.stores.calls, tenantId, events);
          // Cursor and delivery in one synchronous step, so a new subscriber's start is exact.
          feed.cursor = events.at(-1)!.seq;
          for (const message of messages)
            for (const subscriber of feed.subscribers) subscriber.deliver(message);
          if (events.length < this.readLimit) break;
        }
      } while (feed.dirty && this.feeds.get(tenantId) === feed);
    } catch (error) {
      this.fail(tenantId, feed, error);
    } finally {
      feed.reading = false;
    }
  }

  private async endOutdated(tenantId: string): Promise<void> {
    const feed = this.feeds.get(tenantId);
    if (!feed) return;
    try {
      const tenant = await this.stores.tenants.get(tenantId);
      const current = tenant ? tenant.keyVersion : Number.POSITIVE_INFINITY;
      for (const subscriber of feed.subscribers) if (subscriber.keyVersion < current) subscriber.end();
    } catch (error) {
      this.fail(tenantId, feed, error);
    }
  }

  /** The database failed us: the streams end and their clients resume by Last-Event-ID. */
  private fail(tenantId: string, feed: TenantFeed, error: unknown): void {
    console.error(`Live feed of tenant ${tenantId} failed:`, error);
    if (this.feeds.get(tenantId) === feed) this.feeds.delete(tenantId);
    for (const subscriber of feed.subscribers) subscriber.end();
  }
}
