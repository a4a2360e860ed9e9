import type { CallEventName } from '@call-ribbon/contract';
import { ExotelProvider, type ExotelProviderOptions, type FollowedCall } from './exotel-provider.ts';
import { CallProviderError, type ProviderCallEvent, type RestoreOutcome } from './provider.ts';

/**
 * What Exotel's SDKs tell of a call: `Call.callDetails()` of `@exotel-npm-dev/webrtc-client-sdk`
 * 2.x, and the data `ExotelWebPhoneSDK` hands its call listener. `callSid` is Exotel's CallSid,
 * read from the INVITE's `X-Exotel-CallSid` header.
 */
export interface ExotelCallDetails {
  callSid?: string;
  /** The SIP Call-ID. */
  callId?: string;
  remoteDisplayName?: string;
  /** The caller as the INVITE names them (ExotelWebPhoneSDK). */
  callFromNumber?: string;
}

/**
 * The call object of Exotel's web client (`@exotel-npm-dev/webrtc-client-sdk`), as far as the
 * ribbon uses it. Its sid is in `callDetails()`; a host's own call object may carry `callSid`.
 */
export interface ExotelWebCall {
  callSid?: string;
  callId?: string;
  remoteDisplayName?: string;
  callDetails?(): ExotelCallDetails;
  Answer(): void;
  Hangup(): void;
  /** Mute and hold emit no events, and the toggles do not say which way they went. */
  MuteToggle(): void;
  HoldToggle(): void;
  sendDTMF(digit: string): void;
}

/**
 * `CallListenerCallback` of `initWebrtc`: `(call, 'incoming' | 'connected' | 'callEnded', callerNumber)`.
 * `terminated` is taken as `callEnded` too (older SDKs).
 */
export type ExotelCallListener = (call: ExotelWebCall, eventType: string, phone?: string) => void;

/** The host's `new ExotelWebClient()`, given `initWebrtc`; the ribbon registers it in the tab that owns the calls. */
export interface ExotelWebClientLike {
  getCall?(): ExotelWebCall | undefined | null;
  DoRegister?(): unknown;
  UnRegister?(): unknown;
}

/** The events `ExotelWebPhoneSDK` hands its call listener. */
export type ExotelPhoneEvent = 'incoming' | 'connected' | 'callEnded' | 'holdtoggle' | 'mutetoggle';

/**
 * The phone object of Exotel's CRM SDK (`@exotel-npm-dev/exotel-ip-calling-crm-websdk`): what
 * `new ExotelCRMWebSDK(token, userId, false).Initialize(listener, onRegister, onSession)` resolves
 * to (1.2.2 calls the last two without checking they were given). Its own type,
 * `ExotelWebPhoneSDK`, is assignable to this (checked in exotel-sdk.test-d.ts).
 */
export interface ExotelWebPhoneLike {
  /** The listener given to `Initialize`; the ribbon listens beside it while it owns the phone. */
  _softPhoneCallListenerCallback(event: ExotelPhoneEvent, data: ExotelCallDetails): void;
  RegisterDevice(): void;
  UnRegisterDevice(): void;
  AcceptCall(): void;
  HangupCall(): void;
  ToggleHold(): void;
  ToggleMute(): void;
  SendDTMF(digit: string): void;
  /** `customField` comes back in Exotel's status callback (Exotel documents it; 1.2.2 does not send it yet). */
  MakeCall(
    number: string,
    callback: (status: 'success' | 'failed', data: unknown) => void,
    customField?: string,
  ): Promise<void>;
}

export const isExotelWebPhone = (client: object): client is ExotelWebPhoneLike =>
  typeof (client as Partial<ExotelWebPhoneLike>).AcceptCall === 'function';

export interface ExotelWebrtcProviderOptions extends ExotelProviderOptions {
  /** Exotel's web client, or the CRM SDK's phone object. */
  client: ExotelWebClientLike | ExotelWebPhoneLike;
  /** How long an outbound call the SDK saw end waits for the server's final state, ms. @default 8000 */
  endGraceMs?: number;
  setTimeout?: (run: () => void, ms: number) => unknown;
}

