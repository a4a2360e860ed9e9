// The WebRTC adapter against a fake of Exotel's web client (its documented surface), with the
// real server, the fake Exotel and the live stream behind it.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { setup } from '../test-support/exotel-node.ts';
import type { ExotelCallListener, ExotelWebCall } from './exotel-webrtc-provider.ts';
import { ExotelWebrtcProvider } from './exotel-webrtc-provider.ts';

/** A call object as the SDK hands it out: controls, no events for mute and hold. */
class FakeWebCall implements ExotelWebCall {
  readonly calls: string[] = [];
  callSid: string;
  remoteDisplayName: string;
  private readonly client: FakeWebClient;
  constructor(client: FakeWebClient, callSid: string, remoteDisplayName: string) {
    this.client = client;
    this.callSid = callSid;
    this.remoteDisplayName = remoteDisplayName;
  }
  Answer() {
    this.calls.push('Answer');
    this.client.emit(this, 'connected');
  }
  Hangup() {
    this.calls.push('Hangup');
    this.client.emit(this, 'callEnded');
  }
  MuteToggle() {
    this.calls.push('MuteToggle');
  }
  HoldToggle() {
    this.calls.push('HoldToggle');
  }
  sendDTMF(digit: string) {
    this.calls.push(`DTMF ${digit}`);
  }
}

/** `new ExotelWebClient()` after `initWebrtc(…, callListener, …)`. */
class FakeWebClient {
  call: FakeWebCall | null = null;
  listener: ExotelCallListener = () => {};
  getCall() {
    return this.call;
  }
  /** An INVITE reaches the browser. */
  ring(callSid: string, from = 'agent-leg'): FakeWebCall {
    this.call = new FakeWebCall(this, callSid, from);
    this.emit(this.call, 'incoming');
    return this.call;
  }
  /** The far end hangs up. */
  remoteHangup() {
    if (this.call) this.emit(this.call, 'terminated');
  }
  emit(call: FakeWebCall, event: string) {
    if (event === 'callEnded' || event === 'terminated') this.call = null;
    this.listener(call, event, 'agent-sip');
  }
}

const webrtcSetup = async (options: { ringBeforeAnswer?: boolean } = {}) => {
  const web = new FakeWebClient();
  const timers: Array<() => void> = [];
  const t = await setup({
    makeProvider: (base) => {
      const api = options.ringBeforeAnswer
        ? {
            calls: {
              ...base.api.calls,
              // Exotel rings the agent's SIP user before our POST /calls has its answer.
              start: async (body: Parameters<typeof base.api.calls.start>[0]) => {
                const started = await base.api.calls.start(body);
                web.ring(started.providerCallSid!);
                return started;
              },
            },
          }
        : base.api;
      const provider = new ExotelWebrtcProvider({
        ...base,
        api,
        client: web,
        setTimeout: (run) => timers.push(run),
      });
      web.listener = provider.listener;
      return provider;
    },
  });
  return { ...t, web, timers };
};

