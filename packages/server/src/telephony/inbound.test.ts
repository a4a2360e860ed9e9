import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import {
  AgentListResponse,
  AgentPresenceResponse,
  type CallEvent,
  ErrorBody,
  PassthruResponse,
  TelephonySettingsResponse,
} from '@call-ribbon/contract';
import { exotelApp, TEST_PUBLIC_URL } from '../test-support/exotel-app.ts';
import { frames } from '../test-support/sse.ts';
import { parseFlowRequest } from './inbound.ts';

type Harness = Awaited<ReturnType<typeof exotelApp>>;

/** Exotel's times are IST: the harness clock starts at 2025-10-13T05:00:00Z = 10:30:00 IST. */
const ATTEMPT = {
  CallSid: 'in-7f31a9',
  CallFrom: '09812300001',
  CallTo: '08047112233',
  Direction: 'incoming',
  Created: '2025-10-13 10:29:30',
  StartTime: '2025-10-13 10:29:30',
  EndTime: '1970-01-01 05:30:00',
  CallType: 'call-attempt',
  DialCallDuration: '0',
  CustomField: '',
  flow_id: '884422',
  tenant_id: '1234',
};

const AGENTS = {
  'agent-priya': { phone: '+919812345678' },
  'agent-ravi': { phone: '09811122233' },
  'agent-meena': { sipUser: 'meena.acme1' },
};

const setUp = async (h: Harness) => {
  assert.equal((await h.configure(h.tenant.id, { agents: AGENTS })).status, 200);
  const view = await h.app.request(`/api/admin/clients/${h.tenant.id}/telephony`, {
    headers: { authorization: 'Bearer admin-secret' },
  });
  const { webhooks } = TelephonySettingsResponse.parse(await view.json());
  const now = h.app.deps.clock();
  await h.app.deps.stores.customers.save(
    h.tenant.id,
    { customerId: 'L-42', name: 'Kavya Rao', phone: '+91 98123 00001', company: 'Rao Textiles' },
    now,
    '+91',
  );
  await h.app.deps.stores.crm.upsert(
    h.tenant.id,
    'reps',
    [{ id: 'R-7', name: 'Ravi', agentId: 'agent-ravi' }],
    now,
  );
  await h.app.deps.stores.crm.upsert(
    h.tenant.id,
    'leads',
    [{ id: 'L-42', name: 'Kavya Rao', status: 'New', ownerId: 'R-7', createdAt: now.toISOString() }],
    now,
  );
  return webhooks;
};

const pathOf = (url: string) => new URL(url).pathname;
const query = (fields: Record<string, string>) => `?${new URLSearchParams(fields)}`;