/** The phone object's call, in the web client's terms. */
const phoneCall = (phone: ExotelWebPhoneLike, details: ExotelCallDetails): ExotelWebCall => ({
  ...(details.callSid ? { callSid: details.callSid } : {}),
  ...(details.callId ? { callId: details.callId } : {}),
  remoteDisplayName: details.callFromNumber || details.remoteDisplayName || '',
  Answer: () => phone.AcceptCall(),
  Hangup: () => phone.HangupCall(),
  MuteToggle: () => phone.ToggleMute(),
  HoldToggle: () => phone.ToggleHold(),
  sendDTMF: (digit) => phone.SendDTMF(digit),
});

const messageOf = (data: unknown): string => {
  const record = data as { message?: unknown; Message?: unknown } | null;
  const text = record?.message ?? record?.Message;
  return typeof text === 'string' && text ? text : 'Exotel could not place the call';
};

/** Exotel's CallSid of an SDK call: on a host's call object, or in the SDK's call details. */
const sidOf = (call: ExotelWebCall): string | null => call.callSid || call.callDetails?.().callSid || null;

/**
 * Calls in the browser through Exotel's SDKs: the web client (`initWebrtc`) or the CRM SDK's
 * phone object. In the tab that owns the calls, the ribbon registers the SIP user.
 * Outbound with the web client: the server's `Calls/connect` rings the agent's SIP user, and the
 * INVITE carrying that CallSid is answered here at once (it is the agent's own leg); progress
 * comes from the live stream as with `exotel`. Outbound with the phone object: its `MakeCall`
 * places the call with our call id as `CustomField`; the agent's leg is answered here, and the
 * ribbon logs the call (Exotel's status callback, joined by that id, adds talk time and recording).
 * Inbound: the SDK's `incoming` rings in the bar; those events are the ribbon's to log, on the
 * call `exotel-in-<CallSid>` that Exotel's Passthru requests log too. Mute and hold are tracked here.
 */
export class ExotelWebrtcProvider extends ExotelProvider {
  override readonly name: string = 'exotel-webrtc';
  override readonly onPhone: boolean = false;
  protected override readonly streamsInbound: boolean = false;
  private readonly webrtc: ExotelWebrtcProviderOptions;
  private readonly phone: ExotelWebPhoneLike | null;
  private sdkCall: ExotelWebCall | null = null;
  /** An INVITE that came while `POST /calls` was still on its way. */
  private early: ExotelWebCall | null = null;
  private rejecting = false;
  /** Outbound calls placed with the phone's `MakeCall`: the server did not place them, so the ribbon logs them. */
  private readonly madeHere = new Set<string>();
  private readonly unhook: () => void = () => {};

  constructor(options: ExotelWebrtcProviderOptions) {
    super(options);
    this.webrtc = options;
    const { client } = options;
    if (isExotelWebPhone(client)) {
      this.phone = client;
      const host = client._softPhoneCallListenerCallback;
      const heard = (event: ExotelPhoneEvent, data: ExotelCallDetails) => {
        try {
          host?.call(client, event, data);
        } finally {
          if (event === 'incoming' || event === 'connected' || event === 'callEnded')
            this.listener(phoneCall(client, data ?? {}), event);
        }
      };
      client._softPhoneCallListenerCallback = heard;
      this.unhook = () => {
        if (client._softPhoneCallListenerCallback === heard) client._softPhoneCallListenerCallback = host;
      };
      client.RegisterDevice();
    } else {
      this.phone = null;
      // A second DoRegister while registered is a no-op in the SDK.
      client.DoRegister?.();
    }
  }

