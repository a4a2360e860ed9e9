// The exotel provider against the real server app, the fake Exotel, and the real live
// stream read over a fetch whose connection the test can cut.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { RibbonSession } from '../session/ribbon-session.ts';
import { setup } from '../test-support/exotel-node.ts';

describe('ExotelProvider', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await setup();
  });
  afterEach(() => {
    t.session.destroy();
    t.provider.destroy();
    t.queue.close();
    t.closeDb();
  });

  test('dials through the server and follows the call on the stream; the server alone records it', async () => {
    const { fake, provider, session, raisedEvent } = t;
    await t.configure();
    await t.streamOpened(1);
    await session.dial('+919876543210');
    assert.equal(session.state.error, null);
    assert.equal(session.state.call?.phase, 'dialing');
    const [connect] = fake.requests;
    assert.equal(connect?.form.To, '+919876543210');
    assert.equal(connect?.form.From, '+919812345678');
    const sid = fake.callSids[0]!;
    const callId = provider.call!.callId;
    assert.equal(connect?.form.CustomField, callId);

    t.advance(4);
    fake.answerAgent(sid);
    await fake.sendCallback(sid, 'answered');
    await raisedEvent('ringing');
    assert.equal(session.state.call?.phase, 'ringing');

    t.advance(6);
    fake.answerCustomer(sid);
    await fake.sendCallback(sid, 'answered');
    await fake.sendCallback(sid, 'answered');
    await raisedEvent('connected');
    assert.equal(session.state.call?.connectedAt, Date.parse('2025-10-13T05:00:10Z'));

    t.advance(95);
    fake.end(sid, { status: 'completed', talkSeconds: 95 });
    await fake.sendCallback(sid, 'terminal');
    await raisedEvent('callEnded');
    await fake.sendCallback(sid, 'terminal', { contentType: 'multipart/form-data' });
    await fake.sendCallback(sid, 'answered');

    assert.deepEqual(
      t.heard.map(([event]) => event),
      ['dialing', 'ringing', 'connected', 'callEnded'],
    );
    const ended = t.heard[3]![1];
    assert.equal(ended.callId, callId);
    assert.equal(ended.duration, 95);
    assert.equal(t.heard[0]![1].eventId, `exotel:${sid}:dialing`);
    // The server's own event id, not one of the ribbon's.
    assert.match(ended.eventId, new RegExp(`^exotel:${sid}:`));
    assert.equal(session.state.lastCall?.duration, 95);
    assert.equal(session.state.call, null);
    // Nothing was queued for log-call: the server's callbacks are the only record.
    assert.equal(t.queue.state.pending, 0);
    assert.equal(t.net.sent.filter((s) => s.url.endsWith('/log-call')).length, 0);
    const { logs, pagination } = await t.callLog();
    assert.equal(pagination.total, 1);
    assert.equal(logs[0]?.status, 'completed');
    assert.equal(logs[0]?.duration, 95);
    assert.equal(logs[0]?.recordingUrl, `https://recordings.exotel.example/acme1/${sid}.mp3`);
  });

  test('a wrap-up after a server-recorded call adds the disposition without changing its talk time', async () => {
    const { fake, session } = t;
    session.wrapUpEnabled = true;
    await t.configure();
    await t.streamOpened(1);
    await session.dial('+919876543210');
    const sid = fake.callSids[0]!;
    t.advance(5);
    fake.answerAgent(sid);
    fake.answerCustomer(sid);
    await fake.sendCallback(sid, 'answered');
    t.advance(61);
    fake.end(sid, { status: 'completed', talkSeconds: 61 });
    await fake.sendCallback(sid, 'terminal');
    await t.raisedEvent('callEnded');
    assert.equal(session.state.wrapUp?.duration, 61);
    await session.finishWrapUp({ disposition: 'Interested', notes: 'Send the quote' });
    await t.queue.flush();
    assert.equal(t.queue.state.pending, 0);
    const { logs, pagination } = await t.callLog();
    assert.equal(pagination.total, 1);
    assert.equal(logs[0]?.duration, 61);
    assert.equal(logs[0]?.status, 'completed');
    assert.equal((logs[0] as { disposition?: string }).disposition, 'Interested');
  });

  test('shows the server refusing the call, and keeps the controls on the phone', async () => {
    await t.streamOpened(1);
    await t.session.dial('+919876543210');
    assert.match(t.session.state.error ?? '', /no Exotel settings/);
    assert.equal(t.session.state.call, null);
    assert.equal(t.provider.onPhone, true);
    await assert.rejects(t.provider.hangup(), /on your phone/);
  });

  test('reconnects after a network loss and resumes after Last-Event-ID', async () => {
    const { fake, session, raisedEvent, net } = t;
    await t.configure();
    await t.streamOpened(1);
    await session.dial('+919876543210');
    const sid = fake.callSids[0]!;
    net.cutAll();
    t.advance(5);
    fake.answerAgent(sid);
    fake.answerCustomer(sid);
    await fake.sendCallback(sid, 'answered');
    await raisedEvent('connected');
    const streams = net.sent.filter((s) => s.url.endsWith('/api/ribbon/stream'));
    assert.ok(streams.length >= 2, 'a second stream request');
    assert.match(streams.at(-1)!.lastEventId ?? '', /^\d+$/);
    // Both the replay and the active-calls refetch saw the call connected: raised once.
    assert.deepEqual(
      t.raised.map((e) => e.event),
      ['dialing', 'connected'],
    );
    assert.equal(session.state.call?.phase, 'connected');
  });
});

