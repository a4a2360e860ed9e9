// The WebRTC adapter against a fake of Exotel's web client (its documented surface), with the
// real server, the fake Exotel and the live stream behind it.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { setup } from '../test-support/exotel-node.ts';
import type {
  ExotelCallDetails,
  ExotelCallListener,
  ExotelPhoneEvent,
  ExotelWebCall,
  ExotelWebPhoneLike,
} from './exotel-webrtc-provider.ts';
import { ExotelWebrtcProvider } from './exotel-webrtc-provider.ts';

/**
 * A call object as Exotel's web client 2.x hands it out: controls, no events for mute and hold,
 * and the CallSid only in `callDetails()` (from the INVITE's `X-Exotel-CallSid`).
 */
class FakeWebCall implements ExotelWebCall {
  readonly calls: string[] = [];
  readonly sid: string;
  readonly from: string;
  private readonly client: FakeWebClient;
  constructor(client: FakeWebClient, sid: string, from: string) {
    this.client = client;
    this.sid = sid;
    this.from = from;
  }
  callDetails() {
    return { callSid: this.sid, callId: `sip-${this.sid}`, remoteDisplayName: '' };
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

/** `new ExotelWebClient()` after `initWebrtc(…, callListener, …)`: the listener gets `(call, event, callerNumber)`. */
class FakeWebClient {
  call: FakeWebCall | null = null;
  registered = 0;
  listener: ExotelCallListener = () => {};
  getCall() {
    return this.call;
  }
  DoRegister() {
    this.registered++;
  }
  /** An INVITE reaches the browser. */
  ring(callSid: string, from = 'agent-leg'): FakeWebCall {
    this.call = new FakeWebCall(this, callSid, from);
    this.emit(this.call, 'incoming');
    return this.call;
  }
  /** The far end hangs up: the SDK reports it as `callEnded` too. */
  remoteHangup() {
    if (this.call) this.emit(this.call, 'callEnded');
  }
  emit(call: FakeWebCall, event: string) {
    if (event === 'callEnded') this.call = null;
    this.listener(call, event, call.from);
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
    assert.equal(web.registered, 1, 'the tab that owns the calls registers the SIP user');
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
    assert.equal(logs[0]?.callId, 'exotel-in-inbound-sid-1', "the call Exotel's Passthru requests log too");
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

  test("the flow's view of the call (Dial whom's ringing) leaves it to the SDK: it still rings and is answered", async () => {
    const settings = (await (await t.configure()).json()) as {
      webhooks: { passthru: string; dialWhom: string };
    };
    await t.client.agents.setPresence('agent-priya', { status: 'available' });
    const flow = new URLSearchParams({
      CallSid: 'flow-sid-1',
      CallFrom: '09800011155',
      CallTo: '08047112233',
      Direction: 'incoming',
      CallType: 'call-attempt',
    });
    assert.equal((await t.request(`${settings.webhooks.passthru}?${flow}`)).status, 200);
    const dialWhom = await t.request(`${settings.webhooks.dialWhom}?${flow}`);
    assert.deepEqual(
      ((await dialWhom.json()) as { destination: { numbers: string[] } }).destination.numbers,
      ['+919812345678'],
    );
    const call = t.web.ring('flow-sid-1', '09800011155');
    assert.equal(t.session.state.call?.callId, 'exotel-in-flow-sid-1', 'the call the flow logged');
    // The server lists the call as ringing (Dial whom): a resync must not move the SDK's call.
    await t.provider.resync();
    assert.equal(t.session.state.call?.phase, 'incoming');
    await t.session.answer();
    assert.deepEqual(call.calls, ['Answer']);
    assert.equal(t.session.state.call?.phase, 'connected');
    await t.provider.resync();
    assert.equal(t.session.state.call?.phase, 'connected');
  });

  test('the INVITE after a Passthru carries the customer the server found, for the screen pop', async () => {
    const settings = (await (await t.configure()).json()) as { webhooks: { passthru: string } };
    await t.streamOpened(1);
    await t.client.customers.save({
      customerId: 'CUST-POP',
      name: 'Farah Khan',
      phone: '+919800011166',
    });
    const flow = new URLSearchParams({
      CallSid: 'pop-sid-1',
      CallFrom: '09800011166',
      CallTo: '08047112233',
      Direction: 'incoming',
      CallType: 'call-attempt',
    });
    assert.equal((await t.request(`${settings.webhooks.passthru}?${flow}`)).status, 200);
    // The stream brings the server's `incoming` to the provider, which does not ring for it (WebRTC).
    const started = Date.now();
    const announced = () =>
      (t.provider as unknown as { announcedCustomer(id: string): unknown }).announcedCustomer(
        'exotel-in-pop-sid-1',
      );
    while (!announced()) {
      assert.ok(Date.now() - started < 3000, 'the stream did not bring the Passthru call');
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(t.session.state.call, null);
    t.web.ring('pop-sid-1', '09800011166');
    const incoming = t.raised.find((event) => event.event === 'incoming');
    assert.equal(incoming?.customerData?.customerId, 'CUST-POP');
    assert.equal(t.heard.find(([event]) => event === 'incoming')?.[1].customerData.name, 'Farah Khan');
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

/**
 * The phone object of Exotel's CRM SDK (`ExotelWebPhoneSDK`) as `Initialize` returns it: its
 * listener field gets `(event, callDetails)`, controls act on the current call, and `MakeCall`
 * asks Exotel to place a call (the INVITE to the agent's SIP user follows).
 */
class FakeWebPhone implements ExotelWebPhoneLike {
  readonly calls: string[] = [];
  readonly hostHeard: string[] = [];
  made: Array<{ number: string; customField: string | undefined }> = [];
  makeCallAnswer: ['success' | 'failed', unknown] = ['success', { Status: 'success' }];
  private current: { callSid: string; callFromNumber: string } | null = null;
  _softPhoneCallListenerCallback = (event: ExotelPhoneEvent, data: ExotelCallDetails) => {
    this.hostHeard.push(`${event} ${data.callSid}`);
  };
  RegisterDevice() {
    this.calls.push('RegisterDevice');
  }
  UnRegisterDevice() {
    this.calls.push('UnRegisterDevice');
  }
  AcceptCall() {
    this.calls.push('AcceptCall');
    this.emit('connected');
  }
  HangupCall() {
    this.calls.push('HangupCall');
    this.end();
  }
  ToggleHold() {
    this.calls.push('ToggleHold');
    this.emit('holdtoggle');
  }
  ToggleMute() {
    this.calls.push('ToggleMute');
    this.emit('mutetoggle');
  }
  SendDTMF(digit: string) {
    this.calls.push(`DTMF ${digit}`);
  }
  async MakeCall(
    number: string,
    callback: (status: 'success' | 'failed', data: unknown) => void,
    customField?: string,
  ) {
    this.made.push({ number, customField });
    callback(...this.makeCallAnswer);
  }
  ring(callSid: string, callFromNumber: string) {
    this.current = { callSid, callFromNumber };
    this.emit('incoming');
  }
  end() {
    this.emit('callEnded');
    this.current = null;
  }
  private emit(event: ExotelPhoneEvent) {
    this._softPhoneCallListenerCallback(event, {
      callId: 'sip-call-id',
      remoteDisplayName: '',
      ...this.current,
    });
  }
}

const phoneSetup = async () => {
  const phone = new FakeWebPhone();
  const t = await setup({
    makeProvider: (base) => new ExotelWebrtcProvider({ ...base, client: phone }),
  });
  return { ...t, phone };
};

describe('ExotelWebrtcProvider with the CRM SDK phone object', () => {
  let t: Awaited<ReturnType<typeof phoneSetup>>;
  beforeEach(async () => {
    t = await phoneSetup();
  });
  afterEach(() => {
    t.session.destroy();
    t.provider.destroy();
    t.queue.close();
    t.closeDb();
  });

  test('registers once, rings inbound calls in the bar, and leaves the host its own listener', async () => {
    const { phone, session } = t;
    assert.deepEqual(phone.calls, ['RegisterDevice']);
    phone.ring('phone-in-1', '+919800011133');
    assert.equal(session.state.call?.phase, 'incoming');
    assert.equal(session.state.call?.phoneNumber, '+919800011133');
    await session.answer();
    await session.toggleMute();
    await session.sendDigits('7');
    phone.end();
    assert.deepEqual(phone.calls, ['RegisterDevice', 'AcceptCall', 'ToggleMute', 'DTMF 7']);
    assert.deepEqual(phone.hostHeard, [
      'incoming phone-in-1',
      'connected phone-in-1',
      'mutetoggle phone-in-1',
      'callEnded phone-in-1',
    ]);
    assert.deepEqual(
      t.raised.map((event) => [event.event, event.eventId]),
      [
        ['incoming', 'webrtc:phone-in-1:incoming'],
        ['connected', 'webrtc:phone-in-1:connected'],
        ['mute', undefined],
        ['callEnded', 'webrtc:phone-in-1:callEnded'],
      ],
    );
    await t.queue.flush();
    const { logs } = await t.callLog();
    assert.deepEqual(
      logs.map((log) => [log.callId, log.status]),
      [['exotel-in-phone-in-1', 'completed']],
    );

    // Once the ribbon is gone, the host's listener is the phone's only one again.
    const own = phone._softPhoneCallListenerCallback;
    t.provider.destroy();
    assert.notEqual(phone._softPhoneCallListenerCallback, own);
    phone.ring('phone-in-2', '+919800011144');
    assert.equal(t.raised.length, 4, 'a destroyed provider hears nothing');
  });

  test("dials with MakeCall carrying our call id, answers the agent's leg, and Exotel's callback joins by that id", async () => {
    const { phone, session } = t;
    const settings = (await (await t.configure()).json()) as { webhooks: { statusCallback: string } };
    await session.dial('+919876543210');
    const dialing = t.raised[0]!;
    assert.equal(dialing.event, 'dialing');
    assert.deepEqual(phone.made, [{ number: '+919876543210', customField: dialing.callId }]);
    // Exotel rings the agent's SIP user: that INVITE is the agent's own leg, answered at once.
    phone.ring('made-sid-1', '08047112233');
    assert.deepEqual(phone.calls, ['RegisterDevice', 'AcceptCall']);
    assert.equal(session.state.call?.phase, 'connected');
    assert.equal(session.state.call?.direction, 'outbound');
    t.advance(30);
    await session.hangup();
    assert.equal(session.state.call, null);
    assert.deepEqual(
      t.raised.map((event) => [event.event, event.callId === dialing.callId, event.recorded]),
      [
        ['dialing', true, false],
        ['connected', true, false],
        ['callEnded', true, false],
      ],
    );
    await t.queue.flush();
    assert.equal((await t.callLog()).logs[0]?.status, 'completed');

    // Exotel's status callback for that call names it in CustomField: the server joins it.
    const form = new URLSearchParams({
      CallSid: 'made-sid-1',
      Status: 'completed',
      ConversationDuration: '27',
      RecordingUrl: 'https://recordings.exotel.com/made-sid-1.mp3',
      CustomField: dialing.callId,
    });
    const answer = await t.request(settings.webhooks.statusCallback, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    assert.equal(answer.status, 200);
    const { logs, pagination } = await t.callLog();
    assert.equal(pagination.total, 1);
    assert.equal(logs[0]?.callId, dialing.callId);
    assert.equal(logs[0]?.recordingUrl, 'https://recordings.exotel.com/made-sid-1.mp3');
  });

  test('a MakeCall that Exotel refuses fails the call with its message', async () => {
    t.phone.makeCallAnswer = ['failed', new Error('Forbidden')];
    await t.session.dial('+919876543210');
    assert.equal(t.session.state.error, 'Forbidden', 'the bar shows what Exotel said');
    assert.deepEqual(
      t.raised.map((event) => [event.event, event.reason]),
      [
        ['dialing', undefined],
        ['failed', 'Forbidden'],
      ],
    );
    assert.equal(t.session.state.call, null);
  });
});
