import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorBody, StartCallResponse, TelephonySettingsResponse } from '@call-ribbon/contract';
import { exotelApp as setup, TEST_PUBLIC_URL } from '../test-support/exotel-app.ts';
import { reconcileOverdueCalls } from './click-to-call.ts';

describe('telephony settings', () => {
  it('are written through the admin API and never read back with their secrets', async () => {
    const { configure, tenant, app } = await setup();
    const saved = await configure(tenant.id);
    assert.equal(saved.status, 200);
    const text = await saved.text();
    assert.doesNotMatch(text, /exo-key|exo-token/);
    assert.deepEqual(TelephonySettingsResponse.parse(JSON.parse(text)).telephony.agents, ['agent-priya']);
    const read = await app.request(`/api/admin/clients/${tenant.id}/telephony`, {
      headers: { authorization: 'Bearer admin-secret' },
    });
    assert.doesNotMatch(await read.text(), /exo-key|exo-token/);
  });

  it('reject an agent without a line, naming the field', async () => {
    const { configure, tenant } = await setup();
    const response = await configure(tenant.id, { agents: { 'agent-x': {} } });
    assert.equal(response.status, 400);
    assert.match(ErrorBody.parse(await response.json()).message, /agents\.agent-x/);
  });
});

describe('POST /api/ribbon/calls and the Exotel webhook', () => {
  it('places the call, follows its callbacks (one twice, one late) and logs one call', {
    timeout: 30_000,
  }, async () => {
    const { fake, configure, dial, callLog, tenant, app, advance } = await setup();
    await configure(tenant.id);
    const stream = await app.request('/api/ribbon/stream', { headers: { 'x-api-key': 'tenant-key' } });
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();

    const response = await dial({ to: '+919876543210', agentId: 'agent-priya' });
    assert.equal(response.status, 201);
    const started = StartCallResponse.parse(await response.json());
    assert.equal(started.status, 'dialing');

    const [connect] = fake.requests;
    assert.equal(connect?.form.From, '+919812345678');
    assert.equal(connect?.form.To, '+919876543210');
    assert.equal(connect?.form.CallerId, '08047112233');
    assert.equal(connect?.form.CustomField, started.callId);
    assert.equal(connect?.form.Record, 'true');
    assert.ok(connect?.form.StatusCallback?.startsWith(`${TEST_PUBLIC_URL}/api/webhooks/exotel/`));
    assert.match(connect?.form.StatusCallback ?? '', /\/api\/webhooks\/exotel\/[\w-]{20,}$/);

    const sid = started.providerCallSid!;
    advance(4);
    fake.answerAgent(sid);
    await fake.sendCallback(sid, 'answered');
    assert.equal((await callLog()).logs[0]?.status, 'ringing');

    advance(6);
    fake.answerCustomer(sid);
    const first = await fake.sendCallback(sid, 'answered');
    const again = await fake.sendCallback(sid, 'answered');
    assert.deepEqual(await first?.json(), { accepted: 1, duplicates: 0 });
    assert.deepEqual(await again?.json(), { accepted: 0, duplicates: 1 });

    advance(95);
    fake.end(sid, { status: 'completed', talkSeconds: 95 });
    const ended = await fake.sendCallback(sid, 'terminal', { contentType: 'multipart/form-data' });
    assert.deepEqual(await ended?.json(), { accepted: 1, duplicates: 1 });
    // A late answered callback after the end changes nothing.
    const late = await fake.sendCallback(sid, 'answered');
    assert.deepEqual(await late?.json(), { accepted: 0, duplicates: 1 });

    const { logs, pagination } = await callLog();
    assert.equal(pagination.total, 1);
    assert.equal(logs[0]?.callId, started.callId);
    assert.equal(logs[0]?.status, 'completed');
    assert.equal(logs[0]?.duration, 95);
    assert.equal(logs[0]?.agentId, 'agent-priya');
    assert.equal(logs[0]?.answerTime, '2025-10-13T05:00:10.000Z');
    assert.equal(logs[0]?.recordingUrl, `https://recordings.exotel.example/acme1/${sid}.mp3`);

    // Each message carries its run of events and the call as it is when the stream reads it, so
    // under load a message may already show a later status: the events themselves are exact.
    const events: string[] = [];
    let lastStatus: string | undefined;
    let received = '';
    while (!events.includes('callEnded')) {
      const chunk = await reader.read();
      if (chunk.done) assert.fail(`the stream ended after ${events.join(', ')}`);
      received += chunk.value;
      const frames = received.split('\n\n');
      received = frames.pop()!;
      for (const frame of frames) {
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (!/^event: call$/m.test(frame) || data === undefined) continue;
        const message = JSON.parse(data) as { call?: { status: string }; events: { event: string }[] };
        events.push(...message.events.map((event) => event.event));
        if (message.call) lastStatus = message.call.status;
      }
    }
    assert.deepEqual(events, ['dialing', 'ringing', 'connected', 'callEnded']);
    assert.equal(lastStatus, 'completed');
    await reader.cancel();
  });

  it('refuses callbacks to an unknown address and malformed ones', async () => {
    const { app, configure, tenant } = await setup();
    await configure(tenant.id);
    const unknown = await app.request('/api/webhooks/exotel/not-a-secret', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ CallSid: 'x', Status: 'completed' }),
    });
    assert.equal(unknown.status, 404);
    assert.equal(ErrorBody.parse(await unknown.json()).code, 404);

    const secret = (await app.deps.stores.telephony.get(tenant.id))!.callbackSecret;
    const malformed = await app.request(`/api/webhooks/exotel/${secret}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"CallSid":',
    });
    assert.equal(malformed.status, 400);
    const noSid = await app.request(`/api/webhooks/exotel/${secret}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Status: 'completed' }),
    });
    assert.equal(noSid.status, 400);
    assert.match(ErrorBody.parse(await noSid.json()).message, /CallSid/);
  });

  it("turns Exotel's failures into clear errors", async () => {
    const limited = await setup({ rateLimitPerMinute: 0 });
    await limited.configure(limited.tenant.id);
    const tooMany = await limited.dial({ to: '+919876543210' });
    assert.equal(tooMany.status, 429);
    assert.match(ErrorBody.parse(await tooMany.json()).message, /rate limiting/);

    const wrongToken = await setup();
    await wrongToken.configure(wrongToken.tenant.id, { apiToken: 'stale-token' });
    const refused = await wrongToken.dial({ to: '+919876543210' });
    assert.equal(refused.status, 502);
    assert.match(ErrorBody.parse(await refused.json()).message, /credentials/);

    const unconfigured = await setup();
    const noSettings = await unconfigured.dial({ to: '+919876543210' });
    assert.equal(noSettings.status, 409);
    assert.equal((await unconfigured.callLog()).pagination.total, 0);
  });

  it('refuses a call over the monthly limit with 429, before ringing anyone', async () => {
    const { configure, dial, tenant, fake } = await setup({ monthlyCallLimit: 1 });
    await configure(tenant.id);
    assert.equal((await dial({ to: '+919876543210' })).status, 201);
    const refused = await dial({ to: '+919876543211' });
    assert.equal(refused.status, 429);
    assert.match(ErrorBody.parse(await refused.json()).message, /monthly limit of 1/);
    assert.equal(fake.callSids.length, 1);
  });

  it("keeps one tenant's calls and callbacks away from another", async () => {
    const { configure, dial, callLog, tenant, other, fake } = await setup();
    await configure(tenant.id);
    const started = StartCallResponse.parse(await (await dial({ to: '+919876543210' })).json());
    fake.answerAgent(started.providerCallSid!);
    await fake.sendCallback(started.providerCallSid!, 'answered');
    assert.equal((await callLog('other-key')).pagination.total, 0);
    assert.equal((await dial({ to: '+919876543210' }, { key: 'other-key' })).status, 409);
    assert.equal(other.name, 'Other');
  });
});