describe('inbound calls through Exotel’s flow (Passthru, Dial whom)', { timeout: 20_000 }, () => {
  let h: Harness;
  let passthru: (fields: Record<string, string>) => Promise<Response>;
  let dialWhom: (fields: Record<string, string>) => Promise<Response>;
  let webhooks: { statusCallback: string; passthru: string; dialWhom: string };

  const eventsOf = async (callId: string): Promise<CallEvent[]> =>
    (await h.app.deps.stores.callEvents.forCalls(h.tenant.id, [callId])).sort((a, b) =>
      a.eventId < b.eventId ? -1 : 1,
    );
  const presence = (agentId: string, status: string, key = 'tenant-key') =>
    h.app.request(`/api/ribbon/agents/${agentId}/presence`, {
      method: 'PUT',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ status }),
    });

  beforeEach(async () => {
    h = await exotelApp();
    webhooks = await setUp(h);
    passthru = async (fields) => h.app.request(`${pathOf(webhooks.passthru)}${query(fields)}`);
    dialWhom = async (fields) =>
      h.app.request(`${pathOf(webhooks.dialWhom)}${query(fields)}`, { headers: { 'Exotel-Version': '1.0' } });
  });
  afterEach(async () => {
    await h.close();
  });

  it('gives the admin the three addresses to paste into Exotel, absolute from PUBLIC_URL', () => {
    assert.ok(webhooks.statusCallback.startsWith(`${TEST_PUBLIC_URL}/api/webhooks/exotel/`));
    assert.equal(webhooks.passthru, `${webhooks.statusCallback}/passthru`);
    assert.equal(webhooks.dialWhom, `${webhooks.statusCallback}/dial-whom`);
  });

  it('logs a new call once, with the customer found by the caller’s number, and pushes it live', async () => {
    const stream = frames(
      await h.app.request('/api/ribbon/stream', { headers: { 'x-api-key': 'tenant-key' } }),
    );
    assert.equal((await stream.next()).event, 'ready');

    const first = await passthru(ATTEMPT);
    assert.equal(first.status, 200);
    const body = PassthruResponse.parse(await first.json());
    assert.deepEqual([body.accepted, body.duplicates], [1, 0]);

    const pushed = JSON.parse((await stream.nextEvent()).data!) as { callId: string; events: CallEvent[] };
    assert.equal(pushed.callId, body.callId);
    assert.deepEqual(
      pushed.events.map((event) => [
        event.event,
        event.direction,
        event.phoneNumber,
        event.customerData?.customerId,
      ]),
      [['incoming', 'inbound', '+919812300001', 'L-42']],
    );
    assert.equal(pushed.events[0]!.timestamp, '2025-10-13T04:59:30.000Z');
    assert.equal(pushed.events[0]!.customerData?.name, 'Kavya Rao');
    await stream.close();

    const again = PassthruResponse.parse(await (await passthru(ATTEMPT)).json());
    assert.deepEqual([again.accepted, again.duplicates], [0, 1]);
    assert.equal((await eventsOf(body.callId)).length, 1);
  });

  it('turns the Passthru after Connect into connected + callEnded with talk time, agent and recording, once', async () => {
    await passthru(ATTEMPT);
    h.advance(95);
    const outcome = {
      ...ATTEMPT,
      CallType: 'completed',
      DialCallDuration: '62',
      DialWhomNumber: '09811122233',
      RecordingUrl: 'https://recordings.exotel.com/acme1/in-7f31a9.mp3',
    };
    const first = PassthruResponse.parse(await (await passthru(outcome)).json());
    assert.deepEqual([first.accepted, first.duplicates], [2, 1]);
    h.advance(30);
    const late = PassthruResponse.parse(await (await passthru(outcome)).json());
    assert.deepEqual([late.accepted, late.duplicates], [0, 3]);

    assert.deepEqual(
      (await eventsOf(first.callId)).map((event) => [event.event, event.agentId ?? null]),
      [
        ['callEnded', 'agent-ravi'],
        ['connected', 'agent-ravi'],
        ['incoming', null],
      ],
    );
    const call = (await h.callLog()).logs.find((listed) => listed.callId === first.callId)!;
    assert.equal(call.direction, 'inbound');
    assert.equal(call.status, 'completed');
    assert.equal(call.agentId, 'agent-ravi');
    assert.equal(call.duration, 62);
    assert.equal(call.customerId, 'L-42');
    assert.equal(call.recordingUrl, 'https://recordings.exotel.com/acme1/in-7f31a9.mp3');
  });

  it('a whole inbound call through the three URLs shows in the call log, the customer and analytics', async () => {
    // The owner's ribbon is up: Dial whom rings them first.
    assert.equal((await presence('agent-ravi', 'available')).status, 200);
    assert.equal((await passthru(ATTEMPT)).status, 200);
    h.advance(2);
    const ring = await dialWhom({ ...ATTEMPT, CallStatus: 'ringing' });
    const answer = (await ring.json()) as { destination: { numbers: string[] } };
    assert.deepEqual(answer.destination.numbers, ['09811122233']);
    h.advance(90);
    await passthru({
      ...ATTEMPT,
      CallType: 'completed',
      DialCallDuration: '62',
      DialWhomNumber: '09811122233',
      RecordingUrl: 'https://recordings.exotel.com/acme1/in-7f31a9.mp3',
    });
    const get = async (path: string) =>
      (await (await h.app.request(path, { headers: { 'x-api-key': 'tenant-key' } })).json()) as Record<
        string,
        unknown
      >;
    const analytics = (await get('/api/ribbon/analytics')) as {
      summary: { totalCalls: number; inboundCalls: number; answeredCalls: number; totalDuration: number };
      recentCalls: Array<{ callId: string; agentId: string | null; customerId: string | null }>;
    };
    assert.deepEqual(
      [
        analytics.summary.totalCalls,
        analytics.summary.inboundCalls,
        analytics.summary.answeredCalls,
        analytics.summary.totalDuration,
      ],
      [1, 1, 1, 62],
    );
    assert.deepEqual(
      analytics.recentCalls.map((call) => [call.callId, call.agentId, call.customerId]),
      [['exotel-in-in-7f31a9', 'agent-ravi', 'L-42']],
    );
    const history = (await get('/api/ribbon/customer/L-42/calls')) as { calls?: Array<{ callId: string }> };
    assert.deepEqual(
      (history.calls ?? []).map((call) => call.callId),
      ['exotel-in-in-7f31a9'],
      JSON.stringify(history),
    );
  });

  it('stores each event once when the outcome arrives before the first Passthru', async () => {
    const outcome = {
      ...ATTEMPT,
      CallType: 'completed',
      DialCallDuration: '20',
      DialWhomNumber: '+919812345678',
    };
    h.advance(60);
    const first = PassthruResponse.parse(await (await passthru(outcome)).json());
    assert.equal(first.accepted, 3);
    const early = PassthruResponse.parse(await (await passthru(ATTEMPT)).json());
    assert.deepEqual([early.accepted, early.duplicates], [0, 1]);
    const call = (await h.callLog()).logs.find((listed) => listed.callId === first.callId)!;
    assert.deepEqual([call.status, call.agentId, call.duration], ['completed', 'agent-priya', 20]);
  });

  for (const callType of ['incomplete', 'client-hangup', 'voicemail']) {
    it(`logs ${callType} as missed, once, without talk time`, async () => {
      await passthru(ATTEMPT);
      h.advance(40);
      const outcome = {
        ...ATTEMPT,
        CallType: callType,
        DialCallDuration: '25',
        RecordingUrl: 'javascript:alert(1)',
      };
      const first = PassthruResponse.parse(await (await passthru(outcome)).json());
      assert.equal(first.accepted, 1);
      assert.equal(PassthruResponse.parse(await (await passthru(outcome)).json()).accepted, 0);
      const events = await eventsOf(first.callId);
      const missed = events.find((event) => event.event === 'missed')!;
      assert.equal(missed.reason, callType);
      assert.equal(missed.metadata?.recordingUrl, undefined);
      const call = (await h.callLog()).logs.find((listed) => listed.callId === first.callId)!;
      assert.deepEqual([call.status, call.duration, call.recordingUrl], ['missed', 0, null]);
    });
  }

  it('refuses an unknown secret with 404 and a request without CallSid with 400, storing nothing', async () => {
    const unknown = await h.app.request(`/api/webhooks/exotel/not-a-secret/passthru${query(ATTEMPT)}`);
    assert.equal(unknown.status, 404);
    assert.equal(ErrorBody.parse(await unknown.json()).code, 404);
    const unknownDial = await h.app.request(`/api/webhooks/exotel/not-a-secret/dial-whom${query(ATTEMPT)}`);
    assert.equal(unknownDial.status, 404);

    const { CallSid: _, ...withoutSid } = ATTEMPT;
    const missing = await passthru(withoutSid);
    assert.equal(missing.status, 400);
    const error = ErrorBody.parse(await missing.json());
    assert.equal(error.code, 400);
    assert.match(error.message, /CallSid/);
    assert.equal((await dialWhom(withoutSid)).status, 400);
    assert.equal((await h.callLog()).logs.length, 0);
  });

  it('pushes the agents to ring on the live stream, in the order Exotel rings them', async () => {
    await presence('agent-priya', 'available');
    await presence('agent-ravi', 'available');
    const stream = frames(
      await h.app.request('/api/ribbon/stream', { headers: { 'x-api-key': 'tenant-key' } }),
    );
    assert.equal((await stream.next()).event, 'ready');
    assert.equal((await dialWhom(ATTEMPT)).status, 200);
    const pushed = JSON.parse((await stream.nextEvent()).data!) as { events: CallEvent[] };
    assert.deepEqual(
      pushed.events.map((event) => [event.event, event.metadata?.ringingAgents ?? null]),
      [
        ['incoming', null],
        ['ringing', ['agent-ravi', 'agent-priya']],
      ],
    );
    await stream.close();
  });

  it('rings the customer’s owner first, then the other available agents, never away ones', async () => {
    for (const [agentId, status] of [
      ['agent-priya', 'available'],
      ['agent-ravi', 'available'],
      ['agent-meena', 'away'],
    ] as const) {
      assert.equal((await presence(agentId, status)).status, 200);
    }
    const response = await dialWhom({ ...ATTEMPT, CallStatus: 'in-progress' });
    assert.equal(response.status, 200);
    const answer = (await response.json()) as {
      destination: { numbers: string[] };
      outgoing_phone_number: string;
      record: boolean;
    };
    assert.deepEqual(answer.destination.numbers, ['09811122233', '+919812345678']);
    assert.equal(answer.outgoing_phone_number, '08047112233');
    assert.equal(answer.record, true);

    const ringing = (await eventsOf('exotel-in-in-7f31a9')).find((event) => event.event === 'ringing')!;
    assert.deepEqual(ringing.metadata?.ringingAgents, ['agent-ravi', 'agent-priya']);
    assert.equal(ringing.metadata?.ownerAgentId, 'agent-ravi');

    // Exotel asks again (a retry): same answer, nothing stored twice.
    const again = (await (await dialWhom(ATTEMPT)).json()) as { destination: { numbers: string[] } };
    assert.deepEqual(again.destination.numbers, ['09811122233', '+919812345678']);
    assert.equal((await eventsOf('exotel-in-in-7f31a9')).length, 2);
  });

  it('skips an owner who is away or busy and rings nobody when no one is available', async () => {
    await presence('agent-ravi', 'away');
    await presence('agent-priya', 'available');
    await presence('agent-meena', 'busy');
    const first = (await (await dialWhom(ATTEMPT)).json()) as { destination: { numbers: string[] } };
    assert.deepEqual(first.destination.numbers, ['+919812345678']);

    await presence('agent-priya', 'away');
    const nobody = (await (await dialWhom({ ...ATTEMPT, CallSid: 'in-2' })).json()) as {
      destination: { numbers: string[] };
    };
    assert.deepEqual(nobody.destination.numbers, []);
  });

  it('rings agents in the browser by their SIP user and never an offline ribbon', async () => {
    await presence('agent-meena', 'available');
    await presence('agent-priya', 'available');
    h.advance(60);
    await presence('agent-meena', 'available');
    h.advance(60);
    // Priya's ribbon was last heard 120 s ago: offline.
    const answer = (await (await dialWhom({ ...ATTEMPT, CallFrom: '09000000000' })).json()) as {
      destination: { numbers: string[] };
    };
    assert.deepEqual(answer.destination.numbers, ['meena.acme1']);
  });
});

