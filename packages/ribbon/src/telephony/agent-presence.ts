import type { CallRibbonClient } from '@call-ribbon/client';
import type { AgentChosenStatus } from '@call-ribbon/contract';

/** How often the ribbon repeats its status; the server counts an agent silent for 90 s as offline. */
export const HEARTBEAT_MS = 30_000;

const CHOICES: readonly AgentChosenStatus[] = ['available', 'busy', 'away'];

export interface AgentPresenceOptions {
  client: Pick<CallRibbonClient, 'agents'>;
  agent: { id: string; name?: string | undefined };
  /** Where the agent's choice is kept across pages: per tenant and agent. */
  storageKey: string;
  /** The ribbon element: the status control goes in its (default) slot. */
  host: HTMLElement;
  /** `Status|Available|Busy|Away|On a call` in the ribbon's language (the `presence` string), once loaded. */
  labels: Promise<string>;
  /** The ribbon's calls: while one is up the control shows "On a call", as the server lists the agent. */
  calls?: { subscribe(listener: () => void): () => void; readonly state: { call: unknown } };
  window?: Window;
}

const storedChoice = (key: string): AgentChosenStatus => {
  try {
    const value = localStorage.getItem(key) as AgentChosenStatus | null;
    return value && CHOICES.includes(value) ? value : 'available';
  } catch {
    return 'available'; // storage refused (private mode): every page starts available
  }
};

/**
 * Registers the agent with the server (`PUT /api/ribbon/agents/:id/presence`), repeats it every
 * 30 s while the page is shown, and puts a labelled select (available, busy, away) in the
 * ribbon. The agent's choice is kept in localStorage, so the next page starts with it. During a
 * call the select shows "On a call" (the server's own status then) and is locked; the choice
 * comes back when the call ends.
 */
export class AgentPresence {
  readonly #options: AgentPresenceOptions;
  readonly #control: HTMLLabelElement;
  readonly #select: HTMLSelectElement;
  #status: AgentChosenStatus;
  #onCall = false;
  #timer: ReturnType<typeof setInterval> | null = null;
  #destroyed = false;
  readonly #undo: Array<() => void> = [];

  constructor(options: AgentPresenceOptions) {
    this.#options = options;
    this.#status = storedChoice(options.storageKey);
    this.#control = document.createElement('label');
    this.#select = document.createElement('select');
    for (const value of CHOICES) this.#select.add(new Option(value, value));
    const onCall = new Option('On a call', 'on-call');
    onCall.disabled = true;
    onCall.hidden = true;
    this.#select.add(onCall);
    this.#select.value = this.#status;
    this.#select.addEventListener('change', () => void this.set(this.#select.value as AgentChosenStatus));
    // Shown once its words are there (Hindi may still be loading), so it never flashes English.
    void options.labels.then((labels) => {
      const [label, ...names] = labels.split('|');
      this.#control.replaceChildren(`${label} `, this.#select);
      names.forEach((name, index) => {
        const option = this.#select.options[index];
        if (option) option.text = name;
      });
      if (!this.#destroyed) options.host.append(this.#control);
    });
    const win = options.window ?? window;
    const onHide = () => this.#stop();
    const onShow = () => this.#start();
    win.addEventListener('pagehide', onHide);
    win.addEventListener('pageshow', onShow);
    const calls = options.calls;
    if (calls) {
      const follow = () => this.#showCall(calls.state.call != null);
      this.#undo.push(calls.subscribe(follow));
      follow();
    }
    this.#undo.push(
      () => win.removeEventListener('pagehide', onHide),
      () => win.removeEventListener('pageshow', onShow),
      () => this.#control.remove(),
    );
    this.#start();
  }

  /** What the agent chose. */
  get status(): AgentChosenStatus {
    return this.#status;
  }

  /** Sets the agent's status, keeps it for the next page, and tells the server now. */
  set(status: AgentChosenStatus): Promise<void> {
    this.#status = status;
    if (!this.#onCall) this.#select.value = status;
    try {
      localStorage.setItem(this.#options.storageKey, status);
    } catch {
      // Not kept across pages; the server still has it.
    }
    return this.#beat();
  }

  /** Stops heartbeating and removes the control; the server shows the agent offline after 90 s. */
  destroy(): void {
    this.#destroyed = true;
    this.#stop();
    for (const undo of this.#undo.splice(0)) undo();
  }

  #showCall(onCall: boolean): void {
    if (onCall === this.#onCall) return;
    this.#onCall = onCall;
    const option = this.#select.options[CHOICES.length];
    if (option) option.hidden = !onCall;
    this.#select.disabled = onCall;
    this.#select.value = onCall ? 'on-call' : this.#status;
  }

  #start(): void {
    if (this.#timer !== null) return;
    void this.#beat();
    this.#timer = setInterval(() => void this.#beat(), HEARTBEAT_MS);
  }

  #stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  async #beat(): Promise<void> {
    const { agent, client } = this.#options;
    try {
      await client.agents.setPresence(agent.id, {
        status: this.#status,
        ...(agent.name ? { name: agent.name.slice(0, 200) } : {}),
      });
    } catch {
      // Unreachable server: the next heartbeat tries again.
    }
  }
}
