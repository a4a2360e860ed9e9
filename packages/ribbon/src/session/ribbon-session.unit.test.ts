import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createClient } from '@call-ribbon/client';
import type { CallEventName } from '@call-ribbon/contract';
import { createApp, openDatabase, sqliteEngine } from '@call-ribbon/server';
import { DurableEventQueue } from '../queue/durable-event-queue.ts';
import { logCallTransport } from '../queue/log-call-transport.ts';
import type { CallProvider, ProviderCallEvent, ProviderListener } from '../telephony/provider.ts';
import { SimulatorProvider } from '../telephony/simulator-provider.ts';
import { type CallStore, memoryCallStore } from './call-store.ts';
import { PAGE_RELOADED, phoneKey, RibbonSession } from './ribbon-session.ts';
import type { CallEventData } from './types.ts';

const API_KEY = 'session-test-key';
const API_URL = 'http://ribbon.test';

/** Simulator timers and the session's clock on one hand-driven timeline. */
const timeline = () => {
  let now = Date.parse('2025-10-12T09:00:00Z');
  let timers: Array<{ at: number; run: () => void; id: number }> = [];
  let id = 0;
  return {
    now: () => now,
    setTimeout: (run: () => void, ms: number) => {
      id += 1;
      timers.push({ at: now + ms, run, id });
      return id;
    },
    clearTimeout: (handle: unknown) => {
      timers = timers.filter((timer) => timer.id !== handle);
    },
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const next = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        timers = timers.filter((t) => t !== next);
        now = next.at;
        next.run();
      }
      now = end;
    },
  };
};