describe('ExotelProvider resync', () => {
  test('refetches active calls when the stream no longer holds the gap, and ends a call that ended meanwhile', async () => {
    const t = await setup({ live: { maxReplayEvents: 1 } });
    try {
      await t.configure();
      await t.streamOpened(1);
      await t.session.dial('+919876543210');
      const sid = t.fake.callSids[0]!;
      t.net.cutAll();
      t.advance(3);
      t.fake.answerAgent(sid);
      t.fake.answerCustomer(sid);
      await t.fake.sendCallback(sid, 'answered');
      t.advance(30);
      t.fake.end(sid, { status: 'completed', talkSeconds: 30 });
      await t.fake.sendCallback(sid, 'terminal');
      await t.raisedEvent('callEnded');
      // The call log tells how it ended: connected, then ended after 30 s of talk.
      assert.deepEqual(
        t.raised.map((e) => e.event),
        ['dialing', 'connected', 'callEnded'],
      );
      assert.equal(t.raised[2]!.recorded, true);
      assert.equal(t.raised[2]!.duration, 30);
      assert.equal(t.session.state.lastCall?.duration, 30);
      assert.equal(t.session.state.call, null);
      assert.equal(t.queue.state.pending, 0);
    } finally {
      t.session.destroy();
      t.provider.destroy();
      t.queue.close();
      t.closeDb();
    }
  });

  test("rings only in the ribbons of the agents Dial-whom named; the screen pop carries the server's customer", async () => {
    const t = await setup();
    try {
      await t.client.customers.save({ customerId: 'CUST-9', name: 'Kiran Rao', phone: '+919800033344' });
      await t.streamOpened(1);
      const base = {
        callId: 'inbound-9',
        direction: 'inbound' as const,
        phoneNumber: '+919800033344',
        customerData: { customerId: 'CUST-9', name: 'Kiran Rao' },
      };
      await t.client.calls.log({
        ...base,
        eventId: 'in-9',
        event: 'incoming',
        timestamp: '2025-10-13T05:00:00.000Z',
      });
      await t.raisedEvent('incoming');
      assert.equal(t.raised[0]!.customerData?.name, 'Kiran Rao', 'the event carries the customer at once');
      assert.equal(t.session.state.call?.customerData.customerId, 'CUST-9');
      // Exotel rings another agent: this ribbon keeps showing the call as incoming.
      await t.client.calls.log({
        ...base,
        eventId: 'ring-9',
        event: 'ringing',
        timestamp: '2025-10-13T05:00:01.000Z',
        metadata: { ringingAgents: ['agent-ravi'] },
      });
      await t.client.calls.log({
        ...base,
        eventId: 'miss-9',
        event: 'missed',
        timestamp: '2025-10-13T05:00:30.000Z',
      });
      await t.raisedEvent('missed');
      assert.deepEqual(
        t.raised.map((e) => e.event),
        ['incoming', 'missed'],
      );
    } finally {
      t.session.destroy();
      t.provider.destroy();
      t.queue.close();
      t.closeDb();
    }
  });

  test('raises an incoming call announced on the stream, with the caller looked up by phone', async () => {
    const t = await setup();
    try {
      await t.client.customers.save({ customerId: 'CUST-7', name: 'Meera Iyer', phone: '+919800011122' });
      const session = new RibbonSession({
        provider: t.provider,
        queue: t.queue,
        lookup: (phone) => t.client.customers.findByPhone(phone),
      });
      await t.streamOpened(1);
      const incoming = {
        eventId: 'in-1',
        event: 'incoming' as const,
        callId: 'inbound-1',
        timestamp: '2025-10-13T05:00:00.000Z',
        direction: 'inbound' as const,
        phoneNumber: '+919800011122',
        agentId: 'agent-priya',
      };
      // Logging it publishes it on the tenant's stream, as any stored event.
      await t.client.calls.log(incoming);
      await t.raisedEvent('incoming');
      assert.equal(session.state.call?.phase, 'incoming');
      assert.equal(session.state.call?.direction, 'inbound');
      const named = await new Promise<string | undefined>((resolve) => {
        const check = () => session.state.call?.customerData.name;
        if (check()) return resolve(check());
        const off = session.subscribe(() => {
          if (!check()) return;
          off();
          resolve(check());
        });
      });
      assert.equal(named, 'Meera Iyer');
      session.destroy();
    } finally {
      t.session.destroy();
      t.provider.destroy();
      t.queue.close();
      t.closeDb();
    }
  });
});
