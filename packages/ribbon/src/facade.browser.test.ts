import { createClient } from '@call-ribbon/client';
import type { CallEventName } from '@call-ribbon/contract';
import { createCallRibbon, type ExotelCallRibbon } from './facade.ts';
import type { CallEventData } from './session/types.ts';
import {
  API_KEY,
  API_URL,
  afterEach,
  assert,
  beforeEach,
  describe,
  injectFaults,
  it,
  resetServer,
  serverTotals,
  uniqueName,
  until,
} from './test-support/browser.ts';

const client = createClient({ apiKey: API_KEY, apiUrl: API_URL });
const fast = { ringDelayMs: 5, answerDelayMs: 20 };

let ribbon: ExotelCallRibbon;
const seen: Array<[CallEventName, CallEventData]> = [];

const waitForState = (predicate: (state: ReturnType<ExotelCallRibbon['getState']>) => boolean) => {
  const element = document.querySelector('exotel-call-ribbon')!;
  return until(
    (listener) => element.session!.subscribe(() => listener(ribbon.getState())),
    () => ribbon.getState(),
    predicate,
  );
};

const start = (extra: Partial<Parameters<ExotelCallRibbon['init']>[0]> = {}) =>
  ribbon.init({
    apiKey: API_KEY,
    apiUrl: API_URL,
    simulator: fast,
    onCallEvent: (event, data) => seen.push([event, data]),
    queue: { databaseName: uniqueName('facade'), batchDelayMs: 0 },
    wrapUp: false,
    ...extra,
  });

