// Several tabs of one agent in one browser, in Chromium against the real server and the fake
// Exotel (web-test-runner.config.mjs). Two ribbons in this page play two tabs: they share
// BroadcastChannel and Web Locks as two tabs of one profile do, and `destroy()` lets the lock go
// as closing a tab does. Each ribbon gets its own counting `fetch`, so the test sees which
// "tab" opened the live stream and which placed the call.
import type { CallEventName } from '@call-ribbon/contract';
import { createCallRibbon, type ExotelCallRibbon } from '../facade.ts';
import type { ExotelWebCall } from '../telephony/exotel-webrtc-provider.ts';
import type { CallProvider, ProviderCallEvent, ProviderListener } from '../telephony/provider.ts';
import {
  afterEach,
  assert,
  beforeEach,
  describe,
  it,
  received,
  resetServer,
  uniqueName,
  until,
} from '../test-support/browser.ts';
import { callback, EXOTEL_API_KEY, fake, lastSid } from '../test-support/fake-exotel.ts';
import { coordinateTabs, type TabLeaderProvider } from './tab-leader.ts';
import type { CallEventData } from './types.ts';

interface Tab {
  ribbon: ExotelCallRibbon;
  heard: Array<[CallEventName, CallEventData]>;
  requests: string[];
  /** How often the ribbon registered this tab's Exotel SDK (`DoRegister`). */
  registered: number;
}

const openTab = async (databaseName: string, webrtc = false): Promise<Tab> => {
  const tab: Tab = { ribbon: createCallRibbon(), heard: [], requests: [], registered: 0 };
  await tab.ribbon.init({
    apiKey: EXOTEL_API_KEY,
    ...(webrtc
      ? {
          provider: 'exotel-webrtc' as const,
          exotelClient: {
            getCall: () => null,
            DoRegister: () => {
              tab.registered++;
            },
          },
        }
      : {}),
    agent: { id: 'agent-e2e' },
    onCallEvent: (event, data) => tab.heard.push([event, data]),
    queue: { databaseName, batchDelayMs: 0 },
    wrapUp: false,
    container: document.body.appendChild(document.createElement('div')),
    fetch: (input, init) => {
      const request = input instanceof Request ? input : null;
      const url = request ? request.url : String(input);
      tab.requests.push(
        `${init?.method ?? request?.method ?? 'GET'} ${new URL(url, location.href).pathname}`,
      );
      return fetch(input, init);
    },
  });
  return tab;
};

const waitFor = (tab: Tab, predicate: (state: ReturnType<ExotelCallRibbon['getState']>) => boolean) =>
  until(
    (listener) => {
      const timer = setInterval(() => listener(tab.ribbon.getState()), 20);
      return () => clearInterval(timer);
    },
    () => tab.ribbon.getState(),
    predicate,
    8000,
  );

const streams = (tab: Tab) => tab.requests.filter((request) => request.includes('/api/ribbon/stream')).length;
const placed = (tab: Tab) => tab.requests.filter((request) => request === 'POST /api/ribbon/calls').length;
const names = (tab: Tab) => tab.heard.map(([event]) => event);

