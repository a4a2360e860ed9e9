import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ActiveCallsResponse,
  AnalyticsResponse,
  type CallEvent,
  CallLogsResponse,
} from '@call-ribbon/contract';
import { DEFAULT_STALE_CALL_MS } from '../app.ts';
import { callEvent } from '../test-support/events.ts';
import { exotelApp } from '../test-support/exotel-app.ts';
import { closeStaleCalls, INACTIVITY_REASON, staleEventId } from './stale-calls.ts';

const KEY = { 'x-api-key': 'tenant-key' };

const setup = async () => {
  const env = await exotelApp({ instances: 2 });
  const log = async (events: CallEvent[]) => {
    const response = await env.app.request('/api/ribbon/log-call', {
      method: 'POST',
      headers: { ...KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    if (response.status !== 200)
      assert.fail(`log-call answered ${response.status}: ${await response.text()}`);
  };
  const get = async (path: string) => (await env.app.request(path, { headers: KEY })).json();
  return { ...env, log, get };
};

describe('the stale-call sweep', () => {
  it('ends a call nothing was heard of once, even when two instances sweep at the same moment', async (t) => {
    const { apps, app, tenant, log, get, advance, close } = await setup();
    // A call connected at 05:00 whose page was closed: no callEnded ever comes.
    await log([
      callEvent({ event: 'dialing', callId: 'ghost', timestamp: '2025-10-13T05:00:00.000Z', agentId: 'a-1' }),
      callEvent({
        event: 'connected',
        callId: 'ghost',
        timestamp: '2025-10-13T05:00:20.000Z',
        agentId: 'a-1',
      }),
    ]);
    advance(DEFAULT_STALE_CALL_MS / 1000 - 60);
    // A call still going: it had an event a minute ago.
    await log([callEvent({ event: 'connected', callId: 'live', timestamp: '2025-10-13T06:59:00.000Z' })]);
    assert.deepEqual(await closeStaleCalls(app.deps), { closed: 0 }, 'nothing is stale yet');
    advance(120);

    const stream = await app.request('/api/ribbon/stream', { headers: KEY });
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    t.after(() => reader.cancel());

    const sweeps = await Promise.all(apps.map((instance) => closeStaleCalls(instance.deps)));
    assert.equal(sweeps[0]!.closed + sweeps[1]!.closed, 1, `racing sweeps: ${JSON.stringify(sweeps)}`);

    const { logs } = CallLogsResponse.parse(await get('/api/ribbon/call-logs'));
    const ghost = logs.find((call) => call.callId === 'ghost')!;
    assert.equal(ghost.status, 'completed');
    // Ended at its last sign of life: no invented talk time.
    assert.equal(ghost.endTime, '2025-10-13T05:00:20.000Z');
    assert.equal(ghost.duration, 0);
    const active = ActiveCallsResponse.parse(await get('/api/ribbon/active-calls'));
    assert.deepEqual(
      active.calls.map((call) => call.callId),
      ['live'],
    );
    const analytics = AnalyticsResponse.parse(await get('/api/ribbon/analytics'));
    assert.equal(analytics.summary.totalCalls, 2);
    assert.equal(analytics.recentCalls.find((call) => call.callId === 'ghost')?.status, 'completed');

    const stored = await app.deps.stores.callEvents.forCalls(tenant.id, ['ghost']);
    const ends = stored.filter((event) => event.event === 'callEnded');
    assert.equal(ends.length, 1, 'one stored end');
    assert.equal(ends[0]!.eventId, 'stale:ghost');
    assert.equal(ends[0]!.reason, INACTIVITY_REASON);

    let received = '';
    while (!received.includes('"status":"completed"')) {
      const { value, done } = await reader.read();
      if (done) assert.fail(`the stream ended before the ghost call's end: ${received.slice(-500)}`);
      received += value;
    }
    assert.match(received, /"callId":"ghost"/);

    advance(DEFAULT_STALE_CALL_MS / 1000);
    const later = await Promise.all(apps.map((instance) => closeStaleCalls(instance.deps)));
    // The live call went quiet too now; the ghost is not ended a second time.
    assert.equal(later[0]!.closed + later[1]!.closed, 1, `later sweeps: ${JSON.stringify(later)}`);
    const again = await app.deps.stores.callEvents.forCalls(tenant.id, ['ghost']);
    assert.equal(again.length, 3);
    await close();
  });

  it('lets the real end that arrives late from the ribbon correct the call, without a second call', async () => {
    const { app, log, get, advance, close } = await setup();
    await log([callEvent({ event: 'connected', callId: 'late', timestamp: '2025-10-13T05:00:00.000Z' })]);
    advance(DEFAULT_STALE_CALL_MS / 1000 + 60);
    assert.deepEqual(await closeStaleCalls(app.deps), { closed: 1 });
    await log([
      callEvent({ event: 'callEnded', callId: 'late', timestamp: '2025-10-13T05:03:00.000Z', duration: 180 }),
    ]);
    const { logs, pagination } = CallLogsResponse.parse(await get('/api/ribbon/call-logs'));
    assert.equal(pagination.total, 1);
    assert.equal(logs[0]?.duration, 180);
    assert.equal(logs[0]?.endTime, '2025-10-13T05:03:00.000Z');
    await close();
  });

  it('names the end event after the call, within the 128 characters of an event id', () => {
    assert.equal(staleEventId('call_1'), 'stale:call_1');
    const long = staleEventId('c'.repeat(128));
    assert.ok(long.startsWith('stale:') && long.length <= 128);
    assert.equal(long, staleEventId('c'.repeat(128)));
  });
});
