import type { CallEventName } from '@call-ribbon/contract';
import { ExotelProvider, type ExotelProviderOptions, type FollowedCall } from './exotel-provider.ts';
import { CallProviderError, type RestoreOutcome } from './provider.ts';

/**
 * The call object of Exotel's WebRTC web client (`@exotel-npm-dev/webrtc-client-sdk`), as far
 * as the ribbon uses it. The SDK ships no types.
 */
export interface ExotelWebCall {
  /** Exotel's CallSid (the REST API's call id), from the INVITE's `X-Exotel-CallSid`. */
  callSid?: string;
  /** The SIP Call-ID. */
  callId?: string;
  /** The caller as the SIP INVITE names them (the number, for calls from a phone). */
  remoteDisplayName?: string;
  Answer(): void;
  Hangup(): void;
  /** Mute and hold emit no events, and the toggles do not say which way they went. */
  MuteToggle(): void;
  HoldToggle(): void;
  sendDTMF(digit: string): void;
}

/** `CallListenerCallback` of `initWebrtc`: `incoming`, `connected`, `callEnded` (hung up here), `terminated` (there). */
export type ExotelCallListener = (call: ExotelWebCall, eventType: string, phone?: string) => void;

/** The host's `new ExotelWebClient()` instance, already given `initWebrtc` and `DoRegister`. */
export interface ExotelWebClientLike {
  getCall?(): ExotelWebCall | undefined | null;
}

export interface ExotelWebrtcProviderOptions extends ExotelProviderOptions {
  client: ExotelWebClientLike;
  /** How long an outbound call the SDK saw end waits for the server's final state, ms. @default 8000 */
  endGraceMs?: number;
  setTimeout?: (run: () => void, ms: number) => unknown;
}

/**
 * Calls in the browser through Exotel's WebRTC client. Outbound: the server's `Calls/connect`
 * rings the agent's SIP user, and the INVITE carrying that CallSid is answered here at once
 * (it is the agent's own leg); progress comes from the live stream as with `exotel`.
 * Inbound: the SDK's `incoming` rings in the bar; those events are the ribbon's to log, with
 * ids derived from the CallSid so several tabs log them once. Mute and hold are tracked here.
 */
export class ExotelWebrtcProvider extends ExotelProvider {
  override readonly name: string = 'exotel-webrtc';
  override readonly onPhone: boolean = false;
  protected override readonly streamsInbound: boolean = false;
  private readonly webrtc: ExotelWebrtcProviderOptions;
  private sdkCall: ExotelWebCall | null = null;
  /** An INVITE that came while `POST /calls` was still on its way. */
  private early: ExotelWebCall | null = null;
  private rejecting = false;

  constructor(options: ExotelWebrtcProviderOptions) {
    super(options);
    this.webrtc = options;
  }

  /** Pass this to `initWebrtc` as its call listener (or call it from yours). */
  readonly listener: ExotelCallListener = (sdkCall, eventType) => {
    const sid = sdkCall.callSid ?? null;
    const current = this.current;
    const ours = current !== null && sid !== null && current.sid === sid;
    if (eventType === 'incoming') {
      if (ours && current.direction === 'outbound') return this.answerOwnLeg(sdkCall);
      if (this.placing) {
        this.early = sdkCall;
        return;
      }
      if (current) return; // Busy: the SDK keeps ringing it elsewhere, or Exotel moves on.
      this.sdkCall = sdkCall;
      this.rejecting = false;
      const call: FollowedCall = {
        callId: sid ? `exotel-${sid}` : `webrtc-${sdkCall.callId ?? crypto.randomUUID()}`,
        direction: 'inbound',
        phoneNumber: sdkCall.remoteDisplayName?.trim() || 'unknown',
        status: 'incoming',
        sid,
        held: false,
        muted: false,
      };
      this.current = call;
      this.local(call, 'incoming');
      return;
    }
    if (!current || (sid !== null && current.sid !== sid)) return;
    if (eventType === 'connected') {
      this.sdkCall = sdkCall;
      // Outbound: only the agent's leg is up; the stream says when the customer answers.
      if (current.direction === 'inbound') {
        current.status = 'connected';
        this.local(current, 'connected');
      }
    } else if (eventType === 'callEnded' || eventType === 'terminated') {
      this.sdkCall = null;
      if (current.direction === 'inbound') {
        this.current = null;
        const event: CallEventName =
          current.status === 'connected' ? 'callEnded' : this.rejecting ? 'rejected' : 'missed';
        this.local(current, event);
      } else {
        // The server's terminal callback carries the talk time; without it, end from what is known.
        (this.webrtc.setTimeout ?? setTimeout)(() => {
          if (this.current === current) void this.finish(current);
        }, this.webrtc.endGraceMs ?? 8000);
      }
    }
  };

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
    const call = this.sdkCall ?? this.webrtc.client.getCall?.() ?? null;
    if (!call) throw new CallProviderError('The call has not reached this browser yet');
    call.Hangup();
  }

  override async mute(muted: boolean): Promise<void> {
    const [current, call] = this.connected();
    if (current.muted === muted) return;
    call.MuteToggle();
    current.muted = muted;
    this.local(current, muted ? 'mute' : 'unmute', false);
  }

  override async hold(held: boolean): Promise<void> {
    const [current, call] = this.connected();
    if (current.held === held) return;
    call.HoldToggle();
    current.held = held;
    this.local(current, held ? 'hold' : 'unhold', false);
  }

  override async sendDigits(digits: string): Promise<void> {
    if (!/^[0-9A-D*#]+$/.test(digits)) throw new CallProviderError(`Not DTMF digits: ${digits}`);
    const [, call] = this.connected();
    for (const digit of digits) call.sendDTMF(digit);
  }

  /** The call's audio was in the page: it survives only if the SDK still has it (the ribbon was re-created, not the page). */
  protected override still(call: FollowedCall): RestoreOutcome {
    const sdkCall = this.webrtc.client.getCall?.() ?? null;
    if (!sdkCall || !call.sid || sdkCall.callSid !== call.sid) return 'gone';
    this.sdkCall = sdkCall;
    return 'live';
  }

  protected override placed(call: FollowedCall): void {
    const early = this.early;
    this.early = null;
    if (early && early.callSid === call.sid) this.answerOwnLeg(early);
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

  /** An event only this browser knows: the ribbon logs it (stable ids for the SDK's call events). */
  private local(call: FollowedCall, event: CallEventName, stableId = true): void {
    this.emit(call, event, {
      recorded: false,
      ...(stableId && call.sid ? { eventId: `webrtc:${call.sid}:${event}` } : {}),
      ...(call.sid ? { metadata: { providerCallSid: call.sid } } : {}),
    });
  }
}
