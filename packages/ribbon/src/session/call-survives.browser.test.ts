// In Chromium against the real server (web-test-runner.config.mjs): hang-up reaches the server
// at once whatever the wrap-up setting, and a call survives a reload of the page when its
// provider still has it. A reload is played as the page plays it: `pagehide`, the page's ribbon
// goes without hanging up, and a new one starts in the same tab (same sessionStorage).
import { createClient } from '@call-ribbon/client';
import type { Call, CallEventName } from '@call-ribbon/contract';
import { createCallRibbon, type ExotelCallRibbon } from '../facade.ts';
import type { ExotelWebCall } from '../telephony/exotel-webrtc-provider.ts';
import {
  API_KEY,
  API_URL,
  afterEach,
  assert,
  beforeEach,
  describe,
  it,
  received,
  resetServer,
  uniqueName,
} from '../test-support/browser.ts';
import { callback, EXOTEL_API_KEY, fake, lastSid } from '../test-support/fake-exotel.ts';
import { barText, ribbonElement, ribbonState } from '../test-support/ribbon.ts';
import { PAGE_RELOADED } from './ribbon-session.ts';
import type { CallEventData } from './types.ts';

const demo = createClient({ apiKey: API_KEY, apiUrl: API_URL });
const exotel = createClient({ apiKey: EXOTEL_API_KEY, apiUrl: API_URL });

let ribbon: ExotelCallRibbon;
const heard: Array<[CallEventName, CallEventData]> = [];

const element = ribbonElement;
const waitFor = (
  predicate: (state: ReturnType<ExotelCallRibbon['getState']>) => boolean,
  timeoutMs?: number,
) => ribbonState(ribbon, predicate, timeoutMs);
const names = () => heard.map(([event]) => event);