describe('reconciliation', () => {
  it('completes a call whose callbacks were all lost, once', async () => {
    const { app, configure, dial, callLog, tenant, fake, advance } = await setup();
    await configure(tenant.id);
    const started = StartCallResponse.parse(await (await dial({ to: '+919876543210' })).json());
    const sid = started.providerCallSid!;
    fake.answerAgent(sid);
    fake.answerCustomer(sid);
    advance(40);
    fake.end(sid, { status: 'completed', talkSeconds: 40 });

    advance(60);
    assert.deepEqual(await reconcileOverdueCalls(app.deps.telephony, { overdueAfterMs: 600_000 }), {
      checked: 0,
      completed: 0,
      failed: 0,
    });
    advance(600);
    assert.deepEqual(await reconcileOverdueCalls(app.deps.telephony, { overdueAfterMs: 600_000 }), {
      checked: 1,
      completed: 1,
      failed: 0,
    });
    const [call] = (await callLog()).logs;
    assert.equal(call?.status, 'completed');
    assert.equal(call?.duration, 40);
    advance(600);
    assert.equal((await reconcileOverdueCalls(app.deps.telephony, { overdueAfterMs: 600_000 })).checked, 0);

    // The terminal callback finally arriving is a duplicate, not a second call.
    const late = await fake.sendCallback(sid, 'terminal');
    assert.deepEqual(await late?.json(), { accepted: 0, duplicates: 2 });
    assert.equal((await callLog()).pagination.total, 1);
  });
});
