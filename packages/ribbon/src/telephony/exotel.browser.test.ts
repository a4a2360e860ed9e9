// End to end in Chromium: the ribbon dials through the real server, which calls the fake
// Exotel running in the test runner's process; the fake's callbacks reach the server, and the
// ribbon follows the call on the live stream. `/__fake-exotel/*` plays the phones.
// The facade here is the ESM source: the Exotel providers arrive by `import()` on demand
// (cdn.browser.test.ts covers the script tag's second file).
import type { CallEventName } from '@call-ribbon/contract';
import { createCallRibbon, type ExotelCallRibbon } from '../facade.ts';
import type { CallEventData } from '../session/types.ts';
import {
  afterEach,
  assert,
  beforeEach,
  describe,
  injectFaults,
  it,
  received,
  resetServer,
  uniqueName,
} from '../test-support/browser.ts';
import { callback, callLog, EXOTEL_API_KEY, fake, lastSid, requested } from '../test-support/fake-exotel.ts';
import { barText, ribbonElement, ribbonState } from '../test-support/ribbon.ts';
import type { ExotelWebCall } from './exotel-webrtc-provider.ts';

let ribbon: ExotelCallRibbon;
const heard: Array<[CallEventName, CallEventData]> = [];

const element = ribbonElement;
const waitFor = (predicate: (state: ReturnType<ExotelCallRibbon['getState']>) => boolean) =>
  ribbonState(ribbon, predicate);

const start = (extra: Partial<Parameters<ExotelCallRibbon['init']>[0]> = {}) =>
  ribbon.init({
    apiKey: EXOTEL_API_KEY,
    agent: { id: 'agent-e2e' },
    onCallEvent: (event, data) => heard.push([event, data]),
    queue: { databaseName: uniqueName('exotel'), batchDelayMs: 0 },
    wrapUp: false,
    ...extra,
  });