describe('ExotelWebrtcProvider, outbound', () => {
  let t: Awaited<ReturnType<typeof webrtcSetup>>;
  beforeEach(async () => {
    t = await webrtcSetup();
  });
  afterEach(() => {
    t.session.destroy();
    t.provider.destroy();
    t.queue.close();
    t.closeDb();
  });

  test("answers its own leg, follows the server's call, and tracks mute and hold itself", async () => {
    const { web, fake, session } = t;
    await t.configure();
    await t.streamOpened(1);
    assert.equal(t.provider.onPhone, false);
    await session.dial('+919876543210');
    const sid = fake.callSids[0]!;
    const leg = web.ring(sid);
    assert.deepEqual(leg.calls, ['Answer'], 'the INVITE carrying our CallSid is answered at once');
    assert.equal(session.state.call?.phase, 'dialing', "the agent's leg is up; the customer is not yet");

    t.advance(3);
    fake.answerAgent(sid);
    await fake.sendCallback(sid, 'answered');
    await t.raisedEvent('ringing');
    t.advance(5);
    fake.answerCustomer(sid);
    await fake.sendCallback(sid, 'answered');
    await t.raisedEvent('connected');

    await session.toggleHold();
    assert.equal(session.state.call?.held, true);
    await session.toggleHold();
    assert.equal(session.state.call?.held, false);
    await session.toggleMute();
    assert.equal(session.state.call?.muted, true);
    await t.provider.mute(true); // already muted: the toggle must not flip it back
    await session.sendDigits('12#');
    assert.deepEqual(leg.calls, [
      'Answer',
      'HoldToggle',
      'HoldToggle',
      'MuteToggle',
      'DTMF 1',
      'DTMF 2',
      'DTMF #',
    ]);

    t.advance(40);
    await session.hangup();
    assert.deepEqual(leg.calls.at(-1), 'Hangup');
    fake.end(sid, { status: 'completed', talkSeconds: 40 });
    await fake.sendCallback(sid, 'terminal');
    await t.raisedEvent('callEnded');
    assert.equal(session.state.lastCall?.duration, 40);
    assert.equal(session.state.error, null);

    // Only what the browser alone knows was queued: hold, unhold, mute — joined to the server's call.
    await t.queue.flush();
    assert.equal(t.queue.state.pending, 0);
    const queued = t.raised.filter((event) => !event.recorded).map((event) => event.event);
    assert.deepEqual(queued, ['hold', 'unhold', 'mute']);
    const { logs, pagination } = await t.callLog();
    assert.equal(pagination.total, 1);
    assert.equal(logs[0]?.status, 'completed');
    assert.equal(logs[0]?.duration, 40);
    assert.equal(logs[0]?.callId, t.raised[0]!.callId);
  });

  test('an INVITE that arrives before POST /calls answers is still recognised as ours', async () => {
    t.session.destroy();
    t.provider.destroy();
    t.queue.close();
    t.closeDb();
    t = await webrtcSetup({ ringBeforeAnswer: true });
    await t.configure();
    await t.session.dial('+919876543210');
    assert.deepEqual(t.web.call?.calls, ['Answer']);
    assert.equal(t.session.state.call?.direction, 'outbound');
  });

  test('without the terminal callback, the SDK hang-up ends the call after the grace period', async () => {
    await t.configure();
    await t.streamOpened(1);
    await t.session.dial('+919876543210');
    const sid = t.fake.callSids[0]!;
    t.web.ring(sid);
    t.fake.answerAgent(sid);
    t.fake.answerCustomer(sid);
    await t.fake.sendCallback(sid, 'answered');
    await t.raisedEvent('connected');
    t.web.remoteHangup();
    assert.equal(t.session.state.call?.phase, 'connected', 'waiting for the server');
    for (const run of t.timers.splice(0)) run();
    await t.raisedEvent('callEnded');
    assert.equal(t.raised.at(-1)!.recorded, true, 'the server completes it (reconciliation), not the ribbon');
  });
});

describe('ExotelWebrtcProvider, inbound', () => {
  let t: Awaited<ReturnType<typeof webrtcSetup>>;
  beforeEach(async () => {
    t = await webrtcSetup();
  });
  afterEach(() => {
    t.session.destroy();
    t.provider.destroy();
    t.queue.close();
    t.closeDb();
  });

  test('rings in the bar, is answered in the browser, and is logged once under CallSid-derived ids', async () => {
    const { web, session } = t;
    const call = web.ring('inbound-sid-1', '+919800011122');
    assert.equal(session.state.call?.phase, 'incoming');
    assert.equal(session.state.call?.phoneNumber, '+919800011122');
    await session.answer();
    assert.deepEqual(call.calls, ['Answer']);
    assert.equal(session.state.call?.phase, 'connected');
    web.remoteHangup();
    assert.equal(session.state.call, null);
    assert.deepEqual(
      t.raised.map((event) => [event.event, event.eventId, event.recorded]),
      [
        ['incoming', 'webrtc:inbound-sid-1:incoming', false],
        ['connected', 'webrtc:inbound-sid-1:connected', false],
        ['callEnded', 'webrtc:inbound-sid-1:callEnded', false],
      ],
    );
    await t.queue.flush();
    const { logs } = await t.callLog();
    assert.equal(logs.length, 1);
    assert.equal(logs[0]?.callId, 'exotel-inbound-sid-1');
    assert.equal(logs[0]?.status, 'completed');

    // Another tab hearing the same SDK events sends the same ids: the server counts them once.
    const again = await t.client.calls.log(
      t.heard.map(([event, data]) => ({
        eventId: data.eventId,
        event,
        callId: data.callId,
        timestamp: data.timestamp,
        direction: data.direction,
        phoneNumber: data.phoneNumber,
      })),
    );
    assert.equal(again.accepted, 0);
    assert.equal(again.duplicates, 3);
  });

  test('rejected in the bar is rejected; a caller who gives up is missed', async () => {
    const first = t.web.ring('inbound-sid-2', '+919800000001');
    await t.session.reject();
    assert.deepEqual(first.calls, ['Hangup']);
    assert.equal(t.session.state.lastCall?.event, 'rejected');
    t.web.ring('inbound-sid-3', '+919800000002');
    t.web.remoteHangup();
    assert.equal(t.session.state.lastCall?.event, 'missed');
    await assert.rejects(t.provider.hold(true), /No connected call/);
  });
});