describe('ExotelCallRibbon facade', () => {
  beforeEach(async () => {
    await resetServer();
    ribbon = createCallRibbon();
    seen.length = 0;
  });
  afterEach(() => ribbon.destroy());

  it('init renders the bar and resolves with the tenant configuration', async () => {
    const state = await start({ position: 'top', theme: 'dark' });
    const element = document.querySelector('exotel-call-ribbon');
    assert.ok(element, 'the element is in the page');
    assert.equal(element.getAttribute('position'), 'top');
    assert.equal(element.getAttribute('theme'), 'dark');
    assert.equal(state.initialized, true);
    assert.equal(state.server, 'connected');
    assert.equal(state.demoMode, true);
    assert.equal(state.provider, 'simulator');
    assert.equal(state.queue?.storage, 'indexeddb');
    assert.ok(state.config?.sessionId, 'the server opened a session');
    await element.updateComplete;
    assert.match(element.shadowRoot!.textContent ?? '', /Demo mode/);
  });

  it('a whole call: handlers get (event, data), the real server derives the call once', async () => {
    await start({ agent: { id: 'agent-7', name: 'Asha' } });
    const customerId = uniqueName('CUST');
    ribbon.setCustomer({ phoneNumber: '+91 98765 43210', name: 'Rajesh Kumar', customerId });
    const extra: CallEventName[] = [];
    const off = ribbon.onCallEvent((event) => extra.push(event));
    await ribbon.dial();
    await waitForState((s) => s.call?.phase === 'connected');
    off();
    await ribbon.hangup();
    assert.deepEqual(
      seen.map(([event]) => event),
      ['dialing', 'ringing', 'connected', 'callEnded'],
    );
    assert.deepEqual(extra, ['dialing', 'ringing', 'connected'], 'unsubscribed handlers hear nothing more');
    const [, data] = seen[3]!;
    assert.equal(data.direction, 'outbound');
    assert.equal(data.phoneNumber, '+91 98765 43210');
    assert.equal(data.customerData.customerId, customerId);
    assert.equal(data.customerData.name, 'Rajesh Kumar');
    assert.equal(typeof data.duration, 'number');
    assert.ok(!Number.isNaN(Date.parse(data.timestamp)));
    assert.equal(new Set(seen.map(([, d]) => d.callId)).size, 1, 'one callId for the whole call');

    const queue = await ribbon.flush();
    assert.equal(queue.pending, 0, JSON.stringify(queue));
    const totals = await serverTotals();
    assert.equal(totals.accepted, 4);
    const { logs } = await client.calls.list({ customerId });
    assert.equal(logs.length, 1);
    assert.equal(logs[0]!.status, 'completed');
    assert.equal(logs[0]!.agentId, 'agent-7');
    assert.equal(logs[0]!.callId, data.callId);
  });

  it('renders and queues when the server is unreachable, and says so', async () => {
    const state = await start({ apiUrl: 'http://127.0.0.1:9' });
    assert.equal(state.server, 'unreachable');
    await ribbon.dial('+919812345678');
    await waitForState((s) => s.call?.phase === 'connected');
    await ribbon.hangup();
    await ribbon.flush();
    const after = ribbon.getState();
    assert.equal(after.queue?.pending, 4, 'all four events wait in the queue');
    const element = document.querySelector('exotel-call-ribbon')!;
    await element.updateComplete;
    assert.match(element.shadowRoot!.textContent ?? '', /4 events waiting/);
    assert.match(element.shadowRoot!.textContent ?? '', /Server unreachable/);
  });

  it('a refused API key is shown to the agent, and events still wait in the queue', async () => {
    const state = await start({ apiKey: 'not-a-key' });
    assert.equal(state.server, 'unreachable');
    assert.match(state.error ?? '', /401/);
    const element = document.querySelector('exotel-call-ribbon')!;
    await element.updateComplete;
    assert.ok(element.shadowRoot!.querySelector('[role="alert"]'), 'the error is announced');
    await ribbon.dial('+919812345670');
    await waitForState((s) => s.call?.phase === 'connected');
    const queue = await ribbon.flush();
    assert.equal(queue.pending, 3, 'kept for when the key is fixed, not dead-lettered');
    assert.equal(queue.deadLetters, 0);
  });

  it('offline: the bar says so and events wait; back online they are sent', async () => {
    let online = false;
    await start({
      queue: { databaseName: uniqueName('facade-offline'), isOnline: () => online, onlineDelayMs: 20 },
    });
    window.dispatchEvent(new Event('offline'));
    await ribbon.dial('+919812345671');
    await waitForState((s) => s.call?.phase === 'connected');
    await ribbon.hangup();
    const element = document.querySelector('exotel-call-ribbon')!;
    await element.updateComplete;
    const status = () => element.shadowRoot!.querySelector('[part="status"]')!.textContent ?? '';
    assert.match(status(), /Offline/);
    assert.match(status(), /4 events waiting/);
    online = true;
    window.dispatchEvent(new Event('online'));
    await waitForState((s) => s.queue?.pending === 0);
    await element.updateComplete;
    assert.match(status(), /Online/);
    assert.equal((await serverTotals()).accepted, 4);
  });

  it('calls made before init are applied: setCustomer and onCallEvent', async () => {
    const heard: string[] = [];
    ribbon.onCallEvent((event) => heard.push(event));
    ribbon.setCustomer({ phoneNumber: '+919800000001', name: 'Early Bird', customerId: 'EARLY' });
    await start();
    assert.equal(ribbon.getState().customer?.name, 'Early Bird');
    await ribbon.dial();
    await waitForState((s) => s.call?.phase === 'connected');
    await ribbon.hangup();
    assert.deepEqual(heard, ['dialing', 'ringing', 'connected', 'callEnded']);
  });

  it('an incoming call is looked up by phone on the real server', async () => {
    const customerId = uniqueName('CALLER');
    const phone = `+9190${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    await client.customers.save({ customerId, name: 'Priya Sharma', phone });
    await start();
    ribbon.simulateIncoming({ phoneNumber: phone });
    const state = await waitForState((s) => s.call?.customerData.customerId === customerId);
    assert.equal(state.call?.customerData.name, 'Priya Sharma');
    await ribbon.answer();
    await ribbon.hangup();
    const ended = seen.find(([event]) => event === 'callEnded')!;
    assert.equal(ended[1].customerData.customerId, customerId);
    assert.equal(ended[1].direction, 'inbound');
  });

  it('an over-long customer name is cut to the contract limit rather than losing the call', async () => {
    await start();
    const customerId = uniqueName('LONG');
    ribbon.setCustomer({ phoneNumber: '+919800000002', name: 'x'.repeat(600), customerId });
    await ribbon.dial();
    await waitForState((s) => s.call?.phase === 'connected');
    await ribbon.hangup();
    const queue = await ribbon.flush();
    assert.equal(queue.deadLetters, 0);
    const { logs } = await client.calls.list({ customerId });
    assert.equal(logs[0]!.customerName?.length, 500);
  });

  it('events the server refuses are readable as dead letters from getState and getDeadLetters', async () => {
    // Events of the call go in one batch, on flush().
    await start({ queue: { databaseName: uniqueName('facade-dead'), batchDelayMs: 60_000 } });
    await ribbon.flush();
    // The batch is refused, then the first event alone: that one is the culprit.
    await injectFaults({ status: 400 }, { status: 400 });
    await ribbon.dial('+919800000005');
    await waitForState((s) => s.call?.phase === 'connected');
    await ribbon.hangup();
    await ribbon.flush();
    const letters = await ribbon.getDeadLetters();
    assert.deepEqual(
      letters.map((l) => [l.event.event, l.reason]),
      [['dialing', 'rejected']],
    );
    assert.match(letters[0]!.message, /400/);
    assert.equal(ribbon.getState().deadLetters.length, 1);
    assert.equal((await serverTotals()).accepted, 3, 'the rest of the call was delivered');
    await ribbon.retryDeadLetters();
    await ribbon.flush();
    assert.equal((await serverTotals()).accepted, 4, 'a retried dead letter is delivered');
    assert.equal((await ribbon.getDeadLetters()).length, 0);
  });

  it('with wrap-up on, callEnded leaves at hang-up and the disposition follows as a wrapUp event', async () => {
    await start({ wrapUp: true });
    const customerId = uniqueName('WRAP');
    ribbon.setCustomer({ phoneNumber: '+919800000004', name: 'Wrap Up', customerId });
    await ribbon.dial();
    await waitForState((s) => s.call?.phase === 'connected');
    await ribbon.hangup();
    const state = await ribbon.flush();
    assert.equal(state.held, 0, 'nothing is held for the wrap-up');
    assert.equal(state.pending, 0);
    assert.equal(ribbon.getState().wrapUp?.customerData.customerId, customerId);
    const element = document.querySelector('exotel-call-ribbon')!;
    await element.updateComplete;
    const form = element.shadowRoot!.querySelector<HTMLFormElement>('form[part="wrap-up"]')!;
    form.querySelector('select')!.value = 'Call back';
    form.querySelector('textarea')!.value = 'Wants a quote <b>Monday</b>';
    form.requestSubmit();
    await waitForState((s) => s.wrapUp === null);
    await ribbon.flush();
    const { logs } = await client.calls.list({ customerId });
    assert.equal(logs[0]!.status, 'completed');
    assert.equal(logs[0]!.disposition, 'Call back');
    assert.equal(logs[0]!.notes, 'Wants a quote <b>Monday</b>');
    assert.equal((await serverTotals()).accepted, 5, 'four call events, then the wrap-up');
    assert.deepEqual(
      seen.map(([event]) => event),
      ['dialing', 'ringing', 'connected', 'callEnded', 'wrapUp'],
    );
  });

  it('destroy removes the bar and stops calls through the facade', async () => {
    await start();
    ribbon.destroy();
    assert.equal(document.querySelector('exotel-call-ribbon'), null);
    assert.equal(ribbon.getState().initialized, false);
    let error: unknown;
    try {
      await ribbon.dial('+919800000003');
    } catch (e) {
      error = e;
    }
    assert.match(String(error), /init/);
  });
});
