import type {
  CallProvider,
  ProviderCallEvent,
  ProviderListener,
  RestoreOutcome,
  RestoringCall,
} from '../telephony/provider.ts';
import { CallProviderError } from '../telephony/provider.ts';

/** The commands a follower tab sends to the owning tab. */
type Command = 'dial' | 'answer' | 'reject' | 'hangup' | 'mute' | 'hold' | 'sendDigits';

type Message =
  | { type: 'event'; event: ProviderCallEvent }
  | { type: 'hello' }
  | { type: 'state'; events: ProviderCallEvent[] }
  | { type: 'command'; id: string; command: Command; argument?: string | boolean }
  | { type: 'done'; id: string; error?: string };

interface LockManagerLike {
  request(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<unknown>,
  ): Promise<unknown>;
}

/** What a tab needs from the browser: where either is missing, every tab runs its own provider. */
export interface TabEnvironment {
  locks?: LockManagerLike | undefined;
  BroadcastChannel?: typeof BroadcastChannel | undefined;
}

export interface TabLeaderOptions {
  /** Lock and channel name: one per tenant key and agent (and storage), shared by the agent's tabs. */
  name: string;
  /** Creates the real provider; called only in the owning tab (the live stream, the ring). */
  create: () => CallProvider;
  /** What the provider will be called (`exotel`, `exotel-webrtc`) before the tab knows whether it owns. */
  kind: string;
  onPhone?: boolean | undefined;
  /** How long a follower waits for the owner to run a command, ms. @default 10000 */
  commandTimeoutMs?: number;
  environment?: TabEnvironment;
}

const TERMINAL = new Set(['callEnded', 'missed', 'rejected', 'failed']);

/**
 * One provider per browser and agent: the tab holding the Web Lock `name` (for its whole life)
 * creates the real provider, tells its events to the other tabs over a `BroadcastChannel` and
 * runs the commands they send; the others create nothing and mirror its events, marked
 * `mirrored` (their session shows them, queues nothing and tells no `onCallEvent` handler).
 * When the owning tab closes, the browser releases its lock and the next waiting tab owns.
 */
export class TabLeaderProvider implements CallProvider {
  readonly name: string;
  readonly demo = false;
  readonly onPhone: boolean | undefined;
  readonly #options: TabLeaderOptions;
  readonly #channel: BroadcastChannel;
  readonly #listeners = new Set<ProviderListener>();
  readonly #pending = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  readonly #abort = new AbortController();
  /** The current call's events so far, for a tab that joins (or reloads) during it. */
  #history: ProviderCallEvent[] = [];
  #inner: CallProvider | null = null;
  #offInner: (() => void) | null = null;
  #release: (() => void) | null = null;
  #closed = false;
  /** Settles once the tab knows whether it owns (the first, non-waiting lock request). */
  readonly decided: Promise<boolean>;

