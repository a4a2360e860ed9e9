import type { LiveCallMessage, LiveStreamOptions } from '@call-ribbon/client';
import type {
  ActiveCallsResponse,
  Call,
  CallDirection,
  CallEvent,
  CallEventName,
  CallStatus,
  CustomersByPhoneResponse,
  EventCustomerData,
  StartCallRequest,
  StartCallResponse,
} from '@call-ribbon/contract';
import {
  type CallProvider,
  CallProviderError,
  type ProviderCallEvent,
  type ProviderListener,
  type RestoreOutcome,
  type RestoringCall,
} from './provider.ts';

/** What the provider hands the live stream: its calls, and when to refetch. */
export type LiveStreamHandlers = Required<Pick<LiveStreamOptions, 'onCall' | 'onResync'>>;

/** The client methods the Exotel providers call. */
export interface ExotelCallsApi {
  calls: {
    start(body: StartCallRequest): Promise<StartCallResponse>;
    active(): Promise<ActiveCallsResponse>;
    /** Newest calls first; finds how a call that ended while the stream was away ended. */
    list?(query: { pageSize?: number; startDate?: string; endDate?: string }): Promise<{ logs: Call[] }>;
  };
  /** Finds the customer of a number dialled without `setCustomer`, so the call carries them. */
  customers?: { findByPhone(phone: string): Promise<CustomersByPhoneResponse> };
}

export interface ExotelProviderOptions {
  api: ExotelCallsApi;
  /** Opens the live stream with these handlers (the facade passes the client's `stream`). */
  openStream: (handlers: LiveStreamHandlers) => { close(): void };
  /** The agent Exotel rings first; the tenant's only agent when absent. */
  agentId?: string | undefined;
  /** The customer id to record with a call to this number (the one shown in the bar). */
  customerId?: (phoneNumber: string) => string | undefined;
}

/** A call the provider follows. */
export interface FollowedCall {
  callId: string;
  direction: CallDirection;
  phoneNumber: string;
  status: CallStatus;
  /** Exotel's CallSid. */
  sid: string | null;
  held: boolean;
  muted: boolean;
}

// Statuses only move forward; a late or replayed message never takes a call back.
const RANK: Record<CallStatus, number> = {
  dialing: 1,
  incoming: 1,
  ringing: 2,
  connected: 3,
  'on-hold': 3,
  completed: 4,
  missed: 4,
  rejected: 4,
  failed: 4,
};
const END: Partial<Record<CallStatus, CallEventName>> = {
  completed: 'callEnded',
  missed: 'missed',
  rejected: 'rejected',
  failed: 'failed',
};

const messageOf = (error: unknown): string => {
  const record = error as { serverMessage?: unknown; message?: unknown } | null;
  const text = record?.serverMessage ?? record?.message;
  return typeof text === 'string' && text ? text : String(error);
};

/**
 * Click-to-call through the server: `dial` asks `POST /api/ribbon/calls` to have Exotel ring
 * the agent's phone, then the customer; the call's progress comes from the live stream. The
 * server records every event from Exotel's callbacks, so these events are marked `recorded`.
 */
export class ExotelProvider implements CallProvider {
  readonly name: string = 'exotel';
  readonly demo = false;
  readonly onPhone: boolean = true;
  protected readonly options: ExotelProviderOptions;
  protected current: FollowedCall | null = null;
  protected placing = false;
  /** Inbound calls ring on the agent's phone and are announced on the stream (not so with WebRTC). */
  protected readonly streamsInbound: boolean = true;
  private readonly listeners = new Set<ProviderListener>();
  /** Recent messages by call id: the stream may announce a call before `POST /calls` answers. */
  private readonly recent = new Map<string, LiveCallMessage>();
  private readonly stream: { close(): void };

  constructor(options: ExotelProviderOptions) {
    this.options = options;
    this.stream = options.openStream({
      onCall: (message) => this.onMessage(message),
      onResync: () => void this.resync(),
    });
  }

