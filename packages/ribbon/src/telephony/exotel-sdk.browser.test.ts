// Exotel's real browser SDKs (webrtc-client-sdk over SIP.js 0.20, and the CRM web SDK), bundled
// untouched by the test runner, against the in-page stand-in for Exotel's SIP edge and
// integrations API (test-support/exotel-network.ts). No ribbon code here: this proves the stand-in
// speaks what the SDKs expect. The SDKs keep one phone per module instance, so each describe
// imports its own instance (a distinct URL) and its tests share that one registration, in order.

import { assert, describe, it } from '../test-support/browser.ts';
import { type ExotelNetwork, installExotelNetwork } from '../test-support/exotel-network.ts';

type Hook = (fn: () => unknown) => void;
const { before, after } = globalThis as unknown as { before: Hook; after: Hook };

interface SdkCall {
  Answer(): void;
  Hangup(): void;
  HoldToggle(): void;
  sendDTMF(digit: string): void;
  callDetails(): { callSid: string; callId: string };
}
interface WebClient {
  initWebrtc(
    sipAccountInfo: Record<string, string>,
    onRegister: (state: string, phone: string) => void,
    onCall: (call: SdkCall, event: string, phone: string) => void,
    onSession: (state: string, phone: string) => void,
  ): boolean;
  DoRegister(): boolean;
  setEnableConsoleLogging(enable: boolean): void;
}
interface CallDetails {
  callSid: string;
  callFromNumber?: string;
}
interface WebPhone {
  AcceptCall(): void;
  HangupCall(): void;
  MakeCall(number: string, callback: (status: string, data: unknown) => void): Promise<void>;
}
interface Sdks {
  ExotelWebClient: new () => WebClient;
  ExotelCRMWebSDK: new (
    token: string,
    userId: string,
    autoConnect: boolean,
  ) => {
    Initialize(
      listener: (event: string, details: CallDetails) => void,
      onRegister: (state: string) => void,
      onSession: (state: string) => void,
    ): Promise<WebPhone | undefined>;
  };
}

/** A fresh module instance of the bundle: its own SIP phone. */
const loadSdks = (instance: string): Promise<Sdks> => {
  const url = `/__test/exotel-sdks.js?instance=${instance}`;
  return import(/* @vite-ignore */ url) as Promise<Sdks>;
};

/** Records callback events; `next(name)` resolves on the first event of that name not yet taken. */
const recorder = <E extends { event: string }>() => {
  const events: E[] = [];
  const waiters: Array<{ name: string; from: number; resolve: (event: E) => void }> = [];
  let taken = 0;
  return {
    events,
    push(event: E) {
      events.push(event);
      for (const waiter of [...waiters]) {
        const found = events.slice(waiter.from).find((e) => e.event === waiter.name);
        if (!found) continue;
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(found);
      }
    },
    /** The next `name` event after the last one a `next` returned. */
    next(name: string, timeoutMs = 10_000): Promise<E> {
      return new Promise((resolve, reject) => {
        const from = taken;
        const settle = (event: E) => {
          clearTimeout(timer);
          taken = events.indexOf(event) + 1;
          resolve(event);
        };
        const timer = setTimeout(() => {
          const index = waiters.findIndex((waiter) => waiter.resolve === settle);
          if (index >= 0) waiters.splice(index, 1);
          reject(
            new Error(
              `no ${name} event within ${timeoutMs} ms; saw ${events.map((e) => e.event).join(', ')}`,
            ),
          );
        }, timeoutMs);
        const found = events.slice(from).find((e) => e.event === name);
        if (found) settle(found);
        else waiters.push({ name, from, resolve: settle });
      });
    },
  };
};

const sipTrace = (network: ExotelNetwork) =>
  network.sip.map((entry) => `${entry.direction === 'to-ua' ? '>' : '<'} ${entry.startLine}`);

// One network for the file: both phones stay registered on it until the page goes.
let network: ExotelNetwork;
before(() => {
  network = installExotelNetwork({
    accountSid: 'crmacct9',
    accessToken: 'crm-token-9',
    agentUserId: 'crm-user-9',
    sipUser: 'agent9crmacct9',
    sipSecret: 'the real sip secret 9',
    sipPasswords: { webclient7: 'web-client-secret' },
  });
});
after(() => network.uninstall());

