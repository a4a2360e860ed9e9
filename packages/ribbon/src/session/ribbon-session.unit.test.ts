import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createClient } from '@call-ribbon/client';
import type { CallEventName } from '@call-ribbon/contract';
import { createApp, openDatabase, sqliteEngine } from '@call-ribbon/server';
import { DurableEventQueue } from '../queue/durable-event-queue.ts';
import { logCallTransport } from '../queue/log-call-transport.ts';
import { SimulatorProvider } from '../telephony/simulator-provider.ts';
import { phoneKey, RibbonSession } from './ribbon-session.ts';
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

  test('a wrap-up saved after its callEnded already left follows as a second callEnded of the same call', async () => {
    session.wrapUpEnabled = true;
    session.setCustomer({ phoneNumber: '+919876543210', name: 'Late Wrap', customerId: 'LATE' });
    await session.dial();
    time.advance(4000);
    time.advance(30_000);
    await session.hangup();
    assert.equal(queue.state.held, 1);
    time.advance(120_000);
    await queue.flush();
    assert.equal(queue.state.pending, 0, 'the hold expired and the event left without a wrap-up');
    await session.finishWrapUp({ disposition: 'Interested', notes: 'late' });
    await queue.flush();
    const { logs } = await client.calls.list({ customerId: 'LATE' });
    assert.equal(logs.length, 1);
    assert.equal(logs[0]!.duration, 30);
    assert.equal(logs[0]!.disposition, 'Interested');
    assert.equal(logs[0]!.notes, 'late');
  });

  test('phone numbers match in any notation', () => {
    assert.equal(phoneKey('+91 98765-43210'), phoneKey('09876543210'));
    assert.notEqual(phoneKey('+919876543210'), phoneKey('+919876543211'));
  });
});
