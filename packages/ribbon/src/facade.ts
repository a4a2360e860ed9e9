import { createClient, isApiError } from '@call-ribbon/client';
import type { InitResponse, TelephonyProvider } from '@call-ribbon/contract';
import pkg from '../package.json' with { type: 'json' };
import type { CallRibbonElement } from './components/call-ribbon/call-ribbon.ts';
import { CALL_RIBBON_TAG, defineCallRibbon } from './components/call-ribbon/registry.ts';
import { langOf, loadLanguage, resolveLocale, ribbonStrings } from './i18n.ts';
import {
  DurableEventQueue,
  type DurableEventQueueOptions,
  describeError,
  type QueueState,
} from './queue/durable-event-queue.ts';
import { createFlushLock } from './queue/flush-lock.ts';
import { DEFAULT_DATABASE_NAME, IndexedDbEventStore } from './queue/idb-store.ts';
import { logCallTransport } from './queue/log-call-transport.ts';
import { MemoryEventStore } from './queue/memory-store.ts';
import type { DeadLetter, EventStore } from './queue/types.ts';
import { type ServerProblem, serverProblemOf } from './server-problem.ts';
import { keyFingerprint, sessionCallStore } from './session/call-store.ts';
import { RibbonSession, type ServerStatus } from './session/ribbon-session.ts';
import type {
  ActiveCall,
  CallEventHandler,
  LastCallOutcome,
  PendingWrapUp,
  RibbonCustomer,
} from './session/types.ts';
import type { RibbonStrings } from './strings.ts';
import type {
  ExotelCallListener,
  ExotelWebClientLike,
  ExotelWebPhoneLike,
} from './telephony/exotel-webrtc-provider.ts';
import { loadExotel } from './telephony/load-exotel.ts';
import { pendingProvider } from './telephony/pending-provider.ts';
import type { CallProvider } from './telephony/provider.ts';
import { type SimulatorOptions, SimulatorProvider } from './telephony/simulator-provider.ts';

/** The ribbon's version, from its package.json: reported to the server on init. */
export const RIBBON_VERSION: string = pkg.version;

/** Options of `ExotelCallRibbon.init`. */
export interface RibbonInitOptions {
  /** The tenant's API key. */
  apiKey: string;
  /** Base URL of the backend; defaults to where the script came from (CDN build) or the page's origin. */
  apiUrl?: string;
  /** Where the bar docks; the tenant's widget setting when absent. */
  position?: 'bottom' | 'top';
  /** `auto` follows `prefers-color-scheme`; the tenant's widget setting when absent. */
  theme?: 'auto' | 'light' | 'dark';
  /**
   * Called with `(event, data)` for every call event. With Exotel and several tabs of one agent,
   * in the tab that owns the calls only (docs/ribbon.md, "Several tabs").
   */
  onCallEvent?: CallEventHandler;
  /**
   * Telephony: `'simulator'` ("Demo mode"), `'exotel'` (click-to-call: the agent's phone rings
   * first), `'exotel-webrtc'` (calls in the browser through `exotelClient`), or a provider
   * object. When absent, what the server's configuration names (the simulator if unreachable).
   */
  provider?: TelephonyProvider | CallProvider;
  /**
   * For `exotel-webrtc`: the phone object of Exotel's CRM SDK (`ExotelCRMWebSDK#Initialize`'s
   * result), or its web client (`new ExotelWebClient()`, whose `initWebrtc` gets `webrtcCallListener`).
   * The ribbon registers it in the tab that owns the calls.
   */
  exotelClient?: ExotelWebClientLike | ExotelWebPhoneLike;
  /** Script tag only: URL of exotel-call-ribbon-exotel.js, loaded when Exotel is picked; by default next to the main script. */
  exotelScriptUrl?: string;
  /** Timings of the simulator. */
  simulator?: SimulatorOptions;
  /** The agent using the ribbon; `agent.id` goes with every event. */
  agent?: { id: string; name?: string };
  /** Overrides of user-visible texts. */
  strings?: Partial<RibbonStrings>;
  /** The ribbon's language: `en` or `hi` (or a tag such as `hi-IN`); by default the page's `lang`. */
  locale?: string;
  /**
   * Ask for a disposition and notes after each answered call; the tenant's widget setting when
   * absent. `callEnded` leaves at hang-up either way; a saved wrap-up follows as a `wrapUp` event.
   */
  wrapUp?: boolean;
  /**
   * @deprecated No longer holds anything: `callEnded` leaves at hang-up and the wrap-up follows
   * as its own `wrapUp` event. Accepted and ignored, so existing integrations compile.
   */
  wrapUpHoldMs?: number;
  /** Link to a customer's history in the CRM, with `{customerId}` and `{phoneNumber}` placeholders. */
  historyUrl?: string;
  /** Where the element goes. @default document.body */
  container?: HTMLElement;
  /** Queue tuning; `databaseName` names the IndexedDB database (default `exotel-call-ribbon`). */
  queue?: Partial<Omit<DurableEventQueueOptions, 'transport' | 'store'>> & { databaseName?: string };
  /** A `fetch` to use instead of the page's. */
  fetch?: typeof fetch;
}