  constructor(options: TabLeaderOptions, channel: BroadcastChannel, locks: LockManagerLike) {
    this.#options = options;
    this.name = options.kind;
    this.onPhone = options.onPhone;
    this.#channel = channel;
    channel.onmessage = (message: MessageEvent<Message>) => this.#onMessage(message.data);
    const hold = (lock: unknown) => {
      if (!lock || this.#closed) return Promise.resolve(false);
      this.#own();
      return new Promise<boolean>((release) => {
        this.#release = () => release(true);
      });
    };
    let owned!: (value: boolean) => void;
    this.decided = new Promise((resolve) => {
      owned = resolve;
    });
    // First without waiting, so the tab knows at once; a follower then waits in line for the lock.
    locks
      .request(options.name, { ifAvailable: true }, (lock) => {
        owned(!!lock);
        return hold(lock);
      })
      .then((got) => {
        if (got || this.#closed) return;
        return locks.request(options.name, { signal: this.#abort.signal }, hold);
      })
      .catch(() => {
        // Aborted by destroy(), or the lock manager refused: nothing to hand over.
        owned(false);
      });
  }

  /** True in the tab that holds the lock and runs the real provider. */
  get owner(): boolean {
    return this.#inner !== null;
  }

  /** The real provider, in the owning tab (the WebRTC listener is read from it). */
  get inner(): CallProvider | null {
    return this.#inner;
  }

  get listener(): unknown {
    return (this.#inner as { listener?: unknown } | null)?.listener;
  }

  dial = (phoneNumber: string) => this.#run('dial', phoneNumber);
  answer = () => this.#run('answer');
  reject = () => this.#run('reject');
  hangup = () => this.#run('hangup');
  mute = (muted: boolean) => this.#run('mute', muted);
  hold = (held: boolean) => this.#run('hold', held);
  sendDigits = (digits: string) => this.#run('sendDigits', digits);

  subscribe(listener: ProviderListener): () => void {
    this.#listeners.add(listener);
    // A follower that starts listening asks the owner for the call in progress.
    void this.decided.then((owns) => {
      if (!owns && !this.#closed) this.#post({ type: 'hello' });
    });
    return () => this.#listeners.delete(listener);
  }

  /** After a reload: the owner asks its provider; a follower gets the call from the owner's state. */
  async restore(call: RestoringCall): Promise<RestoreOutcome> {
    await this.decided;
    if (this.#inner?.restore) return this.#inner.restore(call);
    return this.#inner ? 'gone' : 'reported';
  }

  destroy(): void {
    this.#closed = true;
    this.#abort.abort();
    this.#release?.();
    this.#offInner?.();
    this.#inner?.destroy();
    this.#inner = null;
    this.#channel.close();
    this.#listeners.clear();
    for (const { reject } of this.#pending.values()) reject(new CallProviderError('The ribbon was closed'));
    this.#pending.clear();
  }

  #own(): void {
    const inner = this.#options.create();
    this.#inner = inner;
    this.#offInner = inner.subscribe((event) => this.#tellAll(event));
    const call = restoringOf(this.#history);
    if (call) void this.#adopt(inner, call);
  }

  #tellAll(event: ProviderCallEvent): void {
    this.#remember(event);
    this.#post({ type: 'event', event });
    for (const listener of this.#listeners) listener(event);
  }

  /**
   * This tab takes over during a call it mirrored (the owner's tab closed): its new provider
   * follows the call, or, when the call did not survive the owner's page, the end is logged here
   * (as a reload logs it: reason `page-reloaded`, event id `ended:<callId>`).
   */
  async #adopt(inner: CallProvider, call: RestoringCall): Promise<void> {
    let outcome: RestoreOutcome;
    try {
      outcome = inner.restore ? await inner.restore(call) : 'gone';
    } catch {
      return; // The provider cannot tell: the session shows the call until the server ends it.
    }
    if (outcome !== 'gone' || this.#inner !== inner || this.#history[0]?.callId !== call.callId) return;
    this.#tellAll({
      event: 'callEnded',
      callId: call.callId,
      direction: call.direction,
      phoneNumber: call.phoneNumber,
      eventId: `ended:${call.callId}`.slice(0, 128),
      reason: 'page-reloaded',
      ...(call.providerCallSid ? { metadata: { providerCallSid: call.providerCallSid } } : {}),
    });
  }

  #remember(event: ProviderCallEvent): void {
    if (TERMINAL.has(event.event)) this.#history = [];
    else if (this.#history[0]?.callId === event.callId) this.#history.push(event);
    else this.#history = [event];
  }

  /** In the owner, at once (a WebRTC answer stays within the click); in a follower, through the owner. */
  #run(command: Command, argument?: string | boolean): Promise<void> {
    if (this.#inner) return this.#call(this.#inner, command, argument);
    return this.decided.then(() =>
      this.#inner ? this.#call(this.#inner, command, argument) : this.#send(command, argument),
    );
  }

  #send(command: Command, argument?: string | boolean): Promise<void> {
    const id = crypto.randomUUID();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new CallProviderError('The tab with the call did not answer'));
      }, this.#options.commandTimeoutMs ?? 10_000);
      const settle = (fn: () => void) => () => {
        clearTimeout(timer);
        this.#pending.delete(id);
        fn();
      };
      this.#pending.set(id, {
        resolve: settle(resolve),
        reject: (error) => settle(() => reject(error))(),
      });
      this.#post({ type: 'command', id, command, ...(argument === undefined ? {} : { argument }) });
    });
  }

  #call(inner: CallProvider, command: Command, argument?: string | boolean): Promise<void> {
    switch (command) {
      case 'dial':
        return inner.dial(String(argument));
      case 'mute':
        return inner.mute(argument === true);
      case 'hold':
        return inner.hold(argument === true);
      case 'sendDigits':
        return inner.sendDigits(String(argument));
      default:
        return inner[command]();
    }
  }

  #onMessage(message: Message): void {
    if (this.#closed) return;
    const inner = this.#inner;
    switch (message.type) {
      case 'event':
        this.#remember(message.event);
        if (!inner) this.#mirror(message.event);
        break;
      case 'hello':
        if (inner) this.#post({ type: 'state', events: this.#history });
        break;
      case 'state':
        if (!inner && this.#history.length === 0 && message.events.length > 0) {
          this.#history = [...message.events];
          for (const event of message.events) this.#mirror(event);
        }
        break;
      case 'command':
        if (!inner) return;
        this.#call(inner, message.command, message.argument).then(
          () => this.#post({ type: 'done', id: message.id }),
          (error: unknown) =>
            this.#post({
              type: 'done',
              id: message.id,
              error: error instanceof Error ? error.message : String(error),
            }),
        );
        break;
      case 'done': {
        const pending = this.#pending.get(message.id);
        if (message.error === undefined) pending?.resolve();
        else pending?.reject(new CallProviderError(message.error));
        break;
      }
    }
  }

  #mirror(event: ProviderCallEvent): void {
    for (const listener of this.#listeners) listener({ ...event, recorded: true, mirrored: true });
  }

  #post(message: Message): void {
    try {
      this.#channel.postMessage(message);
    } catch {
      // A closed channel (the tab is going away): nothing to tell.
    }
  }
}