  /** Pass this to `initWebrtc` as its call listener (or call it from yours). */
  readonly listener: ExotelCallListener = (sdkCall, eventType, phone) => {
    const sid = sidOf(sdkCall);
    const current = this.current;
    const ours = current !== null && sid !== null && current.sid === sid;
    if (eventType === 'incoming') {
      if (ours && current.direction === 'outbound') return this.answerOwnLeg(sdkCall);
      // MakeCall's INVITE to the agent's SIP user: the first one while that call has no CallSid yet.
      if (current && current.sid === null && this.madeHere.has(current.callId)) {
        current.sid = sid;
        return this.answerOwnLeg(sdkCall);
      }
      if (this.placing) {
        this.early = sdkCall;
        return;
      }
      if (current) return; // Busy: the SDK keeps ringing it elsewhere, or Exotel moves on.
      this.sdkCall = sdkCall;
      this.rejecting = false;
      const details = sdkCall.callDetails?.();
      const caller =
        sdkCall.remoteDisplayName || details?.remoteDisplayName || details?.callFromNumber || phone || '';
      const call: FollowedCall = {
        // The call Exotel's Passthru logs too: one call whichever of the two reports first.
        callId: sid
          ? `exotel-in-${sid}`
          : `webrtc-${sdkCall.callId ?? details?.callId ?? crypto.randomUUID()}`,
        direction: 'inbound',
        phoneNumber: caller.trim() || 'unknown',
        status: 'incoming',
        sid,
        held: false,
        muted: false,
      };
      this.current = call;
      // Passthru logged the call before Exotel rang here: the screen pop has the customer at once.
      const customerData = this.announcedCustomer(call.callId);
      this.local(call, 'incoming', customerData ? { customerData } : {});
      return;
    }
    if (!current || (sid !== null && current.sid !== sid)) return;
    const logsHere = current.direction === 'inbound' || this.madeHere.has(current.callId);
    if (eventType === 'connected') {
      this.sdkCall = sdkCall;
      // Server-placed outbound: only the agent's leg is up; the stream says when the customer answers.
      if (logsHere) {
        current.status = 'connected';
        this.local(current, 'connected');
      }
    } else if (eventType === 'callEnded' || eventType === 'terminated') {
      this.sdkCall = null;
      if (logsHere) {
        this.current = null;
        const talked = current.status === 'connected';
        const event: CallEventName = talked
          ? 'callEnded'
          : current.direction === 'outbound'
            ? 'failed'
            : this.rejecting
              ? 'rejected'
              : 'missed';
        this.local(current, event);
        this.madeHere.delete(current.callId);
      } else {
        // The server's terminal callback carries the talk time; without it, end from what is known.
        (this.webrtc.setTimeout ?? setTimeout)(() => {
          if (this.current === current) void this.finish(current);
        }, this.webrtc.endGraceMs ?? 8000);
      }
    }
  };

  /**
   * With the web client, the server places the call (`exotel`'s dial). With the phone object,
   * its `MakeCall` does, carrying our call id as `CustomField`; the ribbon logs `dialing` first.
   */
  override async dial(phoneNumber: string): Promise<void> {
    const phone = this.phone;
    if (!phone) return super.dial(phoneNumber);
    if (this.current || this.placing) throw new CallProviderError('A call is already in progress');
    this.placing = true;
    let found: Awaited<ReturnType<ExotelProvider['customerFor']>>;
    try {
      found = await this.customerFor(phoneNumber);
    } finally {
      this.placing = false;
    }
    if (this.current) throw new CallProviderError('A call is already in progress');
    const call: FollowedCall = {
      callId: `webrtc-${crypto.randomUUID()}`,
      direction: 'outbound',
      phoneNumber,
      status: 'dialing',
      sid: null,
      held: false,
      muted: false,
    };
    this.madeHere.add(call.callId);
    this.current = call;
    this.local(call, 'dialing', found.customerData ? { customerData: found.customerData } : {});
    const [status, data] = await new Promise<[string, unknown]>((resolve) => {
      phone
        .MakeCall(phoneNumber, (outcome, answer) => resolve([outcome, answer]), call.callId)
        .catch((error: unknown) => resolve(['failed', error]));
    });
    if (status === 'success') return;
    const message = messageOf(data);
    if (this.current === call) {
      this.current = null;
      this.local(call, 'failed', { reason: message });
    }
    this.madeHere.delete(call.callId);
    throw new CallProviderError(message);
  }

