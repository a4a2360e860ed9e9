// The ribbon with Exotel's real browser SDKs, end to end in Chromium: the CRM SDK's phone object
// and the web client, bundled untouched, over the in-page stand-in for Exotel's SIP edge and
// integrations API (test-support/exotel-network.ts), with the real server and the fake Exotel
// behind the ribbon as in exotel.browser.test.ts. Only the network below the SDKs is replaced.
import { createClient } from '@call-ribbon/client';
import type { CallEventName } from '@call-ribbon/contract';
import type { ExotelCRMWebSDK } from '@exotel-npm-dev/exotel-ip-calling-crm-websdk';
import { createCallRibbon, type ExotelCallRibbon } from '../facade.ts';
import type { CallEventData } from '../session/types.ts';
import {
  afterEach,
  assert,
  beforeEach,
  describe,
  it,
  resetServer,
  uniqueName,
  until,
} from '../test-support/browser.ts';
import { type ExotelNetwork, installExotelNetwork } from '../test-support/exotel-network.ts';
import { callback, callLog, EXOTEL_API_KEY, fake, lastSid } from '../test-support/fake-exotel.ts';
import { exotelFlow, ribbonElement, ribbonState, uniqueMobile } from '../test-support/ribbon.ts';
import type {
  ExotelCallListener,
  ExotelWebClientLike,
  ExotelWebPhoneLike,
} from './exotel-webrtc-provider.ts';

type Hook = (fn: () => unknown) => void;
const { before, after } = globalThis as unknown as { before: Hook; after: Hook };

/** What the bundle of the real packages exports (its own types for the CRM SDK; the web client ships none). */
interface Sdks {
  ExotelCRMWebSDK: typeof ExotelCRMWebSDK;
  ExotelWebClient: new () => ExotelWebClientLike & {
    initWebrtc(
      account: Record<string, string>,
      onRegister: (state: string) => void,
      onCall: ExotelCallListener,
      onSession: (state: string) => void,
    ): boolean;
    setEnableConsoleLogging(enable: boolean): void;
  };
}
/** A module instance of the bundle of its own: its own SIP phone. */
const loadSdks = (instance: string): Promise<Sdks> =>
  import(/* @vite-ignore */ `/__test/exotel-sdks.js?instance=${instance}`) as Promise<Sdks>;

const CRM_SIP_USER = 'agente2eribbon';
const WEB_SIP_USER = 'agente2eweb';

let ribbon: ExotelCallRibbon;
const heard: Array<[CallEventName, CallEventData]> = [];
const client = createClient({ apiKey: EXOTEL_API_KEY, apiUrl: location.origin });

const element = ribbonElement;
const button = async (name: string) => {
  await element().updateComplete;
  const found = element().shadowRoot!.querySelector<HTMLButtonElement>(`.${name}`);
  assert.ok(found, `the bar shows its ${name} button`);
  return found!;
};
const waitFor = (predicate: (state: ReturnType<ExotelCallRibbon['getState']>) => boolean) =>
  ribbonState(ribbon, predicate, 10_000);
const start = (exotelClient: ExotelWebClientLike | ExotelWebPhoneLike) =>
  ribbon.init({
    apiKey: EXOTEL_API_KEY,
    agent: { id: 'agent-e2e' },
    provider: 'exotel-webrtc',
    exotelClient,
    onCallEvent: (event, data) => heard.push([event, data]),
    queue: { databaseName: uniqueName('webrtc'), batchDelayMs: 0 },
    wrapUp: false,
  });