/** The call a tab mirrored, from its events so far, as a provider's `restore` takes it. */
const restoringOf = (events: ProviderCallEvent[]): RestoringCall | null => {
  const first = events[0];
  if (!first) return null;
  const call: RestoringCall = {
    callId: first.callId,
    direction: first.direction,
    phoneNumber: first.phoneNumber,
    phase: first.direction === 'inbound' ? 'incoming' : 'dialing',
    startedAt: Date.parse(first.timestamp ?? '') || Date.now(),
    held: false,
    muted: false,
  };
  for (const event of events) {
    const name = event.event;
    if (name === 'dialing' || name === 'ringing' || name === 'incoming' || name === 'connected')
      call.phase = name;
    else if (name === 'hold' || name === 'unhold') call.held = name === 'hold';
    else if (name === 'mute' || name === 'unmute') call.muted = name === 'mute';
    if (event.providerCallSid) call.providerCallSid = event.providerCallSid;
  }
  return call;
};

/**
 * The real provider shared by the agent's tabs (`TabLeaderProvider`), or `create()` itself where
 * the browser has no `BroadcastChannel` or Web Locks: then every tab behaves on its own, as before.
 */
export const coordinateTabs = (options: TabLeaderOptions): CallProvider => {
  const environment = options.environment ?? {
    locks: (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks,
    BroadcastChannel: globalThis.BroadcastChannel,
  };
  const { locks, BroadcastChannel: Channel } = environment;
  if (!locks?.request || typeof Channel !== 'function') return options.create();
  return new TabLeaderProvider(options, new Channel(options.name), locks);
};