  override async answer(): Promise<void> {
    if (this.current?.status !== 'incoming' || !this.sdkCall) throw new CallProviderError('No incoming call');
    this.sdkCall.Answer();
  }

  override async reject(): Promise<void> {
    if (this.current?.status !== 'incoming' || !this.sdkCall) throw new CallProviderError('No incoming call');
    this.rejecting = true;
    this.sdkCall.Hangup();
  }

  override async hangup(): Promise<void> {
    const call = this.sdkCall ?? this.clientCall();
    if (!call) throw new CallProviderError('The call has not reached this browser yet');
    call.Hangup();
  }

  override async mute(muted: boolean): Promise<void> {
    const [current, call] = this.connected();
    if (current.muted === muted) return;
    call.MuteToggle();
    current.muted = muted;
    this.local(current, muted ? 'mute' : 'unmute', {}, false);
  }

  override async hold(held: boolean): Promise<void> {
    const [current, call] = this.connected();
    if (current.held === held) return;
    call.HoldToggle();
    current.held = held;
    this.local(current, held ? 'hold' : 'unhold', {}, false);
  }

  override async sendDigits(digits: string): Promise<void> {
    if (!/^[0-9A-D*#]+$/.test(digits)) throw new CallProviderError(`Not DTMF digits: ${digits}`);
    const [, call] = this.connected();
    for (const digit of digits) call.sendDTMF(digit);
  }

  /** Stops listening to the phone object; the SIP registration stays with the page (a call may be on it). */
  override destroy(): void {
    this.unhook();
    super.destroy();
  }

  /**
   * Inbound calls and `MakeCall` calls move by the SDK's events only: the stream's view of them
   * (Dial whom's `ringing`, Passthru's outcome, the ribbon's own events coming back) must not
   * take the call from "incoming" to "ringing", nor end it while the SDK still has it.
   */
  protected override followsServer(call: FollowedCall): boolean {
    return call.direction === 'outbound' && !this.madeHere.has(call.callId);
  }

  /** The call's audio was in the page: it survives only if the SDK still has it (the ribbon was re-created, not the page). */
  protected override still(call: FollowedCall): RestoreOutcome {
    const sdkCall = this.clientCall();
    if (!sdkCall || !call.sid || sidOf(sdkCall) !== call.sid) return 'gone';
    this.sdkCall = sdkCall;
    return 'live';
  }

  protected override placed(call: FollowedCall): void {
    const early = this.early;
    this.early = null;
    if (early && sidOf(early) === call.sid) this.answerOwnLeg(early);
  }

  /** The web client's current call object (the phone object keeps its own). */
  private clientCall(): ExotelWebCall | null {
    return this.phone ? null : ((this.webrtc.client as ExotelWebClientLike).getCall?.() ?? null);
  }

  private answerOwnLeg(sdkCall: ExotelWebCall): void {
    this.sdkCall = sdkCall;
    sdkCall.Answer();
  }

  private connected(): [FollowedCall, ExotelWebCall] {
    const current = this.current;
    if (!current || (current.status !== 'connected' && current.status !== 'on-hold') || !this.sdkCall) {
      throw new CallProviderError('No connected call');
    }
    return [current, this.sdkCall];
  }

  /**
   * An event only this browser knows: the ribbon logs it. SDK call events get stable ids
   * (`webrtc:<CallSid>:<event>`, or the call id for a call placed with `MakeCall`).
   */
  private local(
    call: FollowedCall,
    event: CallEventName,
    extra: Partial<Pick<ProviderCallEvent, 'reason' | 'customerData'>> = {},
    stableId = true,
  ): void {
    const key = this.madeHere.has(call.callId) ? call.callId : call.sid;
    this.emit(call, event, {
      recorded: false,
      ...extra,
      ...(stableId && key ? { eventId: `webrtc:${key}:${event}` } : {}),
      ...(call.sid ? { metadata: { providerCallSid: call.sid } } : {}),
    });
  }
}