/** Asks the server until `find` answers, for at most `withinMs`; resolves with the answer and when it came. */
const serverSays = async <T>(find: () => Promise<T | undefined>, withinMs: number) => {
  const from = performance.now();
  for (;;) {
    const found = await find();
    if (found !== undefined) return { found, afterMs: performance.now() - from };
    if (performance.now() - from > withinMs)
      throw new Error(`the server did not say so within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};
const loggedCall = (client: typeof demo, callId: string, customerId?: string) => async () => {
  const { logs } = await client.calls.list({ pageSize: 500, ...(customerId ? { customerId } : {}) });
  return logs.find((log) => log.callId === callId);
};
const isActive = async (client: typeof demo, callId: string) =>
  (await client.calls.active()).calls.some((call: Call) => call.callId === callId);

/** The page goes: `pagehide`, and its ribbon is gone without a hang-up. The next `init` is the reloaded page. */
const reloadPage = () => {
  window.dispatchEvent(new Event('pagehide'));
  ribbon.destroy();
  ribbon = createCallRibbon();
  heard.length = 0;
};

describe('hang-up is immediate, and calls survive the page', () => {
  beforeEach(async () => {
    await resetServer();
    ribbon = createCallRibbon();
    heard.length = 0;
  });
  afterEach(() => ribbon.destroy());

  it('with wrap-up on, the call is ended on the server within 2 s of hang-up, and the disposition arrives after', async () => {
    // The queue's own batching (no test tuning): what a host gets.
    await ribbon.init({
      apiKey: API_KEY,
      apiUrl: API_URL,
      simulator: { ringDelayMs: 5, answerDelayMs: 20 },
      wrapUp: true,
      onCallEvent: (event, data) => heard.push([event, data]),
      queue: { databaseName: uniqueName('hang-up') },
    });
    const customerId = uniqueName('HANGUP');
    ribbon.setCustomer({ phoneNumber: '+919800001001', name: 'Hang Up', customerId });
    await ribbon.dial();
    await waitFor((s) => s.call?.phase === 'connected');
    const callId = ribbon.getState().call!.callId;
    await ribbon.hangup();

    const ended = await serverSays(async () => {
      const call = await loggedCall(demo, callId, customerId)();
      return call?.status === 'completed' ? call : undefined;
    }, 2000);
    assert.ok(ended.afterMs < 2000, `ended on the server ${Math.round(ended.afterMs)} ms after hang-up`);
    assert.equal(await isActive(demo, callId), false, 'no longer an active call');
    assert.equal(ended.found.disposition, null);
    assert.ok(ribbon.getState().wrapUp, 'the agent is still on the wrap-up form');

    const form = () => element().shadowRoot!.querySelector<HTMLFormElement>('form[part="wrap-up"]');
    await element().updateComplete;
    form()!.querySelector('select')!.value = 'Interested';
    form()!.querySelector('textarea')!.value = 'Send the brochure';
    form()!.requestSubmit();
    await waitFor((s) => s.wrapUp === null);
    assert.equal(form(), null, 'the form is gone');
    const wrapped = await serverSays(async () => {
      const call = await loggedCall(demo, callId, customerId)();
      return call?.disposition ? call : undefined;
    }, 5000);
    assert.equal(wrapped.found.disposition, 'Interested');
    assert.equal(wrapped.found.notes, 'Send the brochure');
    assert.equal(wrapped.found.endTime, ended.found.endTime, 'the end is still the hang-up');
    assert.deepEqual(names(), ['dialing', 'ringing', 'connected', 'callEnded', 'wrapUp']);
    const [, wrapUp] = heard[4]!;
    assert.equal(wrapUp.callId, callId);
    assert.equal(wrapUp.disposition, 'Interested');
    assert.ok(wrapUp.timestamp >= heard[3]![1].timestamp);
  });

  it('a host that never saves the wrap-up still gets an ended call', async () => {
    await ribbon.init({
      apiKey: API_KEY,
      apiUrl: API_URL,
      simulator: { ringDelayMs: 5, answerDelayMs: 20 },
      wrapUp: true,
      wrapUpHoldMs: 600_000, // Deprecated: accepted, holds nothing.
      onCallEvent: (event, data) => heard.push([event, data]),
      queue: { databaseName: uniqueName('no-wrap-up'), batchDelayMs: 0 },
    });
    await ribbon.dial('+919800001002');
    await waitFor((s) => s.call?.phase === 'connected');
    const callId = ribbon.getState().call!.callId;
    await ribbon.hangup();
    const queue = await ribbon.flush();
    assert.equal(queue.held, 0);
    assert.equal(queue.pending, 0);
    assert.equal((await loggedCall(demo, callId)())?.status, 'completed');
    assert.equal(await isActive(demo, callId), false);
  });

  describe('click-to-call (the call is on the agent phone)', () => {
    const start = (databaseName: string) =>
      ribbon.init({
        apiKey: EXOTEL_API_KEY,
        agent: { id: 'agent-e2e' },
        onCallEvent: (event, data) => heard.push([event, data]),
        queue: { databaseName, batchDelayMs: 0 },
        wrapUp: false,
      });
    const connectedCall = async (databaseName: string, phone: string) => {
      await start(databaseName);
      assert.equal(ribbon.getState().provider, 'exotel');
      await ribbon.dial(phone);
      const sid = await lastSid();
      await fake('answer-agent', { sid });
      await fake('answer-customer', { sid });
      await callback(sid, 'answered');
      await waitFor((s) => s.call?.phase === 'connected');
      return { sid, call: ribbon.getState().call! };
    };

    it('a reload during the call shows it again, and the bar follows it to its end', async () => {
      const databaseName = uniqueName('reload-c2c');
      const { sid, call } = await connectedCall(databaseName, '+919876501001');
      reloadPage();
      assert.equal(document.querySelector('exotel-call-ribbon'), null, 'the old page is gone');

      const state = await start(databaseName);
      assert.equal(state.call?.callId, call.callId, 'the call is back in the bar');
      assert.equal(state.call?.phase, 'connected');
      assert.equal(state.call?.connectedAt, call.connectedAt, 'the timer goes on from the answer');
      const text = await barText();
      assert.match(text, /Connected/);
      assert.match(text, /hang up on your phone/);
      assert.ok(element().shadowRoot!.querySelector('[part="timer"]'), 'with its timer');
      assert.deepEqual(names(), [], 'nothing was ended');
      assert.equal(await isActive(exotel, call.callId), true);

      await fake('end', { sid, status: 'completed', talkSeconds: 42 });
      await callback(sid, 'terminal');
      await waitFor((s) => s.call === null && s.lastCall?.duration === 42);
      assert.deepEqual(names(), ['callEnded']);
      assert.equal(heard[0]![1].callId, call.callId);
      assert.equal(await isActive(exotel, call.callId), false);
      assert.equal((await received()).length, 0, 'the server recorded it all from Exotel');
    });

    it('with wrap-up on, the wrap-up form links the recording (an https link)', async () => {
      await ribbon.init({
        apiKey: EXOTEL_API_KEY,
        agent: { id: 'agent-e2e' },
        onCallEvent: (event, data) => heard.push([event, data]),
        queue: { databaseName: uniqueName('c2c-recording'), batchDelayMs: 0 },
        wrapUp: true,
      });
      await ribbon.dial('+919876501005');
      const sid = await lastSid();
      await fake('answer-agent', { sid });
      await fake('answer-customer', { sid });
      await callback(sid, 'answered');
      await waitFor((s) => s.call?.phase === 'connected');
      await fake('end', { sid, status: 'completed', talkSeconds: 30 });
      await callback(sid, 'terminal');
      await waitFor((s) => s.wrapUp !== null);
      const expected = `https://recordings.exotel.example/ribbon-e2e/${sid}.mp3`;
      assert.equal(heard.at(-1)![1].recordingUrl, expected);
      await element().updateComplete;
      const link = element().shadowRoot!.querySelector<HTMLAnchorElement>('form[part="wrap-up"] a.recording');
      assert.equal(link?.href, expected);
      assert.equal(link?.rel, 'noopener');
    });

    it('a call that ended during the reload is reported ended, from the server, once', async () => {
      const databaseName = uniqueName('reload-c2c-ended');
      const { sid, call } = await connectedCall(databaseName, '+919876501002');
      reloadPage();
      await fake('end', { sid, status: 'completed', talkSeconds: 17 });
      await callback(sid, 'terminal');

      const state = await start(databaseName);
      assert.equal(state.call, null);
      assert.equal(state.lastCall?.callId, call.callId);
      assert.equal(state.lastCall?.duration, 17, "the server's talk time");
      assert.deepEqual(names(), ['callEnded']);
      assert.equal((await received()).length, 0, 'no second end is logged');
      reloadPage();
      assert.equal((await start(databaseName)).call, null, 'a further reload shows nothing');
      assert.deepEqual(names(), []);
    });
  });

  const sdkFor = (sid: string): ExotelWebCall => {
    const call: ExotelWebCall = {
      callSid: sid,
      Answer: () => ribbon.webrtcCallListener(call, 'connected', 'agent-sip'),
      Hangup: () => ribbon.webrtcCallListener(call, 'callEnded', 'agent-sip'),
      MuteToggle: () => {},
      HoldToggle: () => {},
      sendDTMF: () => {},
    };
    return call;
  };

  it('a reload during a WebRTC call logs its end: the call was in the page', async () => {
    const databaseName = uniqueName('reload-webrtc');
    const start = () =>
      ribbon.init({
        apiKey: EXOTEL_API_KEY,
        agent: { id: 'agent-e2e' },
        provider: 'exotel-webrtc',
        // A new page: a new SDK client, which has no call.
        exotelClient: { getCall: () => null },
        onCallEvent: (event, data) => heard.push([event, data]),
        queue: { databaseName, batchDelayMs: 0 },
        wrapUp: false,
      });
    await start();
    await ribbon.dial('+919876501003');
    const sid = await lastSid();
    ribbon.webrtcCallListener(sdkFor(sid), 'incoming', 'agent-sip');
    await fake('answer-agent', { sid });
    await fake('answer-customer', { sid });
    await callback(sid, 'answered');
    await waitFor((s) => s.call?.phase === 'connected');
    const call = ribbon.getState().call!;
    reloadPage();
    const leftAt = Date.now();

    const state = await start();
    assert.equal(state.call, null, 'not shown: the audio went with the page');
    assert.deepEqual(names(), ['callEnded']);
    const [, ended] = heard[0]!;
    assert.equal(ended.callId, call.callId);
    assert.equal(ended.reason, PAGE_RELOADED);
    assert.ok(Math.abs(Date.parse(ended.timestamp) - leftAt) < 1000, 'ended when the page went away');
    await ribbon.flush();
    const sent = (await received()).flatMap((request) => request.eventIds);
    assert.ok(sent.includes(ended.eventId), 'the end was logged through log-call');
    const logged = await loggedCall(exotel, call.callId)();
    assert.equal(logged?.status, 'completed');
    assert.ok(logged?.endTime, 'ended on the server');
    assert.equal(await isActive(exotel, call.callId), false, 'no longer an active call');
    reloadPage();
    assert.equal((await start()).call, null);
    assert.deepEqual(names(), [], 'logged once');
  });

  it('a ribbon created again in the same page keeps a WebRTC call the SDK still holds', async () => {
    const databaseName = uniqueName('reinit-webrtc');
    let held: ExotelWebCall | null = null;
    const start = () =>
      ribbon.init({
        apiKey: EXOTEL_API_KEY,
        agent: { id: 'agent-e2e' },
        provider: 'exotel-webrtc',
        exotelClient: { getCall: () => held },
        onCallEvent: (event, data) => heard.push([event, data]),
        queue: { databaseName, batchDelayMs: 0 },
        wrapUp: false,
      });
    await start();
    await ribbon.dial('+919876501004');
    const sid = await lastSid();
    held = sdkFor(sid);
    ribbon.webrtcCallListener(held, 'incoming', 'agent-sip');
    await fake('answer-agent', { sid });
    await fake('answer-customer', { sid });
    await callback(sid, 'answered');
    await waitFor((s) => s.call?.phase === 'connected');
    const callId = ribbon.getState().call!.callId;
    ribbon.destroy();
    ribbon = createCallRibbon();
    heard.length = 0;
    const state = await start();
    assert.equal(state.call?.callId, callId);
    assert.deepEqual(names(), []);
    await element().updateComplete;
    element().shadowRoot!.querySelector<HTMLButtonElement>('.hangup')!.click();
    await fake('end', { sid, status: 'completed', talkSeconds: 9 });
    await callback(sid, 'terminal');
    await waitFor((s) => s.call === null && s.lastCall?.duration === 9);
    assert.deepEqual(names(), ['callEnded']);
  });
});