describe('agent presence', { timeout: 20_000 }, () => {
  let h: Harness;
  before(async () => {
    h = await exotelApp();
  });
  after(async () => {
    await h?.close();
  });
  const put = (agentId: string, body: unknown, key = 'tenant-key') =>
    h.app.request(`/api/ribbon/agents/${agentId}/presence`, {
      method: 'PUT',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const list = async (key = 'tenant-key') =>
    AgentListResponse.parse(
      await (await h.app.request('/api/ribbon/agents', { headers: { 'x-api-key': key } })).json(),
    );
  const logEvent = (event: string, n: number) =>
    h.app.request('/api/ribbon/log-call', {
      method: 'POST',
      headers: { 'x-api-key': 'tenant-key', 'content-type': 'application/json' },
      body: JSON.stringify({
        eventId: `presence-call-${event}`,
        event,
        callId: 'presence-call',
        timestamp: new Date(h.app.deps.clock().getTime() + n).toISOString(),
        direction: 'outbound',
        phoneNumber: '+919876543210',
        agentId: 'agent-priya',
        ...(event === 'callEnded' ? { duration: 30 } : {}),
      }),
    });

  it('moves through available, on a call, back, busy, offline and back on the next heartbeat', async () => {
    const registered = AgentPresenceResponse.parse(
      await (await put('agent-priya', { status: 'available', name: 'Priya' })).json(),
    ).agent;
    assert.deepEqual(
      [registered.status, registered.name, registered.currentCall],
      ['available', 'Priya', null],
    );

    assert.equal((await logEvent('dialing', 0)).status, 200);
    assert.equal((await logEvent('connected', 1000)).status, 200);
    const onCall = (await list()).agents[0]!;
    assert.equal(onCall.status, 'on-call');
    assert.equal(onCall.chosenStatus, 'available');
    assert.equal(onCall.currentCall?.callId, 'presence-call');

    assert.equal((await logEvent('callEnded', 2000)).status, 200);
    assert.deepEqual(
      (await list()).agents.map((agent) => [agent.agentId, agent.status, agent.currentCall]),
      [['agent-priya', 'available', null]],
    );

    const since = (await list()).agents[0]!.statusSince;
    h.advance(30);
    const heartbeat = AgentPresenceResponse.parse(
      await (await put('agent-priya', { status: 'available' })).json(),
    );
    assert.equal(heartbeat.agent.statusSince, since, 'a heartbeat keeps the time the status was chosen');
    assert.equal(heartbeat.agent.name, 'Priya', 'a heartbeat without a name keeps it');

    await put('agent-priya', { status: 'busy' });
    assert.equal((await list()).agents[0]!.status, 'busy');

    h.advance(91);
    const { agents, offlineAfterSeconds } = await list();
    assert.equal(offlineAfterSeconds, 90);
    assert.equal(agents[0]!.status, 'offline');
    assert.equal(agents[0]!.chosenStatus, 'busy');

    await put('agent-priya', { status: 'available' });
    assert.equal((await list()).agents[0]!.status, 'available');
  });

  it('keeps each tenant’s agents to itself and refuses a bad status', async () => {
    await put('agent-other', { status: 'available' }, 'other-key');
    assert.deepEqual(
      (await list('other-key')).agents.map((agent) => agent.agentId),
      ['agent-other'],
    );
    assert.ok(!(await list()).agents.some((agent) => agent.agentId === 'agent-other'));

    const bad = await put('agent-priya', { status: 'sleeping' });
    assert.equal(bad.status, 400);
    assert.equal(ErrorBody.parse(await bad.json()).code, 400);
    const noKey = await h.app.request('/api/ribbon/agents');
    assert.equal(noKey.status, 401);
  });
});

describe('the admin’s webhook addresses', { timeout: 20_000 }, () => {
  it('shows the paths alone without a public address, and the new addresses after a rotation', async () => {
    const h = await exotelApp({ publicUrl: null });
    try {
      assert.equal((await h.configure(h.tenant.id)).status, 200);
      const view = await h.app.request(`/api/admin/clients/${h.tenant.id}/telephony`, {
        headers: { authorization: 'Bearer admin-secret' },
      });
      const before = TelephonySettingsResponse.parse(await view.json()).webhooks;
      assert.match(before.passthru, /^\/api\/webhooks\/exotel\/[^/]+\/passthru$/);
      const rotated = await h.admin(`/clients/${h.tenant.id}/rotate-webhook-secret`);
      const after = TelephonySettingsResponse.parse(await rotated.json()).webhooks;
      assert.notEqual(after.dialWhom, before.dialWhom);
      assert.equal((await h.app.request(`${before.passthru}?CallSid=x1`)).status, 404);
      assert.equal((await h.app.request(`${after.passthru}?CallSid=x1`)).status, 200);
    } finally {
      await h.close();
    }
  });
});

describe('parseFlowRequest', () => {
  it('reads Exotel’s parameters whatever their case, digits without quotes, IST times as UTC', () => {
    const request = parseFlowRequest({
      callsid: 'c-1',
      Callfrom: '09812300001',
      CallTo: '08047112233',
      StartTime: '2025-10-13 10:29:30',
      CurrentTime: '2025-10-13 10:31:05',
      DialCallDuration: '41',
      CallType: 'Completed',
      digits: '"42"',
      RecordingUrl: 'data:audio/mp3;base64,AAAA',
    });
    assert.equal(request.callSid, 'c-1');
    assert.equal(request.callFrom, '09812300001');
    assert.equal(request.startedAt, '2025-10-13T04:59:30.000Z');
    assert.equal(request.currentAt, '2025-10-13T05:01:05.000Z');
    assert.equal(request.dialCallDuration, 41);
    assert.equal(request.callType, 'completed');
    assert.equal(request.digits, '42');
    assert.equal(request.recordingUrl, null);
  });

  it('takes the older From and To names and refuses a request without CallSid', () => {
    assert.equal(parseFlowRequest({ CallSid: 'c-2', From: '+919812300001' }).callFrom, '+919812300001');
    assert.throws(() => parseFlowRequest({ CallFrom: '09812300001' }), /CallSid/);
    assert.throws(() => parseFlowRequest({ CallSid: '' }), /CallSid/);
  });
});
