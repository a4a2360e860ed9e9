import type { RibbonSession } from '../session/ribbon-session.ts';
import { format, type RibbonStrings } from '../strings.ts';

export interface MissedCallsOptions {
  /** The ribbon element: the notice goes in its slot. */
  host: HTMLElement;
  session: RibbonSession;
  /** The ribbon's strings in its language, once loaded. */
  strings: Promise<RibbonStrings>;
}

/**
 * Leaves "Missed call from <name or number>" in the ribbon after an inbound call nobody
 * answered, with a call-back button (the session's normal dial) and a dismiss button. The
 * newest missed call replaces the one shown.
 */
export class MissedCalls {
  readonly #options: MissedCallsOptions;
  readonly #off: () => void;
  #notice: HTMLElement | null = null;

  constructor(options: MissedCallsOptions) {
    this.#options = options;
    this.#off = options.session.onCallEvent((event, data) => {
      if (event === 'missed' && data.direction === 'inbound')
        void this.#show(data.phoneNumber, data.customerData.name);
    });
  }

  destroy(): void {
    this.#off();
    this.#dismiss();
  }

  async #show(phoneNumber: string, name: string | undefined): Promise<void> {
    const t = await this.#options.strings;
    this.#dismiss();
    const notice = document.createElement('span');
    notice.setAttribute('role', 'status');
    const back = document.createElement('button');
    back.type = 'button';
    back.textContent = t.call;
    back.addEventListener('click', () => {
      this.#dismiss();
      void this.#options.session.dial(phoneNumber);
    });
    const dismiss = document.createElement('button');
    dismiss.type = 'button';
    dismiss.textContent = t.dismiss;
    dismiss.addEventListener('click', () => this.#dismiss());
    notice.append(format(t.callMissed, { number: name || phoneNumber }), ' ', back, ' ', dismiss);
    this.#notice = notice;
    this.#options.host.append(notice);
  }

  #dismiss(): void {
    this.#notice?.remove();
    this.#notice = null;
  }
}
