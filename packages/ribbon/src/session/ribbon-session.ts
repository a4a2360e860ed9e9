import type { CallEvent, CallEventName, Customer, EventCustomerData } from '@call-ribbon/contract';
import type { DurableEventQueue, QueueState } from '../queue/durable-event-queue.ts';
import type { CallProvider, ProviderCallEvent } from '../telephony/provider.ts';
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
  /** How long a callEnded waits for its wrap-up before it is sent without one, ms. */
  wrapUpHoldMs?: number;
  now?: () => number;
  newId?: () => string;
}

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

  /** Sends the held callEnded with the agent's disposition and notes (or without, when null). */
  async finishWrapUp(result: { disposition?: string; notes?: string } | null): Promise<void> {
    const wrapUp = this.#wrapUp;
    if (!wrapUp) return;
    this.#wrapUp = null;
    this.#changed();
    const patch: Partial<CallEvent> = {};
    if (result?.disposition) patch.disposition = result.disposition.slice(0, 200);
    if (result?.notes) patch.notes = result.notes.slice(0, 10_000);
    const original = this.#endedEvents.get(wrapUp.eventId);
    this.#endedEvents.delete(wrapUp.eventId);
    if (await this.queue.release(wrapUp.eventId, patch)) return;
    if (!patch.disposition && !patch.notes) return;
    // The callEnded left already (another tab, or the hold expired): the wrap-up follows as a
    // second callEnded of the same call, with the same end time and talk time.
    if (original) await this.queue.enqueue({ ...original, ...patch, eventId: this.#newId() });
  }

  destroy(): void {
    for (const undo of this.#unsubscribe.splice(0)) undo();
    this.#handlers.clear();
    this.#listeners.clear();
  }

  readonly #endedEvents = new Map<string, CallEvent>();

  #onProviderEvent(change: ProviderCallEvent): void {
    const at = change.timestamp ? Date.parse(change.timestamp) : Number.NaN;
    const now = Number.isNaN(at) ? this.#now() : at;
    let call = this.#call?.callId === change.callId ? this.#call : null;
    if (!call) {
      call = {
        callId: change.callId,
        direction: change.direction,
        phoneNumber: change.phoneNumber,
        phase: change.direction === 'inbound' ? 'incoming' : 'dialing',
        customerData: this.#customerDataFor(change.phoneNumber),
        startedAt: now,
        connectedAt: null,
        muted: false,
        held: false,
      };
      this.#call = call;
      if (change.direction === 'inbound') void this.#lookUpCaller(call);
    }
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
    const duration =
      change.duration ??
      (call.connectedAt === null ? 0 : Math.max(0, Math.round((now - call.connectedAt) / 1000)));
    const event: CallEvent = {
      eventId: change.eventId ?? this.#newId(),
      event: change.event,
      callId: call.callId,
      timestamp: new Date(now).toISOString(),
      direction: call.direction,
      phoneNumber: call.phoneNumber,
      customerData: call.customerData,
      ...(this.#options.agentId ? { agentId: this.#options.agentId.slice(0, 200) } : {}),
      ...(change.event === 'callEnded' ? { duration } : {}),
      ...(change.reason || change.metadata
        ? { metadata: { ...change.metadata, ...(change.reason ? { reason: change.reason } : {}) } }
        : {}),
    };
    const askWrapUp = change.event === 'callEnded' && this.wrapUpEnabled && call.connectedAt !== null;
    if (terminal) {
      this.#call = null;
      this.#lastCall = {
        callId: call.callId,
        event: change.event,
        phoneNumber: call.phoneNumber,
        duration: change.event === 'callEnded' ? duration : null,
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
      };
      this.#endedEvents.set(event.eventId, event);
    }
    // Events the server recorded itself are not queued again (a wrap-up follows as a second callEnded).
    if (!change.recorded)
      void this.queue
        .enqueue(event, askWrapUp ? { holdUntil: now + (this.#options.wrapUpHoldMs ?? 120_000) } : {})
        .catch((error: unknown) => {
          this.#error = `Could not store the call event: ${String(error)}`;
          this.#changed();
        });
    this.#changed();
    const data: CallEventData = {
      callId: event.callId,
      direction: event.direction,
      phoneNumber: event.phoneNumber,
      customerData: { ...call.customerData },
      timestamp: event.timestamp,
      eventId: event.eventId,
      ...(change.event === 'callEnded' ? { duration } : {}),
    };
    for (const handler of this.#handlers) {
      try {
        handler(change.event, data);
      } catch (error) {
        // A host handler's bug must not stop the ribbon or the other handlers.
        console.error('exotel-call-ribbon: an onCallEvent handler threw', error);
      }
    }
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
        name: found.name ?? undefined,
        phone: found.phone ?? call.phoneNumber,
        email: found.email ?? undefined,
        company: found.company ?? undefined,
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
