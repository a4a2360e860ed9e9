import type { CallDirection, CallEventName } from '@call-ribbon/contract';
import {
  type CallProvider,
  CallProviderError,
  type ProviderCallEvent,
  type ProviderListener,
} from './provider.ts';

export interface SimulatorOptions {
  /** From dialing to ringing, ms. */
  ringDelayMs?: number;
  /** From ringing to the callee answering, ms. */
  answerDelayMs?: number;
  /** An incoming call not answered within this becomes `missed`, ms. */
  incomingTimeoutMs?: number;
  /** Numbers that fail to connect (e.g. to demonstrate `failed`). */
  failingNumbers?: string[];
  setTimeout?: (callback: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  newId?: () => string;
}

interface SimulatedCall {
  callId: string;
  direction: CallDirection;
  phoneNumber: string;
  phase: 'dialing' | 'ringing' | 'incoming' | 'connected';
  muted: boolean;
  held: boolean;
  digits: string;
}

/**
 * Telephony without a phone line: outbound calls ring and are answered after a delay, and
 * `simulateIncoming` raises an incoming call. The default when no telephony is configured.
 */
export class SimulatorProvider implements CallProvider {
  readonly name = 'simulator';
  readonly demo = true;
  readonly #options: SimulatorOptions;
  readonly #listeners = new Set<ProviderListener>();
  readonly #timers = new Set<unknown>();
  #call: SimulatedCall | null = null;

  constructor(options: SimulatorOptions = {}) {
    this.#options = options;
  }

  /** Digits sent during the current call, for demos and tests. */
  get sentDigits(): string {
    return this.#call?.digits ?? '';
  }

  async dial(phoneNumber: string): Promise<void> {
    if (this.#call) throw new CallProviderError('A call is already in progress');
    const call = this.#start('outbound', phoneNumber, 'dialing');
    this.#emit(call, 'dialing');
    this.#after(this.#options.ringDelayMs ?? 300, () => {
      if (this.#call !== call) return;
      if (this.#options.failingNumbers?.includes(phoneNumber)) {
        this.#end(call, 'failed', 'Number unreachable');
        return;
      }
      call.phase = 'ringing';
      this.#emit(call, 'ringing');
      this.#after(this.#options.answerDelayMs ?? 2000, () => {
        if (this.#call !== call) return;
        call.phase = 'connected';
        this.#emit(call, 'connected');
      });
    });
  }

  /** Raises an incoming call from `phoneNumber`; resolves with its call id. */
  simulateIncoming({ phoneNumber }: { phoneNumber: string }): string {
    if (this.#call) throw new CallProviderError('A call is already in progress');
    const call = this.#start('inbound', phoneNumber, 'incoming');
    this.#emit(call, 'incoming');
    this.#after(this.#options.incomingTimeoutMs ?? 30_000, () => {
      if (this.#call === call && call.phase === 'incoming') this.#end(call, 'missed');
    });
    return call.callId;
  }

  /** The other party hangs up. */
  simulateRemoteHangup(): void {
    if (this.#call) this.#end(this.#call, this.#call.phase === 'incoming' ? 'missed' : 'callEnded');
  }

  async answer(): Promise<void> {
    const call = this.#require('incoming');
    call.phase = 'connected';
    this.#emit(call, 'connected');
  }

  async reject(): Promise<void> {
    this.#end(this.#require('incoming'), 'rejected');
  }

  async hangup(): Promise<void> {
    if (!this.#call) return;
    this.#end(this.#call, this.#call.phase === 'incoming' ? 'rejected' : 'callEnded');
  }

  async mute(muted: boolean): Promise<void> {
    const call = this.#require('connected');
    if (call.muted === muted) return;
    call.muted = muted;
    this.#emit(call, muted ? 'mute' : 'unmute');
  }

  async hold(held: boolean): Promise<void> {
    const call = this.#require('connected');
    if (call.held === held) return;
    call.held = held;
    this.#emit(call, held ? 'hold' : 'unhold');
  }

  async sendDigits(digits: string): Promise<void> {
    if (!/^[0-9*#]+$/.test(digits)) throw new CallProviderError(`Not DTMF digits: ${digits}`);
    this.#require('connected').digits += digits;
  }

  subscribe(listener: ProviderListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  destroy(): void {
    for (const timer of this.#timers) (this.#options.clearTimeout ?? clearTimeout)(timer as number);
    this.#timers.clear();
    this.#listeners.clear();
    this.#call = null;
  }

  #start(direction: CallDirection, phoneNumber: string, phase: SimulatedCall['phase']): SimulatedCall {
    const callId = this.#options.newId?.() ?? `sim-${crypto.randomUUID()}`;
    this.#call = { callId, direction, phoneNumber, phase, muted: false, held: false, digits: '' };
    return this.#call;
  }

  #end(call: SimulatedCall, event: CallEventName, reason?: string): void {
    this.#call = null;
    this.#emit(call, event, reason);
  }

  #require(phase: SimulatedCall['phase']): SimulatedCall {
    if (!this.#call || this.#call.phase !== phase) throw new CallProviderError(`No ${phase} call`);
    return this.#call;
  }

  #after(ms: number, run: () => void): void {
    const set =
      this.#options.setTimeout ?? ((callback: () => void, delay: number) => setTimeout(callback, delay));
    const timer = set(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    this.#timers.add(timer);
  }

  #emit(call: SimulatedCall, event: CallEventName, reason?: string): void {
    const payload: ProviderCallEvent = {
      event,
      callId: call.callId,
      direction: call.direction,
      phoneNumber: call.phoneNumber,
      ...(reason ? { reason } : {}),
    };
    for (const listener of this.#listeners) listener(payload);
  }
}
