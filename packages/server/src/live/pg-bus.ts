/**
 * The live bus of many instances on one PostgreSQL: `NOTIFY` on one channel after the events
 * are committed, and one dedicated connection per instance that `LISTEN`s. A notice names
 * only the tenant and its kind (well under NOTIFY's 8000-byte limit); the streams read the
 * rest from the database. When the listening connection drops it is opened again, and every
 * stream of this instance re-reads, since notices sent meanwhile are lost.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { InProcessLiveBus, type LiveNotice } from './bus.ts';

/** The channel every instance listens on. */
export const LIVE_CHANNEL = 'call_ribbon_live';
/** `application_name` of the listening connections, as `pg_stat_activity` shows them. */
export const LIVE_LISTENER_NAME = 'call-ribbon-live';

interface WireNotice {
  /** The instance that sent it: it delivered the notice to itself already. */
  from: string;
  kind: LiveNotice['kind'];
  tenantId?: string;
}

const parseNotice = (payload: string | undefined): { from: string; notice: LiveNotice } | undefined => {
  let wire: Partial<WireNotice>;
  try {
    wire = JSON.parse(payload ?? '') as Partial<WireNotice>;
  } catch {
    return undefined;
  }
  if (typeof wire.from !== 'string') return undefined;
  if (wire.kind === 'resync') return { from: wire.from, notice: { kind: 'resync' } };
  if ((wire.kind === 'events' || wire.kind === 'key-rotated') && typeof wire.tenantId === 'string') {
    return { from: wire.from, notice: { kind: wire.kind, tenantId: wire.tenantId } };
  }
  return undefined;
};

export interface PostgresLiveBusOptions {
  /** Wait before opening a dropped listening connection again (default 1 s, doubling to 30 s). */
  reconnectMs?: number;
}

export class PostgresLiveBus extends InProcessLiveBus {
  private readonly instance = randomUUID();
  private readonly sender: pg.Pool;
  private listener: pg.Client | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;
  private failures = 0;
  /** Notices being sent, by kind and tenant: true when another was asked for meanwhile. */
  private readonly sending = new Map<string, boolean>();

  private readonly url: string;
  private readonly options: PostgresLiveBusOptions;

  private constructor(url: string, options: PostgresLiveBusOptions) {
    super();
    this.url = url;
    this.options = options;
    this.sender = new pg.Pool({ connectionString: url, max: 2 });
    // An idle sender connection that drops is replaced on the next query; say so, never crash.
    this.sender.on('error', (error) =>
      console.error('Live bus: a sending connection failed:', error.message),
    );
  }

  /** Connects the listening connection; resolves once this instance receives notices. */
  static async connect(url: string, options: PostgresLiveBusOptions = {}): Promise<PostgresLiveBus> {
    const bus = new PostgresLiveBus(url, options);
    try {
      await bus.listen();
    } catch (error) {
      await bus.close();
      throw error;
    }
    return bus;
  }

  /**
   * Delivers here at once, then NOTIFYs the others. While a notice of the same kind and tenant
   * is being sent, another is not queued: one more is sent after it, covering every commit
   * made meanwhile, so a burst of ingests costs two NOTIFYs per tenant, not one each.
   */
  override async publish(notice: LiveNotice): Promise<void> {
    this.deliver(notice);
    const key = notice.kind === 'resync' ? notice.kind : `${notice.kind}:${notice.tenantId}`;
    if (this.sending.has(key)) {
      this.sending.set(key, true);
      return;
    }
    const wire = JSON.stringify({ from: this.instance, ...notice } satisfies WireNotice);
    try {
      do {
        this.sending.set(key, false);
        await this.sender.query('SELECT pg_notify($1, $2)', [LIVE_CHANNEL, wire]);
      } while (this.sending.get(key) === true);
    } finally {
      this.sending.delete(key);
    }
  }

  override async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const listener = this.listener;
    this.listener = undefined;
    await Promise.all([listener?.end().catch(() => undefined), this.sender.end().catch(() => undefined)]);
    await super.close();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: LIVE_LISTENER_NAME });
    client.on('notification', (message) => {
      if (message.channel !== LIVE_CHANNEL) return;
      const parsed = parseNotice(message.payload);
      if (parsed !== undefined && parsed.from !== this.instance) this.deliver(parsed.notice);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${LIVE_CHANNEL}`);
    } catch (error) {
      client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end();
      return;
    }
    this.listener = client;
    this.failures = 0;
  }

  /** The listening connection is gone: open another, then have every stream re-read. */
  private lost(client: pg.Client, error?: Error): void {
    if (this.closed || this.listener !== client) return;
    this.listener = undefined;
    console.error(
      `Live bus: the listening connection dropped${error ? ` (${error.message})` : ''}; reconnecting`,
    );
    client.end().catch(() => undefined);
    this.reconnect();
  }

  private reconnect(): void {
    if (this.closed || this.retry) return;
    const base = this.options.reconnectMs ?? 1000;
    const wait = Math.min(30_000, base * 2 ** this.failures);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.listen().then(
        () => {
          if (!this.closed) this.deliver({ kind: 'resync' });
        },
        (error: Error) => {
          this.failures += 1;
          console.error(`Live bus: reconnecting failed (${error.message}); trying again`);
          this.reconnect();
        },
      );
    }, wait);
    this.retry.unref();
  }
}