describe('ExotelWebClient (real SDK) over the stand-in SIP edge', () => {
  let call: SdkCall;
  const registrations = recorder<{ event: string; phone: string }>();
  const callEvents = recorder<{ event: string; phone: string; call: SdkCall }>();
  const sipUser = 'webclient7';

  before(async () => {
    const { ExotelWebClient } = await loadSdks('webclient');
    const client = new ExotelWebClient();
    // The SDK logs every SIP message to the console; its own switch keeps the test output readable.
    client.setEnableConsoleLogging(false);
    const accepted = client.initWebrtc(
      {
        userName: sipUser,
        authUser: sipUser,
        sipdomain: 'ribbontest1.voip.exotel.com',
        domain: 'voip.in1.exotel.com:443',
        displayname: 'Web Client Seven',
        secret: 'web-client-secret',
        port: '443',
        security: 'wss',
        endpoint: 'wss',
      },
      (event, phone) => registrations.push({ event, phone }),
      (sdkCall, event, phone) => callEvents.push({ event, phone, call: sdkCall }),
      () => undefined,
    );
    assert.equal(accepted, true, 'initWebrtc accepted the account');
    assert.equal(client.DoRegister(), true, 'DoRegister started');
  });

  it('registers over a sip WebSocket to Exotel and says registered', async () => {
    await registrations.next('registered');
    const binding = await network.registered(sipUser);
    assert.equal(binding.user, sipUser);
    assert.equal(binding.expires, 300, 'the SDK asks for 300 s and the edge echoes it');
    assert.ok(
      network.sip.some((e) => e.direction === 'to-ua' && e.status === 401 && e.method === 'REGISTER'),
      'the edge asked for digest credentials',
    );
    assert.deepEqual(network.authFailures, []);
    assert.ok(
      network.sip.some((e) => e.startLine === 'REGISTER sip:ribbontest1.voip.exotel.com SIP/2.0'),
      'REGISTER to the account SIP domain',
    );
  });

  it('rings: the listener hears incoming with the caller and the CallSid', async () => {
    const ringing = network.ring({ callSid: 'sdk-call-1', from: '+919800000001', user: sipUser });
    const incoming = await callEvents.next('incoming');
    await ringing;
    call = incoming.call;
    assert.equal(incoming.phone, '+919800000001');
    assert.equal(call.callDetails().callSid, 'sdk-call-1');
    const statuses = network.sip
      .filter((e) => e.direction === 'from-ua' && e.method === 'INVITE')
      .map((e) => e.status);
    assert.deepEqual(statuses, [100, 180], 'the UA tried, then rang');
  });

  it('answers with a real SDP answer: connected', async function (this: { timeout(ms: number): void }) {
    this.timeout(20_000);
    const started = performance.now();
    call.Answer();
    const answered = await network.answered();
    const connected = await callEvents.next('connected');
    const took = Math.round(performance.now() - started);
    console.log(`[exotel-sdk] Answer() -> 200 OK took ${took} ms`);
    assert.equal(answered.finalStatus, 200);
    assert.equal(connected.phone, '+919800000001');
    const ok = network.sip.find(
      (e) => e.direction === 'from-ua' && e.method === 'INVITE' && e.status === 200,
    );
    assert.match(ok?.body ?? '', /^v=0[\s\S]*m=audio /m, 'the 200 carries an SDP answer');
    assert.ok(
      network.sip.some((e) => e.direction === 'to-ua' && e.method === 'ACK'),
      'the edge ACKed the 200',
    );
  });

  it('holds with a re-INVITE the edge answers, and sends DTMF as INFO', async () => {
    const [current] = network.calls;
    call.HoldToggle();
    await waitFor(() => current?.reinvites.length === 1 && reinviteAnswered(network));
    assert.match(current?.reinvites[0] ?? '', /a=(sendonly|inactive)/, 'the hold offer stops sending');
    call.sendDTMF('5');
    await waitFor(() => network.digits.length === 1);
    assert.deepEqual(network.digits, ['5']);
    const info = network.sip.find(
      (e) => e.direction === 'from-ua' && e.method === 'INFO' && e.status === null,
    );
    assert.match(info?.body ?? '', /Signal=5/);
  });

  it('ends when the far end sends BYE: callEnded', async () => {
    await network.remoteHangup();
    const end = await network.ended();
    await callEvents.next('callEnded');
    assert.deepEqual(end, { reason: 'remote-bye', status: null });
  });

  it('a second call hung up before answering is rejected 486', async () => {
    void network.ring({ callSid: 'sdk-call-2', from: '+919800000002', user: sipUser });
    const incoming = await callEvents.next('incoming');
    assert.equal(incoming.call.callDetails().callSid, 'sdk-call-2');
    incoming.call.Hangup();
    const end = await network.ended();
    assert.deepEqual(end, { reason: 'rejected', status: 486 }, sipTrace(network).join('\n'));
    assert.equal(network.calls[1]?.finalStatus, 486);
    await callEvents.next('callEnded');
  });

  it('a caller who gives up while it rings: CANCEL, then 487 and callEnded', async () => {
    await network.ring({ callSid: 'sdk-call-3', from: '+919800000003', user: sipUser });
    await callEvents.next('incoming');
    await network.remoteHangup();
    const end = await network.ended();
    assert.deepEqual(end, { reason: 'remote-cancel', status: 487 });
    await callEvents.next('callEnded');
    const cancel = network.sip.filter((e) => e.callId === network.calls[2]?.callId && e.method === 'CANCEL');
    assert.deepEqual(
      cancel.map((e) => `${e.direction} ${e.status}`),
      ['to-ua null', 'from-ua 200'],
    );
  });
});