describe('several tabs of one agent', () => {
  const tabs: Tab[] = [];
  beforeEach(async () => {
    await resetServer();
  });
  afterEach(() => {
    for (const tab of tabs.splice(0)) tab.ribbon.destroy();
    for (const holder of document.querySelectorAll('body > div:empty')) holder.remove();
  });

  it('one tab owns the stream and places the calls; both show the call; onCallEvent fires once per event', async () => {
    const databaseName = uniqueName('tabs');
    const first = await openTab(databaseName);
    const second = await openTab(databaseName);
    tabs.push(first, second);
    assert.equal(first.ribbon.getState().provider, 'exotel');
    assert.equal(second.ribbon.getState().provider, 'exotel');
    await waitFor(first, () => streams(first) > 0);
    assert.equal(streams(second), 0, 'the second tab opened no stream');

    // Dialled in the follower: the owner places the call, once.
    await second.ribbon.dial('+919876502001');
    assert.equal(placed(first), 1, 'the owner placed the call');
    assert.equal(placed(second), 0, 'the follower placed none');
    const sid = await lastSid();
    await fake('answer-agent', { sid });
    await fake('answer-customer', { sid });
    await callback(sid, 'answered');
    const [inFirst, inSecond] = await Promise.all([
      waitFor(first, (s) => s.call?.phase === 'connected'),
      waitFor(second, (s) => s.call?.phase === 'connected'),
    ]);
    assert.equal(inSecond.call?.callId, inFirst.call?.callId, 'both tabs show the same call');

    await fake('end', { sid, status: 'completed', talkSeconds: 12 });
    await callback(sid, 'terminal');
    await waitFor(first, (s) => s.call === null && s.lastCall?.duration === 12);
    await waitFor(second, (s) => s.call === null && s.lastCall?.duration === 12);
    assert.deepEqual(names(first), ['dialing', 'connected', 'callEnded']);
    assert.deepEqual(names(second), [], 'the follower told no handler');
    await Promise.all([first.ribbon.flush(), second.ribbon.flush()]);
    assert.equal((await received()).length, 0, 'no tab queued what the server recorded from Exotel');
  });

  it('exotel-webrtc: the follower answers and hangs up a call ringing in the owner; the owner queues each event once', async () => {
    const databaseName = uniqueName('tabs-webrtc');
    const owner = await openTab(databaseName, true);
    const follower = await openTab(databaseName, true);
    tabs.push(owner, follower);
    assert.equal(follower.ribbon.getState().provider, 'exotel-webrtc');
    const sdk: string[] = [];
    // The SDK's call, reported through the listener the host gives initWebrtc in each tab.
    const call: ExotelWebCall = {
      callSid: uniqueName('in-sid'),
      remoteDisplayName: '+919876502003',
      Answer: () => {
        sdk.push('Answer');
        owner.ribbon.webrtcCallListener(call, 'connected', 'agent-sip');
      },
      Hangup: () => {
        sdk.push('Hangup');
        owner.ribbon.webrtcCallListener(call, 'callEnded', 'agent-sip');
      },
      MuteToggle: () => sdk.push('MuteToggle'),
      HoldToggle: () => sdk.push('HoldToggle'),
      sendDTMF: (digit) => sdk.push(`DTMF ${digit}`),
    };
    follower.ribbon.webrtcCallListener(call, 'incoming', 'agent-sip'); // the follower's SDK: ignored
    owner.ribbon.webrtcCallListener(call, 'incoming', 'agent-sip');
    await waitFor(owner, (s) => s.call?.phase === 'incoming');
    await waitFor(follower, (s) => s.call?.phase === 'incoming');

    await follower.ribbon.answer();
    assert.deepEqual(sdk, ['Answer'], "the owner's SDK answered");
    await waitFor(owner, (s) => s.call?.phase === 'connected');
    await waitFor(follower, (s) => s.call?.phase === 'connected');
    await follower.ribbon.hangup();
    assert.deepEqual(sdk, ['Answer', 'Hangup']);
    await waitFor(owner, (s) => s.call === null && s.lastCall?.event === 'callEnded');
    await waitFor(follower, (s) => s.call === null && s.lastCall?.event === 'callEnded');

    assert.deepEqual(names(owner), ['incoming', 'connected', 'callEnded']);
    assert.deepEqual(names(follower), []);
    assert.deepEqual([owner.registered, follower.registered], [1, 0], 'only the owner registered its SDK');
    await Promise.all([owner.ribbon.flush(), follower.ribbon.flush()]);
    const sent = await received();
    const ids = sent.flatMap((request) => request.eventIds);
    assert.deepEqual(
      ids.sort(),
      owner.heard.map(([, data]) => data.eventId).sort(),
      "the server got the owner's three events, once each",
    );
    assert.equal(
      sent.reduce((sum, request) => sum + (request.answer?.duplicates ?? 0), 0),
      0,
    );

    // The owner goes: the other tab takes the calls over and registers its own SDK.
    owner.ribbon.destroy();
    await until(
      (listener) => {
        const timer = setInterval(() => listener(follower.registered), 20);
        return () => clearInterval(timer);
      },
      () => follower.registered,
      (count) => count === 1,
    );
  });

  it('the owning tab closes during a call: the other tab follows the call to its end and tells it', async () => {
    const databaseName = uniqueName('tabs-takeover');
    const first = await openTab(databaseName);
    const second = await openTab(databaseName);
    tabs.push(second);
    await first.ribbon.dial('+919876502004');
    const sid = await lastSid();
    await fake('answer-agent', { sid });
    await fake('answer-customer', { sid });
    await callback(sid, 'answered');
    await waitFor(second, (s) => s.call?.phase === 'connected');
    const callId = second.ribbon.getState().call!.callId;

    first.ribbon.destroy();
    await waitFor(second, () => streams(second) > 0);
    assert.equal(second.ribbon.getState().call?.phase, 'connected', 'the call is still shown');
    await fake('end', { sid, status: 'completed', talkSeconds: 9 });
    await callback(sid, 'terminal');
    await waitFor(second, (s) => s.call === null && s.lastCall?.duration === 9);
    assert.deepEqual(
      second.heard.map(([event, data]) => `${event} ${data.callId}`),
      [`callEnded ${callId}`],
      'the new owner told the end, once',
    );
    assert.deepEqual(names(first), ['dialing', 'connected']);
  });

  it('closing the owning tab hands the stream over within 2 s, and the new owner gets the next call', async () => {
    const databaseName = uniqueName('tabs-handover');
    const first = await openTab(databaseName);
    const second = await openTab(databaseName);
    tabs.push(second);
    await waitFor(first, () => streams(first) > 0);
    assert.equal(streams(second), 0);

    const closedAt = performance.now();
    first.ribbon.destroy();
    await waitFor(second, () => streams(second) > 0);
    const tookMs = performance.now() - closedAt;
    assert.ok(tookMs < 2000, `handed over after ${Math.round(tookMs)} ms`);

    await second.ribbon.dial('+919876502002');
    assert.equal(placed(second), 1, 'the new owner placed the call itself');
    const sid = await lastSid();
    await fake('answer-agent', { sid });
    await fake('answer-customer', { sid });
    await callback(sid, 'answered');
    await waitFor(second, (s) => s.call?.phase === 'connected');
    assert.deepEqual(names(second), ['dialing', 'connected']);
    assert.deepEqual(names(first), [], 'the closed tab heard nothing');
    await fake('end', { sid, status: 'completed', talkSeconds: 3 });
    await callback(sid, 'terminal');
    await waitFor(second, (s) => s.call === null);
  });
});

