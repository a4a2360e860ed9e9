/**
 * How the instances of one deployment tell each other that a tenant's live stream has news.
 * A notice carries no event data: each instance reads what its streams need from the stores,
 * so a notice that arrives twice, late or out of order does no harm.
 */
export type LiveNotice =
  /** Call events of this tenant were committed. */
  | { kind: 'events'; tenantId: string }
  /** The tenant's API key was rotated: streams opened with an older key must end. */
  | { kind: 'key-rotated'; tenantId: string }
  /** Notices may have been lost (the bus reconnected): every tenant may have news. */
  | { kind: 'resync' };

export type LiveNoticeListener = (notice: LiveNotice) => void;

/** Fan-out of live notices to every instance, this one included. */
export interface LiveBus {
  /** Resolves once the notice is on its way to every instance. */
  publish(notice: LiveNotice): Promise<void>;
  subscribe(listener: LiveNoticeListener): () => void;
  close(): Promise<void>;
}

/** One instance (SQLite): notices stay in this process and are delivered at once. */
export class InProcessLiveBus implements LiveBus {
  private readonly listeners = new Set<LiveNoticeListener>();

  async publish(notice: LiveNotice): Promise<void> {
    this.deliver(notice);
  }

  subscribe(listener: LiveNoticeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }

  /** Hands a notice to every listener of this process. */
  protected deliver(notice: LiveNotice): void {
    for (const listener of this.listeners) listener(notice);
  }
}