describe('provider exotel, end to end', () => {
  beforeEach(async () => {
    await resetServer();
    ribbon = createCallRibbon();
    heard.length = 0;
  });
  afterEach(() => ribbon.destroy());

  it('dials; the stream shows ringing -> connected -> ended; the log holds one call with talk time and recording', async () => {
    assert.equal(requested('/telephony/exotel.ts'), false, 'the Exotel providers are not loaded up front');
    const state = await start();
    assert.equal(state.provider, 'exotel', "the server's configuration chose the provider");
    assert.ok(requested('/telephony/exotel.ts'), 'init imported them once the server named Exotel');
    assert.equal(state.demoMode, false);
    const before = (await callLog()).pagination.total;
    const customerId = uniqueName('CUST');
    ribbon.setCustomer({ phoneNumber: '+91 98765 43210', name: 'Rajesh Kumar', customerId });

    await ribbon.dial();
    assert.equal(ribbon.getState().error, null);
    assert.equal(ribbon.getState().call?.phase, 'dialing');
    const dialingText = await barText();
    assert.match(dialingText, /Calling Rajesh Kumar/);
    assert.match(dialingText, /hang up on your phone/);
    assert.equal(element().shadowRoot!.querySelector('.hangup'), null, 'no hang-up button to pretend with');
    const sid = await lastSid();

    await fake('answer-agent', { sid });
    assert.deepEqual((await callback(sid, 'answered')).answer, { accepted: 1, duplicates: 0 });
    await waitFor((s) => s.call?.phase === 'ringing');
    assert.match(await barText(), /Ringing Rajesh Kumar/);

    await fake('answer-customer', { sid });
    assert.deepEqual((await callback(sid, 'answered')).answer, { accepted: 1, duplicates: 0 });
    // Exotel sends the same callback twice: nothing changes the second time.
    assert.deepEqual((await callback(sid, 'answered')).answer, { accepted: 0, duplicates: 1 });
    await waitFor((s) => s.call?.phase === 'connected');
    assert.match(await barText(), /Connected/);

    await fake('end', { sid, status: 'completed', talkSeconds: 95 });
    assert.equal((await callback(sid, 'terminal')).answer.accepted, 1);
    await waitFor((s) => s.call === null && s.lastCall !== null);
    const ended = ribbon.getState().lastCall!;
    assert.equal(ended.event, 'callEnded');
    assert.equal(ended.duration, 95);
    assert.match(await barText(), /Call ended \(1 minute, 35 seconds\)/);

    // The terminal callback again (multipart this time), then a late answered one.
    assert.equal((await callback(sid, 'terminal', 'multipart/form-data')).answer.accepted, 0);
    assert.equal((await callback(sid, 'answered')).answer.accepted, 0);

    assert.deepEqual(
      heard.map(([event]) => event),
      ['dialing', 'ringing', 'connected', 'callEnded'],
    );
    const callId = heard[0]![1].callId;
    assert.equal(new Set(heard.map(([, data]) => data.callId)).size, 1);
    assert.equal(heard[3]![1].duration, 95);
    assert.equal(heard[3]![1].customerData.customerId, customerId);

    const { logs, pagination } = await callLog();
    assert.equal(pagination.total, before + 1, 'one call more in the log');
    const mine = logs.filter((log) => log.callId === callId);
    assert.equal(mine.length, 1);
    assert.equal(mine[0]!.status, 'completed');
    assert.equal(mine[0]!.duration, 95);
    assert.equal(mine[0]!.customerId, customerId);
    assert.equal(mine[0]!.agentId, 'agent-e2e');
    assert.equal(mine[0]!.recordingUrl, `https://recordings.exotel.example/ribbon-e2e/${sid}.mp3`);
    // The ribbon queued nothing of its own: the server's callbacks are the call's only record.
    const queue = await ribbon.flush();
    assert.equal(queue.pending, 0);
    assert.equal((await received()).length, 0, 'no log-call request');
  });

  it('reconnects after the stream is cut and catches up with the call', async () => {
    await start();
    await ribbon.dial('+919876500001');
    const sid = await lastSid();
    const { cut } = (await (await fetch('/__test/cut-streams', { method: 'POST' })).json()) as {
      cut: number;
    };
    assert.ok(cut >= 1, 'a live stream was open');
    await fake('answer-agent', { sid });
    await fake('answer-customer', { sid });
    await callback(sid, 'answered');
    await waitFor((s) => s.call?.phase === 'connected');
    await fake('end', { sid, status: 'completed', talkSeconds: 12 });
    await callback(sid, 'terminal');
    await waitFor((s) => s.call === null && s.lastCall?.duration === 12);
    assert.deepEqual(
      heard.map(([event]) => event),
      ['dialing', 'connected', 'callEnded'],
    );
  });

  it('a customer who does not answer is a missed call', async () => {
    await start();
    await ribbon.dial('+919876500002');
    const sid = await lastSid();
    await fake('answer-agent', { sid });
    await callback(sid, 'answered');
    await waitFor((s) => s.call?.phase === 'ringing');
    await fake('end', { sid, status: 'no-answer' });
    await callback(sid, 'terminal');
    await waitFor((s) => s.call === null);
    assert.equal(ribbon.getState().lastCall?.event, 'missed');
  });

  it('exotel-webrtc: the page answers its own leg; hold and hang up are real buttons', async () => {
    const sdk: string[] = [];
    const state = await start({ provider: 'exotel-webrtc', exotelClient: { getCall: () => null } });
    assert.equal(state.provider, 'exotel-webrtc');
    await ribbon.dial('+919876500003');
    const sid = await lastSid();
    // A call object with the SDK's surface, reported through the listener the host gives initWebrtc.
    const call: ExotelWebCall = {
      callSid: sid,
      Answer: () => {
        sdk.push('Answer');
        ribbon.webrtcCallListener(call, 'connected', 'agent-sip');
      },
      Hangup: () => {
        sdk.push('Hangup');
        ribbon.webrtcCallListener(call, 'callEnded', 'agent-sip');
      },
      MuteToggle: () => sdk.push('MuteToggle'),
      HoldToggle: () => sdk.push('HoldToggle'),
      sendDTMF: (digit) => sdk.push(`DTMF ${digit}`),
    };
    ribbon.webrtcCallListener(call, 'incoming', 'agent-sip');
    assert.deepEqual(sdk, ['Answer']);
    await fake('answer-agent', { sid });
    await fake('answer-customer', { sid });
    await callback(sid, 'answered');
    await waitFor((s) => s.call?.phase === 'connected');
    await element().updateComplete;
    element().shadowRoot!.querySelector<HTMLButtonElement>('.hold')!.click();
    await waitFor((s) => s.call?.held === true);
    element().shadowRoot!.querySelector<HTMLButtonElement>('.hangup')!.click();
    assert.deepEqual(sdk, ['Answer', 'HoldToggle', 'Hangup']);
    await fake('end', { sid, status: 'completed', talkSeconds: 20 });
    await callback(sid, 'terminal');
    await waitFor((s) => s.call === null && s.lastCall?.duration === 20);
    // Only the hold, which the server cannot know, went through log-call.
    await ribbon.flush();
    const sent = await received();
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.answer?.accepted, 1);
    const mine = (await callLog()).logs.filter((log) => log.callId === heard[0]![1].callId);
    assert.equal(mine.length, 1);
    assert.equal(mine[0]!.duration, 20);
  });

  it('falls back to the simulator when the server cannot say which telephony to use', async () => {
    await injectFaults({ path: '/api/ribbon/init', status: 503 });
    const state = await start();
    assert.equal(state.provider, 'simulator');
    assert.equal(state.server, 'unreachable');
  });
});