/** What `getState()` returns. */
export interface RibbonState {
  initialized: boolean;
  /** True with the simulator: no real calls. */
  demoMode: boolean;
  provider: string | null;
  server: ServerStatus | null;
  online: boolean;
  customer: RibbonCustomer | null;
  call: ActiveCall | null;
  wrapUp: PendingWrapUp | null;
  lastCall: LastCallOutcome | null;
  error: string | null;
  /** Why the server cannot be used (origin not allowed, key invalid, unreachable), with what to do. */
  problem: ServerProblem | null;
  queue: QueueState | null;
  /** Events the server refused as invalid (or evicted from a full queue), as this tab last read them. */
  deadLetters: DeadLetter[];
  /** The tenant's configuration from `POST /api/ribbon/init`, when the server answered. */
  config: InitResponse | null;
}

interface Instance {
  session: RibbonSession;
  element: CallRibbonElement;
  queue: DurableEventQueue;
  config: InitResponse | null;
  problem: ServerProblem | null;
  ready: Promise<void>;
  dispose: Array<() => void>;
}

/** IndexedDB, else memory with the reason (missing in some private modes, refused, or hanging). */
const openStore = async (databaseName: string): Promise<{ store: EventStore; error: string | null }> => {
  try {
    const store = new IndexedDbEventStore({ databaseName });
    await store.open();
    return { store, error: null };
  } catch (error) {
    return {
      store: new MemoryEventStore(),
      error: `IndexedDB failed (${describeError(error)}); events are kept in memory only`,
    };
  }
};

/**
 * Creates a ribbon facade: the object behind `window.ExotelCallRibbon` and the bundler export.
 * One facade drives one ribbon; `init` again replaces it.
 */