describe('ExotelCRMWebSDK (real SDK) over the stand-in integrations API and SIP edge', () => {
  let phone: WebPhone;
  const calls = recorder<{ event: string; details: CallDetails }>();
  const registrations = recorder<{ event: string }>();

  it('Initialize loads app, settings and user mapping, then registers the agent', async () => {
    const { ExotelCRMWebSDK, ExotelWebClient } = await loadSdks('crm');
    // The logging switch is module state of this instance; the CRM SDK's own client comes later.
    new ExotelWebClient().setEnableConsoleLogging(false);
    const sdk = new ExotelCRMWebSDK('crm-token-9', 'crm-user-9', true);
    const result = await sdk.Initialize(
      (event, details) => calls.push({ event, details }),
      (event) => registrations.push({ event }),
      // Required in practice: the SDK calls it on every ICE state change, unguarded.
      () => undefined,
    );
    assert.ok(result, 'Initialize returned a web phone');
    phone = result;
    await registrations.next('registered');
    const binding = await network.registered('agent9crmacct9');
    assert.equal(binding.expires, 300, 'SipId sip:<user> became the SIP user');
    assert.deepEqual(
      network.icoreRequests.map((r) => `${r.method} ${r.path} ${r.authorization}`),
      [
        'GET /v2/integrations/app crm-token-9',
        'GET /v2/integrations/app_setting crm-token-9',
        'GET /v2/integrations/usermapping?user_id=crm-user-9 crm-token-9',
      ],
    );
    assert.ok(
      network.sip.some((e) => e.startLine === 'REGISTER sip:crmacct9.voip.exotel.com SIP/2.0'),
      'REGISTER to <ExotelAccountSid>.voip.exotel.com',
    );
    // The edge challenged the REGISTER and the digest matched the password it sealed in SipSecret.
    assert.deepEqual(network.authFailures, [], 'the SDK decrypted the real SIP secret');
    const crmRegisters = network.sip.filter((e) => e.startLine.startsWith('REGISTER sip:crmacct9.'));
    assert.equal(crmRegisters.length, 2, 'a challenged REGISTER, then one with credentials');
  });

  it('hears an incoming call with its CallSid and caller, accepts it and hangs up', async function (this: {
    timeout(ms: number): void;
  }) {
    this.timeout(20_000);
    void network.ring({ callSid: 'crm-call-1', from: '+919811111111', user: 'agent9crmacct9' });
    const incoming = await calls.next('incoming');
    assert.equal(incoming.details.callSid, 'crm-call-1');
    assert.equal(incoming.details.callFromNumber, '+919811111111');
    phone.AcceptCall();
    await network.answered();
    await calls.next('connected', 15_000);
    phone.HangupCall();
    const end = await network.ended();
    assert.deepEqual(end, { reason: 'ua-bye', status: null });
    await calls.next('callEnded');
  });

  it('MakeCall posts outbound_call with the number and reports success', async () => {
    const outcome = await new Promise<[string, unknown]>((resolve) => {
      void phone.MakeCall('+919822222222', (status, data) => resolve([status, data]));
    });
    assert.equal(outcome[0], 'success');
    const post = network.icoreRequests.find((r) => r.path === '/v2/integrations/call/outbound_call');
    assert.equal(post?.method, 'POST');
    assert.deepEqual(post?.body, {
      customer_id: 'customer-ribbon-1',
      app_id: 'app-ribbon-1',
      to: '+919822222222',
      user_id: 'crm-user-9',
    });
  });

  it('MakeCall reports failed when outbound_call answers an error', async () => {
    network.setOutboundCall({ status: 403, body: { Code: 403, Error: { Message: 'not allowed' } } });
    const [status] = await new Promise<[string, unknown]>((resolve) => {
      void phone.MakeCall('+919833333333', (s, data) => resolve([s, data]));
    });
    assert.equal(status, 'failed');
  });
});

/** The edge answered the UA's re-INVITE 200 (a response it sent, with an SDP answer). */
const reinviteAnswered = (network: ExotelNetwork): boolean =>
  network.sip.filter((e) => e.direction === 'to-ua' && e.method === 'INVITE' && e.status === 200).length ===
  1;

/** A bounded poll on a condition of the network's logs (they have no change events of their own). */
const waitFor = (condition: () => boolean, timeoutMs = 5000): Promise<void> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const check = () => {
      if (condition()) return resolve();
      if (performance.now() - started > timeoutMs) return reject(new Error('condition not met in time'));
      setTimeout(check, 20);
    };
    check();
  });
