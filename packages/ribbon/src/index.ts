// Bundler entry: importing it registers nothing; import './define.ts' (or call init) for the tag.
import { createCallRibbon } from './facade.ts';

/** The ribbon's version, reported to the server on init. */
export { RIBBON_VERSION } from './facade.ts';

/** The default facade, the same object the script tag puts on `window.ExotelCallRibbon`. */
export const ExotelCallRibbon = createCallRibbon();

export { CallRibbonElement } from './components/call-ribbon/call-ribbon.ts';
export { CALL_RIBBON_TAG, defineCallRibbon } from './components/call-ribbon/registry.ts';
export { RibbonCallEvent } from './events/ribbon-call-event.ts';
export { RibbonCollapseEvent } from './events/ribbon-collapse-event.ts';
export type { ExotelCallRibbon as ExotelCallRibbonFacade, RibbonInitOptions, RibbonState } from './facade.ts';
export { createCallRibbon } from './facade.ts';
export type { RibbonLanguage } from './i18n.ts';
export type { BackoffOptions } from './queue/backoff.ts';
export { retryDelay } from './queue/backoff.ts';
export type { DurableEventQueueOptions, QueueState } from './queue/durable-event-queue.ts';
export { DurableEventQueue, UNLOAD_BUDGET_BYTES } from './queue/durable-event-queue.ts';
export { createFlushLock, LeaseFlushLock, LocalFlushLock, WebFlushLock } from './queue/flush-lock.ts';
export { DEFAULT_DATABASE_NAME, IndexedDbEventStore, StorageTimeoutError } from './queue/idb-store.ts';
export { classifyFailure, logCallTransport } from './queue/log-call-transport.ts';
export { MemoryEventStore } from './queue/memory-store.ts';
export type {
  DeadLetter,
  EventStore,
  FlushLock,
  QueueClock,
  QueueRecord,
  QueueTransport,
  SendFailure,
  SendResult,
} from './queue/types.ts';
export type { ServerProblem, ServerProblemKind } from './server-problem.ts';
export type {
  CustomerLookup,
  RibbonSessionOptions,
  ServerStatus,
  SessionState,
} from './session/ribbon-session.ts';
export { RibbonSession } from './session/ribbon-session.ts';
export type {
  ActiveCall,
  CallEventData,
  CallEventHandler,
  CallPhase,
  LastCallOutcome,
  PendingWrapUp,
  RibbonCustomer,
} from './session/types.ts';
export type { RibbonStrings } from './strings.ts';
export { DEFAULT_STRINGS } from './strings.ts';
export type { ExotelCallsApi, ExotelProviderOptions } from './telephony/exotel-provider.ts';
export { ExotelProvider } from './telephony/exotel-provider.ts';
export type {
  ExotelCallDetails,
  ExotelCallListener,
  ExotelPhoneEvent,
  ExotelWebCall,
  ExotelWebClientLike,
  ExotelWebPhoneLike,
  ExotelWebrtcProviderOptions,
} from './telephony/exotel-webrtc-provider.ts';
export { ExotelWebrtcProvider } from './telephony/exotel-webrtc-provider.ts';
export type { CallProvider, ProviderCallEvent, ProviderListener } from './telephony/provider.ts';
export { CallProviderError } from './telephony/provider.ts';
export type { SimulatorOptions } from './telephony/simulator-provider.ts';
export { SimulatorProvider } from './telephony/simulator-provider.ts';