  /** The call followed now, for tests and diagnostics. */
  get call(): Readonly<FollowedCall> | null {
    return this.current;
  }

  async dial(phoneNumber: string): Promise<void> {
    if (this.current || this.placing) throw new CallProviderError('A call is already in progress');
    this.placing = true;
    let started: StartCallResponse;
    let customerData: EventCustomerData | undefined;
    try {
      let customerId: string | undefined;
      ({ customerId, customerData } = await this.customerFor(phoneNumber));
      started = await this.options.api.calls.start({
        to: phoneNumber,
        ...(customerId ? { customerId } : {}),
        ...(this.options.agentId ? { agentId: this.options.agentId } : {}),
      });
    } catch (error) {
      throw new CallProviderError(messageOf(error));
    } finally {
      this.placing = false;
    }
    const call: FollowedCall = {
      callId: started.callId,
      direction: 'outbound',
      phoneNumber,
      status: 'dialing',
      sid: started.providerCallSid,
      held: false,
      muted: false,
    };
    this.current = call;
    const early = this.recent.get(call.callId);
    // The server logged `dialing` as `exotel:<CallSid>:dialing` (docs/telephony.md), maybe not yet on the stream.
    const dialing = serverEvent(early?.events, 'dialing');
    this.emit(call, 'dialing', {
      ...(dialing.eventId || !call.sid ? dialing : { eventId: `exotel:${call.sid}:dialing` }),
      ...(customerData ? { customerData } : {}),
    });
    this.placed(call);
    if (early?.call) this.advance(call, early.call, early.events);
  }

  /**
   * Whom a call to this number is for: the customer in the bar when it is their number, else
   * the first customer the server has with it (`customerData`, for the call's events).
   */
  protected async customerFor(
    phoneNumber: string,
  ): Promise<{ customerId?: string | undefined; customerData?: EventCustomerData | undefined }> {
    const customerId = this.options.customerId?.(phoneNumber);
    if (customerId) return { customerId };
    const customerData = await this.lookUp(phoneNumber);
    return { customerId: customerData?.customerId ?? undefined, customerData };
  }

  /** The first customer with this number, if any; an unreachable server dials without one. */
  private async lookUp(phoneNumber: string): Promise<EventCustomerData | undefined> {
    const found = await this.options.api.customers
      ?.findByPhone(phoneNumber)
      .then((answer) => answer.customers[0])
      .catch(() => undefined);
    if (!found) return undefined;
    return Object.fromEntries(
      Object.entries({
        customerId: found.customerId,
        name: found.name,
        phone: found.phone ?? phoneNumber,
        email: found.email,
        company: found.company,
      }).filter((entry) => typeof entry[1] === 'string'),
    ) as EventCustomerData;
  }

  async answer(): Promise<void> {
    this.onYourPhone();
  }

  async reject(): Promise<void> {
    this.onYourPhone();
  }

  async hangup(): Promise<void> {
    this.onYourPhone();
  }

  async mute(_muted: boolean): Promise<void> {
    this.onYourPhone();
  }

  async hold(_held: boolean): Promise<void> {
    this.onYourPhone();
  }

  async sendDigits(_digits: string): Promise<void> {
    this.onYourPhone();
  }

  subscribe(listener: ProviderListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    this.stream.close();
    this.listeners.clear();
    this.current = null;
  }

  /** Refetches the active calls and brings the followed call up to date (after a gap in the stream). */
  async resync(): Promise<void> {
    const followed = this.current;
    let calls: Call[];
    try {
      ({ calls } = await this.options.api.calls.active());
    } catch {
      return; // The stream's next reconnection resyncs again.
    }
    if (followed && this.current === followed && this.followsServer(followed)) {
      const found = calls.find((call) => call.callId === followed.callId);
      if (found) this.advance(followed, found, []);
      else await this.finish(followed);
    }
    if (this.current || this.placing) return;
    const ringing = calls.find((call) => this.announces(call));
    if (ringing) this.follow(ringing, []);
  }