export const createCallRibbon = (defaults: { apiUrl?: string | undefined } = {}) => {
  const handlers = new Set<CallEventHandler>();
  let customer: RibbonCustomer | null = null;
  let instance: Instance | null = null;
  // The script tag's own URL (null for modules): the default apiUrl's origin, and where the Exotel script is.
  const mainScript = (globalThis.document?.currentScript as HTMLScriptElement | null)?.src || undefined;
  const defaultApiUrl = defaults.apiUrl ?? (mainScript && new URL(mainScript).origin);

  const require = (): Instance => {
    if (!instance) throw new Error('ExotelCallRibbon: call init({ apiKey }) first');
    return instance;
  };

  const destroy = (): void => {
    if (!instance) return;
    for (const undo of instance.dispose.splice(0)) undo();
    instance = null;
  };

  const ribbon = {
    version: RIBBON_VERSION,

    /**
     * Renders the ribbon and starts the queue. Resolves once storage is open and the server
     * has answered (or failed to): the ribbon works and queues events either way.
     */
    async init(options: RibbonInitOptions): Promise<RibbonState> {
      if (!options?.apiKey) throw new TypeError('ExotelCallRibbon.init: `apiKey` is required');
      if (options.provider === 'exotel-webrtc' && !options.exotelClient)
        throw new TypeError("ExotelCallRibbon.init: provider 'exotel-webrtc' needs `exotelClient`");
      destroy();
      defineCallRibbon();
      const apiUrl = options.apiUrl ?? defaultApiUrl ?? location.origin;
      const client = createClient({
        apiKey: options.apiKey,
        apiUrl,
        timeout: 8000,
        fetch: options.fetch,
      });
      const { databaseName = DEFAULT_DATABASE_NAME, ...queueOptions } = options.queue ?? {};
      // The Exotel providers are a chunk of their own (a second script for the script tag).
      const loadProvider = async (kind: 'exotel' | 'exotel-webrtc'): Promise<CallProvider> =>
        (await loadExotel(options.exotelScriptUrl, mainScript)).createExotelProvider({
          kind,
          client,
          options,
          customer: () => customer,
          host: element,
          strings: language.then(() => ribbonStrings(locale, options.strings)),
        });
      const asked = options.provider;
      const loading = asked === 'exotel' || asked === 'exotel-webrtc' ? loadProvider(asked) : null;
      const provider =
        typeof asked === 'object'
          ? asked
          : loading
            ? pendingProvider(asked as string, loading)
            : new SimulatorProvider(options.simulator);

      // Storage opens asynchronously; events of the first moments wait in memory and are handed over.
      const queue = new DurableEventQueue({
        transport: logCallTransport(client),
        lock: createFlushLock(`exotel-call-ribbon:${databaseName}`),
        window,
        document,
        ...queueOptions,
      });
      const session = new RibbonSession({
        provider,
        queue,
        lookup: (phone) => client.customers.findByPhone(phone),
        agentId: options.agent?.id,
        wrapUp: options.wrapUp ?? false,
        // Per tab (sessionStorage), per tenant and agent: a reload finds this tab's call again.
        callStore: sessionCallStore(
          `exotel-call-ribbon:call:${databaseName}:${keyFingerprint(options.apiKey)}:${options.agent?.id ?? ''}`,
        ),
        window,
      });
      session.setCustomer(customer);
      for (const handler of handlers) session.onCallEvent(handler);
      if (options.onCallEvent) session.onCallEvent(options.onCallEvent);

      const element = document.createElement(CALL_RIBBON_TAG);
      element.position = options.position ?? 'bottom';
      element.theme = options.theme ?? 'auto';
      element.strings = options.strings ?? {};
      if (options.locale) element.locale = options.locale;
      const locale = resolveLocale(options.locale ?? langOf(options.container ?? document.body));
      const language = loadLanguage(locale.language);
      element.historyUrl = options.historyUrl;
      element.session = session;
      (options.container ?? document.body).append(element);

      const current: Instance = {
        session,
        element,
        queue,
        config: null,
        problem: null,
        ready: Promise.resolve(),
        dispose: [
          () => element.remove(),
          () => session.destroy(),
          () => queue.close(),
          () => session.provider.destroy(),
        ],
      };
      instance = current;
      /** Swaps in a loading provider; if it cannot load, the bar says so (nothing falls back silently). */
      const swapIn = (next: Promise<CallProvider>): Promise<void> =>
        next.then(
          (loaded) => {
            if (instance === current && !session.state.call) session.useProvider(loaded);
            else loaded.destroy();
          },
          (error: unknown) => {
            if (instance === current) session.fail((error as Error).message);
          },
        );
      // Registered before any call can await `loading`, so the swap happens before a waiting dial goes on.
      const swapped = loading ? swapIn(loading) : null;
      current.dispose.push(
        queue.subscribe((state) => {
          if (state.lastError === null && state.delivered > 0) {
            current.problem = element.problem = null;
            session.setServerStatus('connected');
          } else if (state.lastError && state.pending > 0 && state.online && session.server !== 'connected') {
            session.setServerStatus('unreachable');
          }
        }),
      );

      current.ready = (async () => {
        const opened = await openStore(databaseName);
        try {
          await queue.replaceStore(opened.store);
        } catch (error) {
          opened.error ??= `IndexedDB failed (${describeError(error)}); events are kept in memory only`;
        }
        if (opened.error) queue.reportStorageFallback(opened.error);
        await queue.start();
      })();

      const serverInit = client
        .init({
          ...(options.agent ? { agent: options.agent } : {}),
          sdkVersion: RIBBON_VERSION,
          page: location.href.slice(0, 2000),
        })
        .then((config) => {
          if (instance !== current) return;
          current.config = config;
          session.setServerStatus('connected');
          if (!options.position) element.position = config.widget.position;
          if (!options.theme) element.theme = config.widget.theme;
          if (options.wrapUp === undefined) session.wrapUpEnabled = config.widget.wrapUp;
          const kind = config.telephony.provider;
          if (!asked && kind !== 'simulator' && !session.state.call) return swapIn(loadProvider(kind));
        })
        .catch(async (error: unknown) => {
          await language; // the problem is told in the ribbon's language
          if (instance !== current) return;
          const strings = ribbonStrings(locale, options.strings);
          current.problem = serverProblemOf(error, { apiUrl, origin: location.origin, strings });
          element.problem = current.problem;
          // A refused key is worth telling the agent; a network failure is shown as the status alone.
          const refused = isApiError(error) && (error.status === 401 || error.status === 403);
          session.setServerStatus('unreachable', refused ? error.message : undefined);
        });
      await Promise.all([current.ready, serverInit, swapped, language]);
      // Once the provider is the one the server named: a call this tab had before a reload.
      if (instance === current) await session.restore().catch(() => null);
      return ribbon.getState();
    },

    /** For `exotel-webrtc`: pass to the SDK's `initWebrtc` as its call listener (before or after `init`). */
    webrtcCallListener: ((call, eventType, phone) => {
      const provider = instance?.session.provider as { listener?: ExotelCallListener } | undefined;
      provider?.listener?.(call, eventType, phone);
    }) as ExotelCallListener,

    /** Shows a customer in the bar; `dial()` without a number calls them. */
    setCustomer(next: RibbonCustomer | null): void {
      customer = next ? { ...next, phoneNumber: String(next.phoneNumber ?? '') } : null;
      instance?.session.setCustomer(customer);
    },

    /** Adds a handler for every call event; returns its unsubscribe. */
    onCallEvent(handler: CallEventHandler): () => void {
      handlers.add(handler);
      const off = instance?.session.onCallEvent(handler);
      return () => {
        handlers.delete(handler);
        off?.();
      };
    },

    /** Calls `phoneNumber`, else the current customer. */
    async dial(phoneNumber?: string): Promise<void> {
      await require().session.dial(phoneNumber);
    },

    async hangup(): Promise<void> {
      await require().session.hangup();
    },

    async answer(): Promise<void> {
      await require().session.answer();
    },

    async reject(): Promise<void> {
      await require().session.reject();
    },

    /** The simulator only: raises an incoming call. */
    simulateIncoming(call: { phoneNumber: string }): string {
      const { provider } = require().session;
      if (!(provider instanceof SimulatorProvider))
        throw new Error('simulateIncoming needs the simulator provider');
      return provider.simulateIncoming(call);
    },

    getState(): RibbonState {
      const session = instance?.session;
      const state = session?.state;
      return {
        initialized: !!instance,
        demoMode: session?.provider.demo ?? false,
        provider: session?.provider.name ?? null,
        server: state?.server ?? null,
        online: state ? state.queue.online : globalThis.navigator?.onLine !== false,
        customer: state ? state.customer : customer,
        call: state?.call ?? null,
        wrapUp: state?.wrapUp ?? null,
        lastCall: state?.lastCall ?? null,
        error: state?.error ?? null,
        problem: instance?.problem ?? null,
        queue: state?.queue ?? null,
        deadLetters: instance?.queue.deadLetterList ?? [],
        config: instance?.config ?? null,
      };
    },

    /** Sends waiting events now; resolves when this attempt is over. */
    async flush(): Promise<QueueState> {
      const current = require();
      await current.ready;
      await current.queue.flush();
      return current.queue.state;
    },

    /** Dead letters from storage (shared by every tab). */
    async getDeadLetters(): Promise<DeadLetter[]> {
      const current = require();
      await current.ready;
      return current.queue.deadLetters();
    },

    /** Puts dead letters back in the queue (all, or the given event ids). */
    async retryDeadLetters(eventIds?: string[]): Promise<void> {
      await require().queue.retryDeadLetters(eventIds);
    },

    /** Deletes dead letters the host has dealt with (all, or the given event ids). */
    async clearDeadLetters(eventIds?: string[]): Promise<void> {
      await require().queue.clearDeadLetters(eventIds);
    },

    /** Removes the ribbon and stops the queue; stored events stay for the next page. */
    destroy(): void {
      destroy();
      handlers.clear();
    },
  };
  return ribbon;
};

export type ExotelCallRibbon = ReturnType<typeof createCallRibbon>;