/** A provider whose calls the test raises: what the owner's real provider would report. */
class ScriptedProvider implements CallProvider {
  readonly name = 'scripted';
  readonly demo = false;
  readonly commands: string[] = [];
  readonly #listeners = new Set<ProviderListener>();
  emit(event: ProviderCallEvent) {
    for (const listener of this.#listeners) listener(event);
  }
  dial = async (phoneNumber: string) => void this.commands.push(`dial ${phoneNumber}`);
  answer = async () => {
    this.commands.push('answer');
    this.emit({ event: 'connected', callId: 'c1', direction: 'inbound', phoneNumber: '+919800000001' });
  };
  reject = async () => void this.commands.push('reject');
  hangup = async () => {
    throw new Error('no call to hang up');
  };
  mute = async (muted: boolean) => void this.commands.push(`mute ${muted}`);
  hold = async (held: boolean) => void this.commands.push(`hold ${held}`);
  sendDigits = async (digits: string) => void this.commands.push(`digits ${digits}`);
  subscribe(listener: ProviderListener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  destroy() {}
}

describe('the tab leader', () => {
  it('creates the provider in one tab only; a follower mirrors the ring and its answer runs in the owner', async () => {
    const name = uniqueName('leader');
    const created: ScriptedProvider[] = [];
    const create = () => {
      const provider = new ScriptedProvider();
      created.push(provider);
      return provider;
    };
    const owner = coordinateTabs({ name, create, kind: 'scripted' }) as TabLeaderProvider;
    assert.equal(await owner.decided, true);
    const follower = coordinateTabs({ name, create, kind: 'scripted' }) as TabLeaderProvider;
    assert.equal(await follower.decided, false);
    assert.equal(created.length, 1, 'one provider for both tabs');
    const seenByOwner: ProviderCallEvent[] = [];
    const seenByFollower: ProviderCallEvent[] = [];
    owner.subscribe((event) => seenByOwner.push(event));
    follower.subscribe((event) => seenByFollower.push(event));

    created[0]!.emit({ event: 'incoming', callId: 'c1', direction: 'inbound', phoneNumber: '+919800000001' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(
      seenByFollower.map((event) => [event.event, event.mirrored]),
      [['incoming', true]],
    );
    await follower.answer();
    assert.deepEqual(created[0]!.commands, ['answer'], 'the owner answered');
    await follower.mute(true);
    await follower.sendDigits('12#');
    assert.deepEqual(created[0]!.commands, ['answer', 'mute true', 'digits 12#']);
    let failure = '';
    await follower.hangup().catch((error: Error) => {
      failure = error.message;
    });
    assert.equal(failure, 'no call to hang up', "the owner's error comes back to the follower");
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(
      seenByOwner.map((event) => [event.event, event.mirrored]),
      [
        ['incoming', undefined],
        ['connected', undefined],
      ],
    );
    assert.deepEqual(
      seenByFollower.map((event) => event.event),
      ['incoming', 'connected'],
    );

    // A third tab joining during the call is told the call so far.
    const late = coordinateTabs({ name, create, kind: 'scripted' }) as TabLeaderProvider;
    const seenLate: ProviderCallEvent[] = [];
    late.subscribe((event) => seenLate.push(event));
    await until(
      (listener) => {
        const timer = setInterval(() => listener(seenLate.length), 10);
        return () => clearInterval(timer);
      },
      () => seenLate.length,
      (count) => count === 2,
    );

    owner.destroy();
    await until(
      (listener) => {
        const timer = setInterval(() => listener(created.length), 10);
        return () => clearInterval(timer);
      },
      () => created.length,
      (count) => count === 2,
      2000,
    );
    assert.ok(follower.owner !== late.owner, 'exactly one of the two left owns');
    follower.destroy();
    late.destroy();
  });

  it('without BroadcastChannel or Web Locks, every tab has its own provider', () => {
    const made: ScriptedProvider[] = [];
    const create = () => {
      const provider = new ScriptedProvider();
      made.push(provider);
      return provider;
    };
    const name = uniqueName('alone');
    const a = coordinateTabs({
      name,
      create,
      kind: 'scripted',
      environment: { locks: undefined, BroadcastChannel },
    });
    const b = coordinateTabs({ name, create, kind: 'scripted', environment: { locks: navigator.locks } });
    assert.equal(a, made[0]);
    assert.equal(b, made[1]);
  });
});