  /**
   * After a reload: the server's active calls say whether the call is still going (it is on
   * the agent's phone); if so it is followed again. Otherwise its end is read from the call
   * log, and when the server has none, the session logs it. Unreachable server: the call is
   * shown, and the stream's next resync settles it.
   */
  async restore(restoring: RestoringCall): Promise<RestoreOutcome> {
    if (this.current?.callId === restoring.callId) return 'live';
    const followed: FollowedCall = {
      callId: restoring.callId,
      direction: restoring.direction,
      phoneNumber: restoring.phoneNumber,
      status: restoring.phase === 'connected' ? (restoring.held ? 'on-hold' : 'connected') : restoring.phase,
      sid: restoring.providerCallSid ?? null,
      held: restoring.held,
      muted: restoring.muted,
    };
    let active: Call[] | null;
    try {
      ({ calls: active } = await this.options.api.calls.active());
    } catch {
      active = null;
    }
    // Another call took the line meanwhile: the server's record of this one stands.
    if (this.current || this.placing) return 'reported';
    const found = active?.find((call) => call.callId === restoring.callId);
    if (active === null || found) {
      this.current = followed;
      if (found) this.advance(followed, found, []);
      if (this.current !== followed) return 'reported';
      const outcome = this.still(followed);
      if (outcome !== 'live') this.current = null;
      return outcome;
    }
    // Not active: the server may have its end. A window around its start finds it among the newest calls.
    const slack = 15 * 60_000;
    const logs = await this.options.api.calls
      .list?.({
        pageSize: 500,
        startDate: new Date(restoring.startedAt - slack).toISOString(),
        endDate: new Date(restoring.startedAt + slack).toISOString(),
      })
      .then((page) => page.logs)
      .catch(() => null);
    if (this.current || this.placing) return 'reported';
    const ended = logs?.find((logged) => logged.callId === restoring.callId);
    if (ended && END[ended.status]) {
      this.current = followed;
      this.advance(followed, ended, []);
      return 'reported';
    }
    return 'gone';
  }

  /** Hook: a restored call the server still lists (or cannot be asked about); WebRTC checks the page still has it. */
  protected still(_call: FollowedCall): RestoreOutcome {
    return 'live';
  }

  /** The customer the server found by phone when it logged this call's `incoming` (Exotel's Passthru), if the stream brought it. */
  protected announcedCustomer(callId: string): EventCustomerData | undefined {
    const customerData = this.recent
      .get(callId)
      ?.events.find((event) => event.event === 'incoming')?.customerData;
    return customerData?.customerId ? customerData : undefined;
  }

  /** Hook: does the server's view (stream, active calls) move this call? Not for a call the browser's SDK drives. */
  protected followsServer(_call: FollowedCall): boolean {
    return true;
  }

  /** Hook: an outbound call was placed (the WebRTC provider answers its own leg). */
  protected placed(_call: FollowedCall): void {}

  /** A followed call ended while the stream was away: its final state is read from the call log. */
  protected async finish(call: FollowedCall): Promise<void> {
    const logs = await this.options.api.calls
      .list?.({ pageSize: 50 })
      .then((page) => page.logs)
      .catch(() => []);
    if (this.current !== call) return;
    const ended = logs?.find((logged) => logged.callId === call.callId);
    if (ended && END[ended.status]) return this.advance(call, ended, []);
    this.current = null;
    this.emit(call, RANK[call.status] >= 3 ? 'callEnded' : 'missed');
  }

  protected onMessage(message: LiveCallMessage): void {
    this.recent.set(message.callId, message);
    if (this.recent.size > 20) this.recent.delete(this.recent.keys().next().value!);
    const { call } = message;
    if (!call) return;
    if (this.current?.callId === call.callId) {
      if (this.followsServer(this.current)) this.advance(this.current, call, message.events);
    } else if (!this.current && !this.placing && this.announces(call)) this.follow(call, message.events);
  }