describe('RibbonSession with the simulator', () => {
  let db: ReturnType<typeof openDatabase>;
  let session: RibbonSession;
  let provider: SimulatorProvider;
  let queue: DurableEventQueue;
  let time: ReturnType<typeof timeline>;
  let heard: Array<[CallEventName, CallEventData]>;
  let client: ReturnType<typeof createClient>;

  beforeEach(async () => {
    db = openDatabase(':memory:');
    const app = createApp({ engine: sqliteEngine(db) });
    await app.deps.stores.tenants.create(
      { id: 'ribbon', name: 'Ribbon tests', apiKey: API_KEY },
      new Date('2025-10-12T08:00:00Z'),
    );
    const fetch = async (input: Request | URL | string, init?: RequestInit) =>
      app.request(new Request(input, init));
    client = createClient({ apiKey: API_KEY, apiUrl: API_URL, fetch });
    time = timeline();
    provider = new SimulatorProvider({
      ringDelayMs: 1000,
      answerDelayMs: 3000,
      incomingTimeoutMs: 20_000,
      setTimeout: time.setTimeout,
      clearTimeout: time.clearTimeout,
      failingNumbers: ['+910000000000'],
    });
    queue = new DurableEventQueue({
      transport: logCallTransport(client),
      clock: time,
    });
    session = new RibbonSession({
      provider,
      queue,
      agentId: 'agent-1',
      now: time.now,
      lookup: (phone) => client.customers.findByPhone(phone),
    });
    heard = [];
    session.onCallEvent((event, data) => heard.push([event, data]));
  });
  afterEach(() => {
    session.destroy();
    provider.destroy();
    queue.close();
    db.close();
  });

  test('an outbound call rings, is answered after the delay, and ends with its talk time', async () => {
    session.setCustomer({ phoneNumber: '+91 98765-43210', name: 'Rajesh Kumar', customerId: 'RIBBON-T1' });
    await session.dial();
    assert.equal(session.state.call?.phase, 'dialing');
    time.advance(1000);
    assert.equal(session.state.call?.phase, 'ringing');
    time.advance(2999);
    assert.equal(session.state.call?.phase, 'ringing');
    time.advance(1);
    assert.equal(session.state.call?.phase, 'connected');
    time.advance(65_000);
    await session.hangup();
    assert.deepEqual(
      heard.map(([event]) => event),
      ['dialing', 'ringing', 'connected', 'callEnded'],
    );
    const [, ended] = heard[3]!;
    assert.equal(ended.duration, 65);
    assert.deepEqual(ended.customerData, {
      customerId: 'RIBBON-T1',
      name: 'Rajesh Kumar',
      phone: '+91 98765-43210',
    });
    assert.equal(session.state.lastCall?.duration, 65);
    assert.equal(session.state.call, null);
    await queue.flush();
    const { logs } = await client.calls.list({ customerId: 'RIBBON-T1' });
    assert.equal(logs.length, 1);
    assert.equal(logs[0]!.status, 'completed');
    assert.equal(logs[0]!.duration, 65);
  });

  test('mute, hold and DTMF during a call; none of them before it connects', async () => {
    await session.dial('+919876543210');
    await session.toggleMute();
    assert.match(session.state.error ?? '', /No connected call/);
    time.advance(4000);
    await session.toggleMute();
    await session.toggleHold();
    await session.toggleHold();
    await session.sendDigits('12#');
    assert.equal(provider.sentDigits, '12#');
    await session.sendDigits('<x>');
    assert.match(session.state.error ?? '', /Not DTMF/);
    await session.toggleMute();
    await session.hangup();
    assert.deepEqual(
      heard.map(([event]) => event),
      ['dialing', 'ringing', 'connected', 'mute', 'hold', 'unhold', 'unmute', 'callEnded'],
    );
  });

  test('an unanswered incoming call becomes missed; a rejected one rejected; a bad number failed', async () => {
    provider.simulateIncoming({ phoneNumber: '+919811111111' });
    time.advance(20_000);
    await session.dial('+910000000000');
    time.advance(1000);
    provider.simulateIncoming({ phoneNumber: '+919822222222' });
    await session.reject();
    assert.deepEqual(
      heard.map(([event]) => event),
      ['incoming', 'missed', 'dialing', 'failed', 'incoming', 'rejected'],
    );
    assert.equal(heard[1]![1].duration, undefined, 'duration only on callEnded');
  });

  test('refuses to dial nothing, or something that is not a number', async () => {
    await session.dial();
    assert.match(session.state.error ?? '', /Enter a number/);
    await session.dial('<script>');
    assert.match(session.state.error ?? '', /Not a phone number/);
    assert.equal(heard.length, 0);
  });

  test('with wrap-up on, callEnded leaves at hang-up and the wrap-up follows as its own event', async () => {
    session.wrapUpEnabled = true;
    session.setCustomer({ phoneNumber: '+919876543210', name: 'Wrap', customerId: 'WRAP' });
    await session.dial();
    time.advance(4000);
    time.advance(30_000);
    await session.hangup();
    assert.equal(queue.state.held, 0, 'nothing waits for the wrap-up');
    assert.equal(session.state.wrapUp?.callId, heard[0]![1].callId);
    await queue.flush();
    let { logs } = await client.calls.list({ customerId: 'WRAP' });
    assert.equal(logs[0]!.status, 'completed', 'ended on the server before any wrap-up');
    assert.equal((await client.calls.active()).calls.length, 0);
    assert.equal(logs[0]!.disposition, null);
    time.advance(45_000);
    await session.finishWrapUp({ disposition: 'Interested', notes: 'wants a demo' });
    assert.equal(session.state.wrapUp, null);
    const [name, data] = heard.at(-1)!;
    assert.equal(name, 'wrapUp');
    assert.equal(data.callId, heard[0]![1].callId);
    assert.equal(data.disposition, 'Interested');
    assert.equal(data.notes, 'wants a demo');
    assert.equal(data.duration, 30);
    await queue.flush();
    ({ logs } = await client.calls.list({ customerId: 'WRAP' }));
    assert.equal(logs.length, 1, 'the same call, not a second one');
    assert.equal(logs[0]!.duration, 30);
    assert.equal(logs[0]!.endTime, heard[3]![1].timestamp, 'ended at the hang-up, not at the wrap-up');
    assert.equal(logs[0]!.disposition, 'Interested');
    assert.equal(logs[0]!.notes, 'wants a demo');
  });

  test('a skipped or empty wrap-up sends nothing more', async () => {
    session.wrapUpEnabled = true;
    await session.dial('+919876543219');
    time.advance(10_000);
    await session.hangup();
    await session.finishWrapUp({ disposition: '', notes: '   ' });
    assert.equal(session.state.wrapUp, null);
    assert.deepEqual(
      heard.map(([event]) => event),
      ['dialing', 'ringing', 'connected', 'callEnded'],
    );
    assert.equal(queue.state.pending, 4);
  });

  /** The page again: a new provider, queue and session on the same call store (and server). */
  const reload = (store: CallStore, extra: { wrapUp?: boolean } = {}) => {
    session.destroy();
    provider.destroy();
    queue.close();
    provider = new SimulatorProvider({ setTimeout: time.setTimeout, clearTimeout: time.clearTimeout });
    queue = new DurableEventQueue({ transport: logCallTransport(client), clock: time });
    session = new RibbonSession({
      provider,
      queue,
      agentId: 'agent-1',
      now: time.now,
      callStore: store,
      ...extra,
    });
    heard = [];
    session.onCallEvent((event, data) => heard.push([event, data]));
  };

  test('a call the page held (the simulator) is logged as ended at the reload, with its reason', async () => {
    const store = memoryCallStore();
    const target = new EventTarget();
    session.destroy();
    session = new RibbonSession({
      provider,
      queue,
      agentId: 'agent-1',
      now: time.now,
      callStore: store,
      window: target,
    });
    session.setCustomer({ phoneNumber: '+919876500001', name: 'Reload', customerId: 'RELOAD-SIM' });
    await session.dial();
    time.advance(4000);
    const callId = session.state.call!.callId;
    assert.equal(store.load()?.call?.callId, callId, 'the call in progress is kept');
    time.advance(20_000);
    target.dispatchEvent(new Event('pagehide'));
    const leftAt = time.now();
    await queue.flush();
    time.advance(5000);
    reload(store);
    assert.equal(await session.restore(), 'gone');
    assert.equal(session.state.call, null);
    assert.deepEqual(
      heard.map(([event]) => event),
      ['callEnded'],
    );
    const [, ended] = heard[0]!;
    assert.equal(ended.callId, callId);
    assert.equal(ended.reason, PAGE_RELOADED);
    assert.equal(ended.timestamp, new Date(leftAt).toISOString(), 'ended when the page went away');
    assert.equal(ended.duration, 20);
    assert.equal(ended.customerData.customerId, 'RELOAD-SIM');
    assert.equal(store.load(), null, 'forgotten once logged');
    await queue.flush();
    const { logs } = await client.calls.list({ customerId: 'RELOAD-SIM' });
    assert.equal(logs.length, 1);
    assert.equal(logs[0]!.status, 'completed');
    assert.equal(logs[0]!.duration, 20);
    assert.equal((await client.calls.active()).calls.length, 0, 'no live call left behind');
    reload(store);
    assert.equal(await session.restore(), null, 'a second reload finds nothing');
  });

  test('a wrap-up left open comes back after a reload and is sent for the same call', async () => {
    const store = memoryCallStore();
    session.destroy();
    session = new RibbonSession({
      provider,
      queue,
      agentId: 'agent-1',
      now: time.now,
      callStore: store,
      wrapUp: true,
    });
    session.setCustomer({ phoneNumber: '+919876500002', name: 'Open Form', customerId: 'RELOAD-WRAP' });
    await session.dial();
    time.advance(4000);
    time.advance(12_000);
    await session.hangup();
    const callId = session.state.wrapUp!.callId;
    await queue.flush();
    reload(store, { wrapUp: true });
    await session.restore();
    assert.equal(session.state.wrapUp?.callId, callId);
    assert.equal(session.state.call, null);
    await session.finishWrapUp({ disposition: 'Call back' });
    assert.deepEqual(
      heard.map(([event]) => event),
      ['wrapUp'],
    );
    assert.equal(store.load(), null);
    await queue.flush();
    const { logs } = await client.calls.list({ customerId: 'RELOAD-WRAP' });
    assert.equal(logs.length, 1);
    assert.equal(logs[0]!.disposition, 'Call back');
    assert.equal(logs[0]!.duration, 12);
  });

  test('a recording link reaches handlers and the wrap-up form only when it is https: or http:', async () => {
    const listeners = new Set<ProviderListener>();
    const scripted: CallProvider = {
      name: 'scripted',
      demo: true,
      dial: async () => {},
      answer: async () => {},
      reject: async () => {},
      hangup: async () => {},
      mute: async () => {},
      hold: async () => {},
      sendDigits: async () => {},
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      destroy: () => listeners.clear(),
    };
    const say = (event: Partial<ProviderCallEvent>) => {
      for (const listener of listeners)
        listener({
          direction: 'outbound',
          phoneNumber: '+919876500009',
          event: 'dialing',
          callId: 'x',
          ...event,
        });
    };
    session.useProvider(scripted);
    session.wrapUpEnabled = true;
    const call = async (callId: string, recordingUrl: string) => {
      say({ callId, event: 'dialing' });
      say({ callId, event: 'connected' });
      say({ callId, event: 'callEnded', metadata: { recordingUrl } });
      const [, data] = heard.at(-1)!;
      const wrapUp = session.state.wrapUp;
      await session.finishWrapUp(null);
      return { data, wrapUp };
    };
    const safe = await call('rec-1', 'https://recordings.example.com/a.mp3');
    assert.equal(safe.data.recordingUrl, 'https://recordings.example.com/a.mp3');
    assert.equal(safe.wrapUp?.recordingUrl, 'https://recordings.example.com/a.mp3');
    for (const [i, hostile] of [
      'javascript:alert(1)',
      'data:text/html,<script>x</script>',
      '//evil.example/x',
    ].entries()) {
      const { data, wrapUp } = await call(`rec-bad-${i}`, hostile);
      assert.equal(data.recordingUrl, undefined, hostile);
      assert.equal(wrapUp?.recordingUrl, undefined, hostile);
    }
    await queue.flush();
    const { logs } = await client.calls.list({ pageSize: 10 });
    const byId = new Map(logs.map((log) => [log.callId, log.recordingUrl]));
    assert.equal(byId.get('rec-1'), 'https://recordings.example.com/a.mp3');
    assert.equal(byId.get('rec-bad-0'), null, 'not even sent to the server');
    assert.equal(byId.get('rec-bad-1'), null);
  });

  test('phone numbers match in any notation', () => {
    assert.equal(phoneKey('+91 98765-43210'), phoneKey('09876543210'));
    assert.notEqual(phoneKey('+919876543210'), phoneKey('+919876543211'));
  });
});
