import type { CallEvent, CallEventName, Customer, EventCustomerData } from '@call-ribbon/contract';
import type { DurableEventQueue, QueueState } from '../queue/durable-event-queue.ts';
import type { CallProvider, ProviderCallEvent, RestoreOutcome } from '../telephony/provider.ts';
import type { CallStore, StoredCall } from './call-store.ts';
import { httpUrl } from './http-url.ts';
import { phoneKey } from './phone-key.ts';
import type {
  ActiveCall,
  CallEventData,
  CallEventHandler,
  LastCallOutcome,
  PendingWrapUp,
  RibbonCustomer,
} from './types.ts';

/** Finds customers by phone: the client's `customers.findByPhone`. */
export type CustomerLookup = (phone: string) => Promise<{ customers: Customer[] }>;

export interface RibbonSessionOptions {
  provider: CallProvider;
  queue: DurableEventQueue;
  lookup?: CustomerLookup | undefined;
  agentId?: string | undefined;
  /** Ask for a disposition and notes after each answered call. */
  wrapUp?: boolean;
  /**
   * @deprecated Ignored: `callEnded` leaves at hang-up and the wrap-up follows as its own
   * `wrapUp` event. Still accepted so existing integrations compile.
   */
  wrapUpHoldMs?: number;
  /** Keeps the call in progress across a reload of the page. */
  callStore?: CallStore | undefined;
  /** Where `pagehide` is heard (the time a page-held call ended). */
  window?: Pick<Window, 'addEventListener' | 'removeEventListener'> | undefined;
  now?: () => number;
  newId?: () => string;
}

/** Why the session logged the end of a call that did not survive the page. */
export const PAGE_RELOADED = 'page-reloaded';

export type ServerStatus = 'connecting' | 'connected' | 'unreachable';

export interface SessionState {
  call: ActiveCall | null;
  customer: RibbonCustomer | null;
  wrapUp: PendingWrapUp | null;
  lastCall: LastCallOutcome | null;
  server: ServerStatus;
  /** The last thing that went wrong for the agent (a failed dial, a lookup error). */
  error: string | null;
  queue: QueueState;
}

const TERMINAL: ReadonlySet<CallEventName> = new Set(['callEnded', 'missed', 'rejected', 'failed']);

export { phoneKey };

/**
 * The ribbon's behaviour without its looks: turns provider state changes into call events
 * with stable ids, tells `onCallEvent` handlers, and writes every event to the durable queue.
 */
export class RibbonSession {
  provider: CallProvider;
  readonly queue: DurableEventQueue;
  readonly #options: RibbonSessionOptions;
  readonly #now: () => number;
  readonly #newId: () => string;
  readonly #handlers = new Set<CallEventHandler>();
  readonly #listeners = new Set<() => void>();
  readonly #unsubscribe: Array<() => void> = [];
  #call: ActiveCall | null = null;
  #customer: RibbonCustomer | null = null;
  #wrapUp: PendingWrapUp | null = null;
  #lastCall: LastCallOutcome | null = null;
  #error: string | null = null;
  server: ServerStatus = 'connecting';
  wrapUpEnabled: boolean;