/** Exotel's flow asking the tenant's Passthru URL; the server's status. */
const passthru = async (params: Record<string, string>) => (await exotelFlow('passthru', params)).status;
/** Checks `done` every frame until it holds (what the SDK sends has no event of its own to wait on). */
const polled = (done: () => boolean, what: string) =>
  until(
    (listener) => {
      let on = true;
      const tick = () => {
        if (!on) return;
        listener(done());
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      return () => {
        on = false;
      };
    },
    done,
    (held) => held,
    5000,
  ).catch(() => {
    throw new Error(`not seen: ${what}`);
  });

// One stand-in network for the file: the SDKs stay registered on it until the page goes.
let network: ExotelNetwork;
let crmPhone: ExotelWebPhoneLike;
let webClient: InstanceType<Sdks['ExotelWebClient']>;
before(async () => {
  network = installExotelNetwork({
    accountSid: 'ribbon-e2e',
    accessToken: 'crm-token-e2e',
    agentUserId: 'crm-agent-e2e',
    sipUser: CRM_SIP_USER,
    sipSecret: 'crm sip secret e2e',
    sipPasswords: { [WEB_SIP_USER]: 'web sip secret e2e' },
  });
  const { ExotelCRMWebSDK: CrmSdk } = await loadSdks('ribbon-crm');
  // Not connected by the host: the ribbon registers it in the tab that owns the calls.
  const initialized = await new CrmSdk('crm-token-e2e', 'crm-agent-e2e', false).Initialize(
    () => {},
    (() => {}) as unknown as null,
    (() => {}) as unknown as null,
  );
  assert.ok(initialized, 'the CRM SDK initialised against the integrations API');
  crmPhone = initialized!;
  const { ExotelWebClient } = await loadSdks('ribbon-web');
  webClient = new ExotelWebClient();
  webClient.setEnableConsoleLogging(false);
  webClient.initWebrtc(
    {
      userName: WEB_SIP_USER,
      authUser: WEB_SIP_USER,
      sipdomain: 'ribbon-e2e.voip.exotel.com',
      domain: 'voip.in1.exotel.com:443',
      displayname: 'Agent E2E',
      secret: 'web sip secret e2e',
      port: '443',
      security: 'wss',
      endpoint: 'wss',
    },
    () => {},
    (call, event, phone) => ribbon.webrtcCallListener(call, event, phone),
    () => {},
  );
});
after(() => network.uninstall());

describe("exotel-webrtc with Exotel's real SDKs, end to end", () => {
  beforeEach(async () => {
    await resetServer();
    ribbon = createCallRibbon();
    heard.length = 0;
  });
  afterEach(() => ribbon.destroy());

  it('CRM SDK: a call from the flow rings in the bar with its customer, is answered over SIP and logged as one call', async function (this: {
    timeout(ms: number): void;
  }) {
    this.timeout(30_000);
    const phoneNumber = uniqueMobile('9196');
    const customerId = uniqueName('CUST');
    await client.customers.save({ customerId, name: 'Asha Menon', phone: phoneNumber });
    await start(crmPhone);
    await network.registered(CRM_SIP_USER);
    assert.equal(network.bindings.filter((binding) => binding.user === CRM_SIP_USER).length, 1);

    const callSid = uniqueName('crm-in');
    const caller = `0${phoneNumber.slice(3)}`;
    const flow = { CallSid: callSid, CallFrom: caller, CallTo: '08047112233', Direction: 'incoming' };
    assert.equal(await passthru({ ...flow, CallType: 'call-attempt' }), 200);
    const ringing = network.ring({ callSid, from: caller, user: CRM_SIP_USER });
    await waitFor((state) => state.call?.phase === 'incoming');
    await ringing;
    assert.equal(ribbon.getState().call?.callId, `exotel-in-${callSid}`, 'the call the flow logged');
    await waitFor((state) => state.call?.customerData.customerId === customerId);
    assert.equal(heard.filter(([event]) => event === 'incoming').length, 1);

    (await button('answer')).click();
    assert.equal((await network.answered()).finalStatus, 200, 'AcceptCall answered the INVITE');
    await waitFor((state) => state.call?.phase === 'connected');
    (await button('hold')).click();
    await waitFor((state) => state.call?.held === true);
    await polled(() => network.calls.at(-1)!.reinvites.length === 1, 'the re-INVITE that holds the call');

    await network.remoteHangup();
    await waitFor((state) => state.call === null);
    assert.equal(ribbon.getState().lastCall?.event, 'callEnded');
    // Passthru after Connect: Exotel's outcome, with the ring in its duration, and the recording.
    assert.equal(
      await passthru({
        ...flow,
        CallType: 'completed',
        DialCallDuration: '60',
        DialWhomNumber: '09812345678',
        RecordingUrl: `https://recordings.exotel.com/ribbon-e2e/${callSid}.mp3`,
      }),
      200,
    );
    await ribbon.flush();
    const mine = (await callLog()).logs.filter((log) => log.callId === `exotel-in-${callSid}`);
    assert.equal(mine.length, 1, 'one call, whichever side told it');
    assert.equal(mine[0]!.status, 'completed');
    assert.equal(mine[0]!.direction, 'inbound');
    assert.equal(mine[0]!.agentId, 'agent-e2e');
    assert.equal(mine[0]!.customerId, customerId);
    assert.equal(mine[0]!.recordingUrl, `https://recordings.exotel.com/ribbon-e2e/${callSid}.mp3`);
    assert.ok(
      mine[0]!.duration < 60,
      `the talk time the browser measured, not the ring too: ${mine[0]!.duration}`,
    );
  });

  it("CRM SDK: Call dials with MakeCall, the agent's leg is answered over SIP, the bar's hang-up sends BYE", async function (this: {
    timeout(ms: number): void;
  }) {
    this.timeout(30_000);
    await start(crmPhone);
    await network.registered(CRM_SIP_USER);
    const before = network.icoreRequests.length;
    await ribbon.dial('+919876500061');
    const made = network.icoreRequests
      .slice(before)
      .filter((request) => request.path.endsWith('/outbound_call'));
    assert.equal(made.length, 1);
    assert.equal((made[0]!.body as { to?: string }).to, '+919876500061');
    // Exotel rings the agent's SIP user first: the ribbon answers that leg itself.
    const leg = await network.ring({
      callSid: uniqueName('crm-out'),
      from: '08047112233',
      user: CRM_SIP_USER,
    });
    assert.equal(await network.answered(), leg);
    assert.equal(leg.finalStatus, 200);
    await waitFor((state) => state.call?.phase === 'connected');
    assert.equal(ribbon.getState().call?.direction, 'outbound');
    (await button('hangup')).click();
    assert.equal((await network.ended()).reason, 'ua-bye');
    await waitFor((state) => state.call === null);
    await ribbon.flush();
    const callId = heard.find(([event]) => event === 'dialing')![1].callId;
    const mine = (await callLog()).logs.filter((log) => log.callId === callId);
    assert.equal(mine.length, 1);
    assert.equal(mine[0]!.status, 'completed');
    assert.equal(mine[0]!.direction, 'outbound');
  });

  it("web client: the server's click-to-call INVITE is answered at once; hold and hang-up go over SIP", async function (this: {
    timeout(ms: number): void;
  }) {
    this.timeout(30_000);
    await start(webClient);
    await network.registered(WEB_SIP_USER);
    await ribbon.dial('+919876500062');
    const sid = await lastSid();
    const leg = await network.ring({ callSid: sid, from: '08047112233', user: WEB_SIP_USER });
    assert.equal(await network.answered(), leg);
    assert.equal(leg.finalStatus, 200, "the agent's own leg, answered by the ribbon");
    assert.equal(ribbon.getState().call?.phase, 'dialing', 'the customer is not up yet');
    await fake('answer-agent', { sid });
    await fake('answer-customer', { sid });
    await callback(sid, 'answered');
    await waitFor((state) => state.call?.phase === 'connected');
    (await button('hangup')).click();
    assert.equal((await network.ended()).reason, 'ua-bye');
    await fake('end', { sid, status: 'completed', talkSeconds: 15 });
    await callback(sid, 'terminal');
    await waitFor((state) => state.call === null && state.lastCall?.duration === 15);
  });
});
