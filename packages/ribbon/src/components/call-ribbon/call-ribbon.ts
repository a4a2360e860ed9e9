import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { AnchoredPopoverController } from '../../controllers/anchored-popover-controller.ts';
import { SessionController } from '../../controllers/session-controller.ts';
import { RibbonCallEvent } from '../../events/ribbon-call-event.ts';
import { RibbonCollapseEvent } from '../../events/ribbon-collapse-event.ts';
import {
  formatCallDuration,
  formatCount,
  isLanguageReady,
  langOf,
  loadLanguage,
  type RibbonLocale,
  resolveLocale,
  ribbonStrings,
} from '../../i18n.ts';
import type { ServerProblem } from '../../server-problem.ts';
import type { RibbonSession, SessionState } from '../../session/ribbon-session.ts';
import { format, type RibbonStrings } from '../../strings.ts';
import { callRibbonStyles } from './call-ribbon.styles.ts';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** Only http(s) links reach an `href`: a `javascript:` URL from data must never run. */
const safeUrl = (url: string | undefined): string | null => {
  if (!url) return null;
  try {
    const parsed = new URL(url, document.baseURI);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
};

/**
 * The call bar: connection and sync state, the current customer, a dialler with keypad, and
 * during a call its status, live timer, mute, hold, DTMF keypad and hang up. Incoming calls
 * open a popover anchored to the bar. Driven by a `RibbonSession` (the facade sets it).
 *
 * @summary A call bar docked at the bottom or top of a CRM page.
 *
 * @slot - With an Exotel provider: the agent's status control (with `agent.id`) and the missed-call notice.
 *
 * @event ribbon-call - A call event happened (`event.event`, `event.data` as `onCallEvent` gets them).
 * @event ribbon-collapse - The agent collapsed the ribbon to its handle or opened it (`event.collapsed`).
 *
 * @csspart bar - The docked bar.
 * @csspart handle - The collapse / expand button.
 * @csspart status - Connection, sync state and the demo badge.
 * @csspart customer - The current customer's name, number and history link.
 * @csspart dialer - The dial form.
 * @csspart keypad - The keypad (dialling or DTMF).
 * @csspart call - Status, timer and controls of the current call.
 * @csspart timer - The live call timer.
 * @csspart wrap-up - The disposition and notes form after a call.
 * @csspart popover - The incoming call popover.
 * @csspart button - Every button.
 *
 * @cssprop --ribbon-bg - Background of the bar and popover.
 * @cssprop --ribbon-fg - Text colour.
 * @cssprop --ribbon-muted - Secondary text colour.
 * @cssprop --ribbon-border - Border colour.
 * @cssprop --ribbon-surface - Background of inputs and buttons.
 * @cssprop --ribbon-accent - Primary buttons and links.
 * @cssprop --ribbon-accent-fg - Text on primary buttons.
 * @cssprop --ribbon-danger - Hang up, reject, offline.
 * @cssprop --ribbon-danger-fg - Text on danger buttons.
 * @cssprop --ribbon-success - The online dot.
 * @cssprop --ribbon-warning - The "events waiting" dot.
 * @cssprop --ribbon-focus - Focus ring colour.
 * @cssprop --ribbon-radius - Corner radius.
 * @cssprop --ribbon-font - Font family.
 * @cssprop --ribbon-font-size - Base font size.
 * @cssprop --ribbon-shadow - Shadow of the bar and popover.
 * @cssprop --ribbon-z-index - Stacking order over the host page.
 * @cssprop --ribbon-transition - Duration and easing of transitions (none under reduced motion).
 */
export class CallRibbonElement extends LitElement {
  static override styles = callRibbonStyles;

  static override properties = {
    position: { reflect: true },
    theme: { reflect: true },
    collapsed: { type: Boolean, reflect: true },
    strings: { attribute: false },
    locale: {},
    problem: { attribute: false },
    session: { attribute: false },
    historyUrl: { attribute: 'history-url' },
    keypadOpen: { state: true },
    dialValue: { state: true },
    announcement: { state: true },
  };

  /** Where the bar docks. */
  declare position: 'bottom' | 'top';
  /** `auto` follows `prefers-color-scheme`. */
  declare theme: 'auto' | 'light' | 'dark';
  /** Shows only the handle. */
  declare collapsed: boolean;
  /** Overrides of the user-visible texts. */
  declare strings: Partial<RibbonStrings>;
  /** `en` or `hi` (any BCP 47 tag: `hi-IN`, `en-IN`); by default the page's `lang`. */
  declare locale: string | undefined;
  /** Why the server cannot be used, with what to do; set by the facade. */
  declare problem: ServerProblem | null;
  /** The behaviour behind the bar; set by the facade. */
  declare session: RibbonSession | null;
  /** Link to the customer's history; `{customerId}` and `{phoneNumber}` are filled in. */
  declare historyUrl: string | undefined;
  declare private keypadOpen: boolean;
  declare private dialValue: string;
  declare private announcement: string;

  readonly #sessionController = new SessionController(this);
  readonly #anchoring = new AnchoredPopoverController(this);
  #unsubscribeCalls: (() => void) | null = null;
  #lastPhase = 'idle';

  constructor() {
    super();
    this.position = 'bottom';
    this.theme = 'auto';
    this.collapsed = false;
    this.strings = {};
    this.locale = undefined;
    this.problem = null;
    this.session = null;
    this.historyUrl = undefined;
    this.keypadOpen = false;
    this.dialValue = '';
    this.announcement = '';
  }

  get #locale(): RibbonLocale {
    return resolveLocale(this.locale ?? langOf(this));
  }

  get #t(): RibbonStrings {
    return ribbonStrings(this.#locale, this.strings);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribeCalls?.();
    this.#unsubscribeCalls = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.session && !this.#unsubscribeCalls) this.#listenToCalls(this.session);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('session')) {
      this.#sessionController.attach(this.session);
      this.#unsubscribeCalls?.();
      this.#unsubscribeCalls = null;
      if (this.session) this.#listenToCalls(this.session);
    }
  }

  protected override updated(): void {
    const state = this.session?.state;
    const phase = state?.call?.phase ?? 'idle';
    const reference = this.renderRoot.querySelector<HTMLElement>('.bar');
    const floating = this.renderRoot.querySelector<HTMLElement>('.popover');
    this.#anchoring.anchor(reference, floating, this.position === 'top' ? 'bottom-end' : 'top-end');
    if (phase !== this.#lastPhase) {
      this.#lastPhase = phase;
      if (phase === 'incoming') floating?.querySelector<HTMLElement>('button')?.focus();
    }
  }

  #listenToCalls(session: RibbonSession): void {
    this.#unsubscribeCalls = session.onCallEvent((event, data) => {
      this.#announce(event, data.phoneNumber, data.customerData.name, data.duration);
      this.#fire(new RibbonCallEvent(event, data));
    });
  }

  #announce(event: string, number: string, name: string | undefined, duration?: number): void {
    const t = this.#t;
    const who = name || number;
    const template = (
      {
        dialing: t.dialing,
        ringing: t.ringing,
        incoming: t.incomingFrom,
        connected: t.connectedWith,
        hold: t.onHold,
        unhold: t.connected,
        mute: t.muted,
        unmute: t.connected,
        callEnded: t.callEnded,
        missed: t.callMissed,
        rejected: t.callRejected,
        failed: t.callFailed,
        wrapUp: t.wrapUpSaved,
      } as Record<string, string>
    )[event];
    this.announcement = template
      ? format(template, {
          number: who,
          name: who,
          duration: formatCallDuration(this.#locale, duration ?? 0, 'long'),
          reason: this.session?.state.error ?? '',
        })
      : '';
  }

  /** Events are declared in the class JSDoc (`@event`), the one place custom-elements.json reads them from. */
  #fire(event: Event): void {
    this.dispatchEvent(event);
  }

  #toggleCollapsed(): void {
    this.collapsed = !this.collapsed;
    this.#fire(new RibbonCollapseEvent(this.collapsed));
  }

  #onDial(event: SubmitEvent): void {
    event.preventDefault();
    const number = this.dialValue.trim() || undefined;
    void this.session?.dial(number).then(() => {
      if (this.session?.state.call) {
        this.dialValue = '';
        this.keypadOpen = false;
      }
    });
  }

  #onKey(key: string, inCall: boolean): void {
    if (inCall) void this.session?.sendDigits(key);
    else this.dialValue += key;
  }

  #onWrapUp(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    void this.session?.finishWrapUp({
      disposition: String(data.get('disposition') ?? ''),
      notes: String(data.get('notes') ?? ''),
    });
  }

  override render(): TemplateResult {
    const t = this.#t;
    const handle = html`<button
      part="button handle"
      class="handle"
      aria-expanded=${String(!this.collapsed)}
      aria-label=${this.collapsed ? t.expand : t.collapse}
      title=${this.collapsed ? t.expand : t.collapse}
      @click=${this.#toggleCollapsed}
    >
      ${this.collapsed ? '☎' : this.position === 'top' ? '▴' : '▾'}
    </button>`;
    const state = this.session?.state;
    const live = html`<div class="sr-only" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>`;
    const lang = this.#locale.tag;
    if (!isLanguageReady(this.#locale.language)) {
      // The bar keeps its place, empty, for the moment its language takes to load: no English flash.
      void loadLanguage(this.#locale.language).then(() => this.requestUpdate());
      return html`<div part="bar" class="bar" role="region" lang=${lang}></div>`;
    }
    if (this.collapsed || !state) {
      return html`<div part="bar" class="bar" role="region" lang=${lang} aria-label=${t.region}>${handle}${live}</div>`;
    }
    return html`<div part="bar" class="bar" role="region" lang=${lang} aria-label=${t.region}>
        ${handle} ${this.#renderStatus(state, t)} ${this.#renderCustomer(state, t)}
        ${state.wrapUp ? this.#renderWrapUp(state.wrapUp.recordingUrl, t) : state.call && state.call.phase !== 'incoming' ? this.#renderCall(state, t) : this.#renderDialer(state, t)}
        ${this.#renderErrors(state)} ${live}
      </div>
      ${state.call?.phase === 'incoming' ? this.#renderIncoming(state, t) : nothing}`;
  }

  /** The server problem with what to do, then any other error (one the problem does not already say). */
  #renderErrors(state: SessionState): TemplateResult {
    const { problem } = this;
    return html`${problem ? html`<p class="error problem" role="alert">${problem.message}</p>` : nothing}
    ${state.error && state.error !== problem?.detail ? html`<p class="error" role="alert">${state.error}</p>` : nothing}`;
  }

  #renderStatus(state: SessionState, t: RibbonStrings): TemplateResult {
    const { queue } = state;
    const problemLabel = {
      'origin-not-allowed': t.originNotAllowed,
      'key-invalid': t.keyInvalid,
      'server-unreachable': t.serverUnreachable,
    };
    const connection = !queue.online
      ? t.offline
      : this.problem && state.server !== 'connected'
        ? problemLabel[this.problem.kind]
        : state.server === 'unreachable'
          ? t.serverUnreachable
          : t.online;
    const waiting =
      queue.pending === 0
        ? ''
        : formatCount(this.#locale, queue.pending, { one: t.eventWaiting, other: t.eventsWaiting });
    const dot =
      !queue.online || state.server === 'unreachable' ? 'offline' : queue.pending > 0 ? 'waiting' : '';
    return html`<div part="status" class="section status">
      <span class="dot ${dot}" aria-hidden="true"></span>
      <span class="connection">${connection}</span>
      ${waiting ? html`<span class="waiting">${waiting}</span>` : nothing}
      ${
        queue.storage === 'memory' && queue.storageError
          ? html`<span class="storage" title=${queue.storageError}>${t.storageMemory}</span>`
          : nothing
      }
      ${this.session?.provider.demo ? html`<span class="badge demo">${t.demoMode}</span>` : nothing}<slot></slot>
    </div>`;
  }

  #renderCustomer(state: SessionState, t: RibbonStrings): TemplateResult {
    const { call } = state;
    const customer = call
      ? {
          name: call.customerData.name,
          phoneNumber: call.phoneNumber,
          customerId: call.customerData.customerId,
        }
      : state.customer;
    if (!customer)
      return html`<div part="customer" class="section customer"><span class="number">${t.noCustomer}</span></div>`;
    const template = this.historyUrl;
    const link =
      template && customer.customerId
        ? safeUrl(
            format(template, {
              customerId: encodeURIComponent(customer.customerId),
              phoneNumber: encodeURIComponent(customer.phoneNumber),
            }),
          )
        : null;
    return html`<div part="customer" class="section customer">
      <span class="name">${customer.name ?? ''}</span>
      <span class="number">${customer.phoneNumber}</span>
      ${link ? html`<a href=${link} target="_blank" rel="noopener">${t.history}</a>` : nothing}
    </div>`;
  }

  #renderKeypad(inCall: boolean, t: RibbonStrings): TemplateResult {
    return html`<div part="keypad" class="keypad" id="keypad" role="group" aria-label=${t.keypadFor}>
      ${KEYS.map(
        (key) =>
          html`<button part="button" type="button" @click=${() => this.#onKey(key, inCall)}>${key}</button>`,
      )}
    </div>`;
  }

  #keypadToggle(t: RibbonStrings): TemplateResult {
    return html`<button
      part="button"
      type="button"
      class="keypad-toggle"
      aria-expanded=${String(this.keypadOpen)}
      aria-controls="keypad"
      @click=${() => {
        this.keypadOpen = !this.keypadOpen;
      }}
    >
      ${t.keypad}
    </button>`;
  }

  #renderDialer(state: SessionState, t: RibbonStrings): TemplateResult {
    const target = this.dialValue.trim() ? '' : (state.customer?.name ?? '');
    return html`<form part="dialer" class="section dialer" @submit=${this.#onDial}>
      <input
        type="tel"
        name="phone"
        inputmode="tel"
        autocomplete="off"
        aria-label=${t.phoneNumber}
        placeholder=${state.customer?.phoneNumber ?? t.phoneNumber}
        .value=${this.dialValue}
        @input=${(event: InputEvent) => {
          this.dialValue = (event.target as HTMLInputElement).value;
        }}
        @keydown=${(event: KeyboardEvent) => {
          if (event.key === 'Escape') this.keypadOpen = false;
        }}
      />
      ${this.#keypadToggle(t)}
      <button part="button" class="primary call-button" type="submit">
        ${target ? format(t.callCustomer, { name: target }) : t.call}
      </button>
      ${this.keypadOpen ? this.#renderKeypad(false, t) : nothing}
    </form>`;
  }

  #renderCall(state: SessionState, t: RibbonStrings): TemplateResult {
    const call = state.call!;
    const who = call.customerData.name || call.phoneNumber;
    const connected = call.phase === 'connected';
    const status = !connected
      ? format(call.phase === 'ringing' ? t.ringing : t.dialing, { number: who })
      : call.held
        ? t.onHold
        : call.muted
          ? t.muted
          : t.connected;
    const seconds = call.connectedAt ? (Date.now() - call.connectedAt) / 1000 : 0;
    const timer = connected
      ? html`<time part="timer" class="timer">${formatCallDuration(this.#locale, seconds)}</time>`
      : nothing;
    // Click-to-call: the agent's phone holds the call; the bar follows it and says so.
    if (this.session?.provider.onPhone) {
      return html`<div part="call" class="section call">
        <span class="call-status">${status}</span>${timer}<span class="on-phone">${t.onPhone}</span>
      </div>`;
    }
    return html`<div part="call" class="section call">
      <span class="call-status">${status}</span>
      ${timer}
      <button
        part="button"
        type="button"
        class="mute"
        aria-pressed=${String(call.muted)}
        ?disabled=${!connected}
        @click=${() => this.session?.toggleMute()}
      >
        ${t.mute}
      </button>
      <button
        part="button"
        type="button"
        class="hold"
        aria-pressed=${String(call.held)}
        ?disabled=${!connected}
        @click=${() => this.session?.toggleHold()}
      >
        ${t.hold}
      </button>
      ${connected ? this.#keypadToggle(t) : nothing}
      <button part="button" type="button" class="danger hangup" @click=${() => this.session?.hangup()}>
        ${t.hangUp}
      </button>
      ${connected && this.keypadOpen ? this.#renderKeypad(true, t) : nothing}
    </div>`;
  }

  #renderWrapUp(recordingUrl: string | undefined, t: RibbonStrings): TemplateResult {
    const dispositions = t.dispositions.split('|').filter(Boolean);
    const recording = safeUrl(recordingUrl);
    return html`<form part="wrap-up" class="section wrap-up" aria-label=${t.wrapUp} @submit=${this.#onWrapUp}>
      <select name="disposition" aria-label=${t.disposition}>
        <option value="">${t.dispositionNone}</option>
        ${dispositions.map((d) => html`<option value=${d}>${d}</option>`)}
      </select>
      <textarea name="notes" aria-label=${t.notes} placeholder=${t.notes}></textarea>
      ${recording ? html`<a class="recording" href=${recording} target="_blank" rel="noopener">${t.recording}</a>` : nothing}
      <button part="button" class="primary" type="submit">${t.save}</button>
      <button part="button" type="button" class="skip" @click=${() => this.session?.finishWrapUp(null)}>
        ${t.skip}
      </button>
    </form>`;
  }

  #renderIncoming(state: SessionState, t: RibbonStrings): TemplateResult {
    const call = state.call!;
    return html`<div
      part="popover"
      class="popover"
      role="dialog"
      aria-labelledby="incoming-title"
      aria-describedby="incoming-caller"
    >
      <strong id="incoming-title">${t.incoming}</strong>
      <span id="incoming-caller">
        ${call.customerData.name ? html`<span class="caller-name">${call.customerData.name}</span> ` : nothing}
        <span class="caller-number">${call.phoneNumber}</span>
      </span>
      <div class="actions">
        ${this.session?.provider.onPhone ? html`<span class="on-phone">${t.onPhone}</span>` : this.#renderAnswer(t)}
      </div>
    </div>`;
  }

  #renderAnswer(t: RibbonStrings): TemplateResult {
    return html`<button part="button" type="button" class="primary answer" @click=${() => this.session?.answer()}>
          ${t.answer}
        </button>
        <button part="button" type="button" class="danger reject" @click=${() => this.session?.reject()}>
          ${t.reject}
        </button>`;
  }
}