  /** An inbound call ringing for this agent (or for any agent, when none is set). */
  private announces(call: Call): boolean {
    const agent = this.options.agentId;
    return (
      this.streamsInbound &&
      call.direction === 'inbound' &&
      call.status === 'incoming' &&
      (!agent || !call.agentId || call.agentId === agent)
    );
  }

  /** Dial-whom's `ringing` names the agents Exotel rings (`metadata.ringingAgents`): is this one of them? */
  private ringsHere(events: CallEvent[]): boolean {
    const agents = events.find((event) => event.event === 'ringing')?.metadata?.ringingAgents;
    const agent = this.options.agentId;
    return !agent || !Array.isArray(agents) || agents.includes(agent);
  }

  private follow(call: Call, events: CallEvent[]): void {
    const followed: FollowedCall = {
      callId: call.callId,
      direction: call.direction,
      phoneNumber: call.phoneNumber,
      status: 'incoming',
      sid: null,
      held: false,
      muted: false,
    };
    this.current = followed;
    // The server looked the caller up by phone when it logged `incoming`: the screen pop shows them at once.
    const customerData = events.find((event) => event.event === 'incoming')?.customerData;
    this.emit(followed, 'incoming', {
      ...serverEvent(events, 'incoming'),
      ...(customerData?.customerId ? { customerData } : {}),
    });
  }

  /** Turns the derived status into the provider events between the old status and the new. */
  protected advance(followed: FollowedCall, call: Call, events: CallEvent[]): void {
    const from = followed.status;
    const to = call.status;
    if (to === from || RANK[to] < RANK[from]) return;
    if (to === 'ringing' && followed.direction === 'inbound' && !this.ringsHere(events)) return;
    const steps: CallEventName[] = [];
    if (RANK[to] === 3 || to === 'completed') {
      if (RANK[from] < 3) steps.push('connected');
      const held = to === 'on-hold';
      if (RANK[to] === 3 && held !== followed.held) steps.push(held ? 'hold' : 'unhold');
    } else if (to === 'ringing') steps.push('ringing');
    const end = END[to];
    if (end) steps.push(end);
    followed.status = to;
    if (end) this.current = null;
    for (const step of steps) {
      if (step === 'hold' || step === 'unhold') followed.held = step === 'hold';
      const recorded = serverEvent(events, step);
      this.emit(followed, step, {
        timestamp:
          recorded.timestamp ??
          (step === 'connected' ? call.answerTime : end === step ? call.endTime : null) ??
          undefined,
        ...(recorded.eventId ? { eventId: recorded.eventId } : {}),
        ...(step === 'callEnded' ? { duration: call.duration } : {}),
        ...(step === 'callEnded' && call.recordingUrl
          ? { metadata: { recordingUrl: call.recordingUrl } }
          : {}),
      });
    }
  }

  protected emit(call: FollowedCall, event: CallEventName, extra: Partial<ProviderCallEvent> = {}): void {
    const payload: ProviderCallEvent = {
      event,
      callId: call.callId,
      direction: call.direction,
      phoneNumber: call.phoneNumber,
      recorded: true,
      ...(call.sid ? { providerCallSid: call.sid } : {}),
      ...Object.fromEntries(Object.entries(extra).filter((entry) => entry[1] !== undefined)),
    };
    for (const listener of this.listeners) listener(payload);
  }

  private onYourPhone(): never {
    throw new CallProviderError('With click-to-call, answer, mute, hold and hang up on your phone');
  }
}

/** The server's id and time of the event named `name` in a stream message, if it is there. */
const serverEvent = (events: CallEvent[] | undefined, name: CallEventName) => {
  const event = events?.find((candidate) => candidate.event === name);
  return event ? { eventId: event.eventId, timestamp: event.timestamp } : {};
};