  constructor(options: RibbonSessionOptions) {
    this.#options = options;
    this.provider = options.provider;
    this.queue = options.queue;
    this.#now = options.now ?? Date.now;
    this.#newId = options.newId ?? (() => crypto.randomUUID());
    this.wrapUpEnabled = options.wrapUp ?? false;
    this.#unsubscribe.push(
      this.queue.subscribe(() => this.#changed()),
      () => this.#offProvider(),
    );
    this.#offProvider = this.provider.subscribe((event) => this.#onProviderEvent(event));
    const target = options.window;
    if (target && options.callStore) {
      const left = () => {
        this.#leftAt = this.#now();
        this.#persist();
      };
      const back = () => {
        this.#leftAt = null;
        this.#persist();
      };
      target.addEventListener('pagehide', left);
      target.addEventListener('pageshow', back);
      this.#unsubscribe.push(() => {
        target.removeEventListener('pagehide', left);
        target.removeEventListener('pageshow', back);
      });
    }
  }

  #offProvider: () => void;

  /** Swaps telephony (e.g. once the server's configuration names it); the old provider is destroyed. */
  useProvider(provider: CallProvider): void {
    if (provider === this.provider) return;
    this.#offProvider();
    this.provider.destroy();
    this.provider = provider;
    this.#offProvider = provider.subscribe((event) => this.#onProviderEvent(event));
    this.#changed();
  }

  get state(): SessionState {
    return {
      call: this.#call ? { ...this.#call } : null,
      customer: this.#customer ? { ...this.#customer } : null,
      wrapUp: this.#wrapUp ? { ...this.#wrapUp } : null,
      lastCall: this.#lastCall ? { ...this.#lastCall } : null,
      server: this.server,
      error: this.#error,
      queue: this.queue.state,
    };
  }

  /** Called on every state change (the element re-renders). */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onCallEvent(handler: CallEventHandler): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }

  setServerStatus(status: ServerStatus, error?: string): void {
    this.server = status;
    if (error) this.#error = error;
    this.#changed();
  }

  setCustomer(customer: RibbonCustomer | null): void {
    this.#customer = customer ? { ...customer } : null;
    this.#changed();
  }

  /** Calls `phoneNumber`, else the current customer's number. */
  async dial(phoneNumber?: string): Promise<void> {
    const number = (phoneNumber ?? this.#customer?.phoneNumber ?? '').trim();
    if (!number) return this.fail('Enter a number to call');
    if (!/^\+?[0-9 ()\-.*#]{3,30}$/.test(number)) return this.fail(`Not a phone number: ${number}`);
    if (this.#call) return this.fail('A call is already in progress');
    if (this.#wrapUp) await this.finishWrapUp(null);
    this.#error = null;
    await this.#guard(() => this.provider.dial(number));
  }

  answer = () => this.#guard(() => this.provider.answer());
  reject = () => this.#guard(() => this.provider.reject());
  hangup = () => this.#guard(() => this.provider.hangup());
  toggleMute = () => this.#guard(() => this.provider.mute(!this.#call?.muted));
  toggleHold = () => this.#guard(() => this.provider.hold(!this.#call?.held));
  sendDigits = (digits: string) => this.#guard(() => this.provider.sendDigits(digits));

  /**
   * Ends the wrap-up: a disposition or notes leave as a `wrapUp` event of the call (its
   * `callEnded` left at hang-up); `null`, or nothing filled in, sends nothing.
   */
  async finishWrapUp(result: { disposition?: string; notes?: string } | null): Promise<void> {
    const wrapUp = this.#wrapUp;
    if (!wrapUp) return;
    this.#wrapUp = null;
    const ended = this.#endedEvents.get(wrapUp.eventId);
    this.#endedEvents.delete(wrapUp.eventId);
    this.#changed();
    const disposition = result?.disposition?.trim().slice(0, 200) || undefined;
    const notes = result?.notes?.trim() ? result.notes.slice(0, 10_000) : undefined;
    if (!ended || (!disposition && !notes)) return;
    const event: CallEvent = {
      eventId: this.#newId(),
      event: 'wrapUp',
      callId: ended.callId,
      timestamp: new Date(this.#now()).toISOString(),
      direction: ended.direction,
      phoneNumber: ended.phoneNumber,
      customerData: ended.customerData ?? null,
      ...(ended.agentId ? { agentId: ended.agentId } : {}),
      duration: wrapUp.duration,
      ...(disposition ? { disposition } : {}),
      ...(notes ? { notes } : {}),
    };
    try {
      await this.queue.enqueue(event);
    } catch (error) {
      this.fail(`Could not store the wrap-up: ${String(error)}`);
      return;
    }
    this.#tell('wrapUp', {
      callId: event.callId,
      direction: event.direction,
      phoneNumber: event.phoneNumber,
      customerData: { ...ended.customerData },
      timestamp: event.timestamp,
      eventId: event.eventId,
      duration: wrapUp.duration,
      ...(disposition ? { disposition } : {}),
      ...(notes ? { notes } : {}),
    });
  }

  /**
   * After a reload: shows the call this tab had in progress again if the provider still has
   * it, and logs its end (`callEnded`, reason `page-reloaded`) when it did not survive the
   * page. A wrap-up left open comes back too.
   */
  async restore(): Promise<RestoreOutcome | null> {
    const stored = this.#options.callStore?.load();
    if (!stored) return null;
    if (stored.wrapUp && !this.#wrapUp) {
      this.#wrapUp = stored.wrapUp.pending;
      this.#endedEvents.set(stored.wrapUp.pending.eventId, stored.wrapUp.ended);
    }
    const saved = stored.call;
    // Another provider than the one that had the call (the server could not say which) cannot
    // tell: the record waits for the next page, as when the provider fails to answer below.
    const keep = () => {
      this.#changed();
      this.#options.callStore?.save(stored);
      this.#written = JSON.stringify(stored);
      return null;
    };
    if (saved && stored.provider !== this.provider.name) return keep();
    if (!saved || this.#call) {
      this.#changed();
      return null;
    }
    const call: ActiveCall = { ...saved, customerData: { ...saved.customerData } };
    this.#call = call;
    this.#changed();
    let outcome: RestoreOutcome;
    try {
      outcome = this.provider.restore
        ? await this.provider.restore({
            callId: call.callId,
            direction: call.direction,
            phoneNumber: call.phoneNumber,
            phase: call.phase,
            startedAt: call.startedAt,
            held: call.held,
            muted: call.muted,
            providerCallSid: call.providerCallSid,
          })
        : 'gone';
    } catch {
      // The provider cannot tell now (it did not load).
      if (this.#call === call) this.#call = null;
      return keep();
    }
    if (outcome === 'reported' && this.#call === call) {
      this.#call = null;
      this.#changed();
    } else if (outcome === 'gone') {
      const at = stored.leftAt ?? this.#now();
      // A stable id: a tab restored twice (or duplicated) logs this end once.
      this.#apply(
        {
          event: 'callEnded',
          callId: call.callId,
          direction: call.direction,
          phoneNumber: call.phoneNumber,
          eventId: `ended:${call.callId}`.slice(0, 128),
          timestamp: new Date(Math.max(at, call.startedAt)).toISOString(),
          reason: PAGE_RELOADED,
          ...(call.providerCallSid ? { metadata: { providerCallSid: call.providerCallSid } } : {}),
        },
        call,
      );
    }
    return outcome;
  }

  destroy(): void {
    for (const undo of this.#unsubscribe.splice(0)) undo();
    this.#handlers.clear();
    this.#listeners.clear();
  }

  readonly #endedEvents = new Map<string, CallEvent>();
  /** The last record written to the call store, so an unchanged state is not written again. */
  #written: string | null = null;
  /** Set on `pagehide` (cleared if the page comes back from the back-forward cache). */
  #leftAt: number | null = null;

  #onProviderEvent(change: ProviderCallEvent): void {
    this.#apply(change, this.#call?.callId === change.callId ? this.#call : null);
  }

  /** Applies a state change to `known` (null: a new call, which becomes the current one). */
  #apply(change: ProviderCallEvent, known: ActiveCall | null): void {
    const at = change.timestamp ? Date.parse(change.timestamp) : Number.NaN;
    const now = Number.isNaN(at) ? this.#now() : at;
    let call = known;
    if (!call) {
      call = {
        callId: change.callId,
        direction: change.direction,
        phoneNumber: change.phoneNumber,
        phase: change.direction === 'inbound' ? 'incoming' : 'dialing',
        customerData: change.customerData ?? this.#customerDataFor(change.phoneNumber),
        startedAt: now,
        connectedAt: null,
        muted: false,
        held: false,
      };
      this.#call = call;
      if (change.direction === 'inbound') void this.#lookUpCaller(call);
    }
    if (change.providerCallSid) call.providerCallSid = change.providerCallSid;
    switch (change.event) {
      case 'dialing':
      case 'ringing':
      case 'incoming':
        call.phase = change.event;
        break;
      case 'connected':
        call.phase = 'connected';
        call.connectedAt = now;
        break;
      case 'mute':
      case 'unmute':
        call.muted = change.event === 'mute';
        break;
      case 'hold':
      case 'unhold':
        call.held = change.event === 'hold';
        break;
      default:
        break;
    }
    const terminal = TERMINAL.has(change.event);
    const ended = change.event === 'callEnded';
    const duration =
      change.duration ??
      (call.connectedAt === null ? 0 : Math.max(0, Math.round((now - call.connectedAt) / 1000)));
    const recordingUrl = ended ? httpUrl(change.metadata?.recordingUrl) : undefined;
    const metadata: Record<string, string> = {
      ...change.metadata,
      ...(change.reason ? { reason: change.reason } : {}),
    };
    // A recording link that is not http(s) is not passed on, not even to the queue.
    if (!recordingUrl) delete metadata.recordingUrl;
    const event: CallEvent = {
      eventId: change.eventId ?? this.#newId(),
      event: change.event,
      callId: call.callId,
      timestamp: new Date(now).toISOString(),
      direction: call.direction,
      phoneNumber: call.phoneNumber,
      customerData: call.customerData,
      ...(this.#options.agentId ? { agentId: this.#options.agentId.slice(0, 200) } : {}),
      ...(ended ? { duration } : {}),
      ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
    };
    const askWrapUp = ended && this.wrapUpEnabled && call.connectedAt !== null;
    if (terminal) {
      if (this.#call === call) this.#call = null;
      this.#lastCall = {
        callId: call.callId,
        event: change.event,
        phoneNumber: call.phoneNumber,
        duration: ended ? duration : null,
      };
      if (change.event === 'failed') this.#error = change.reason ?? 'The call failed';
    }
    if (askWrapUp) {
      this.#wrapUp = {
        callId: call.callId,
        eventId: event.eventId,
        phoneNumber: call.phoneNumber,
        customerData: call.customerData,
        duration,
        ...(recordingUrl ? { recordingUrl } : {}),
      };
      this.#endedEvents.set(event.eventId, event);
    }
    // Events the server recorded itself are not queued again. The end never waits for the wrap-up.
    if (!change.recorded)
      void this.queue.enqueue(event).catch((error: unknown) => {
        this.#error = `Could not store the call event: ${String(error)}`;
        this.#changed();
      });
    this.#changed();
    // A tab that mirrors another's call tells no handler: the owning tab does (session/tab-leader.ts).
    if (!change.mirrored)
      this.#tell(change.event, {
        callId: event.callId,
        direction: event.direction,
        phoneNumber: event.phoneNumber,
        customerData: { ...call.customerData },
        timestamp: event.timestamp,
        eventId: event.eventId,
        ...(ended ? { duration } : {}),
        ...(terminal && change.reason ? { reason: change.reason } : {}),
        ...(recordingUrl ? { recordingUrl } : {}),
      });
  }

  #tell(name: CallEventName, data: CallEventData): void {
    for (const handler of this.#handlers) {
      try {
        handler(name, data);
      } catch (error) {
        // A host handler's bug must not stop the ribbon or the other handlers.
        console.error('exotel-call-ribbon: an onCallEvent handler threw', error);
      }
    }
  }

  /** Writes the call in progress (and an open wrap-up) to the call store, when they changed. */
  #persist(): void {
    const store = this.#options.callStore;
    if (!store) return;
    const wrapUp = this.#wrapUp;
    const ended = wrapUp ? this.#endedEvents.get(wrapUp.eventId) : undefined;
    const record: StoredCall | null =
      this.#call || (wrapUp && ended)
        ? {
            provider: this.provider.name,
            call: this.#call,
            wrapUp: wrapUp && ended ? { pending: wrapUp, ended } : null,
            leftAt: this.#leftAt,
          }
        : null;
    const text = record ? JSON.stringify(record) : null;
    if (text === this.#written) return;
    this.#written = text;
    store.save(record);
  }

  #customerDataFor(phoneNumber: string): EventCustomerData {
    const customer = this.#customer;
    if (customer && phoneKey(customer.phoneNumber) === phoneKey(phoneNumber)) {
      return stripUndefined({
        customerId: customer.customerId,
        name: customer.name,
        phone: customer.phoneNumber,
        email: customer.email,
        company: customer.company,
      });
    }
    return { phone: phoneNumber };
  }

  async #lookUpCaller(call: ActiveCall): Promise<void> {
    if (!this.#options.lookup || call.customerData.customerId) return;
    try {
      const { customers } = await this.#options.lookup(call.phoneNumber);
      const found = customers[0];
      if (!found || this.#call?.callId !== call.callId) return;
      call.customerData = stripUndefined({
        customerId: found.customerId,
        name: found.name,
        phone: found.phone ?? call.phoneNumber,
        email: found.email,
        company: found.company,
      });
      this.#changed();
    } catch {
      // Unknown caller or server unreachable: the popover shows the number alone.
    }
  }

  async #guard(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.fail(error instanceof Error ? error.message : String(error));
    }
  }

  /** Shows `message` in the bar as what went wrong. */
  fail(message: string): void {
    this.#error = message;
    this.#changed();
  }

  #changed(): void {
    this.#persist();
    for (const listener of this.#listeners) listener();
  }
}

/** The contract's limits: a CRM's over-long name must not make the server refuse the call's events. */
const LIMITS: Record<string, number> = { customerId: 200, name: 500, phone: 50, email: 500, company: 500 };

const stripUndefined = (value: Record<string, string | undefined | null>): EventCustomerData =>
  Object.fromEntries(
    Object.entries(value)
      .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== null)
      .map(([key, v]) => [key, String(v).slice(0, LIMITS[key] ?? 500)]),
  );
