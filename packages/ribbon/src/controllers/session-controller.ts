import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RibbonSession } from '../session/ribbon-session.ts';

/** Re-renders the host whenever its session changes, and ticks each second during a call (the timer). */
export class SessionController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #session: RibbonSession | null = null;
  #unsubscribe: (() => void) | null = null;
  #ticker: ReturnType<typeof setInterval> | null = null;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /** Attaches the host to `session` (or detaches with null). */
  attach(session: RibbonSession | null): void {
    if (session === this.#session) return;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#session = session;
    if (session) this.#unsubscribe = session.subscribe(() => this.#update());
    this.#update();
  }

  hostConnected(): void {
    this.#update();
  }

  hostDisconnected(): void {
    this.#stopTicking();
  }

  #update(): void {
    const connected = this.#session?.state.call?.phase === 'connected';
    if (connected && !this.#ticker) this.#ticker = setInterval(() => this.#host.requestUpdate(), 1000);
    if (!connected) this.#stopTicking();
    this.#host.requestUpdate();
  }

  #stopTicking(): void {
    if (this.#ticker) clearInterval(this.#ticker);
    this.#ticker = null;
  }
}
