// End to end in Chromium: Exotel's Passthru applet asks the real server about a new inbound
// call (`/__test/passthru` sends it with the tenant's webhook secret); the server logs
// `incoming` with the customer found by the caller's number and pushes it on the live stream;
// the agent's ribbon pops that customer. And the agent's presence, as the server lists it.
import { createClient } from '@call-ribbon/client';
import type { CallEventName } from '@call-ribbon/contract';
import { createCallRibbon, type ExotelCallRibbon } from '../facade.ts';
import type { CallEventData } from '../session/types.ts';
import { expectAccessible } from '../test-support/axe.ts';
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
import { callback, EXOTEL_API_KEY, fake, lastSid } from '../test-support/fake-exotel.ts';
import { barText, exotelFlow, ribbonElement, ribbonState, uniqueMobile } from '../test-support/ribbon.ts';

let ribbon: ExotelCallRibbon;
const heard: Array<[CallEventName, CallEventData]> = [];
const client = createClient({ apiKey: EXOTEL_API_KEY, apiUrl: location.origin });

const element = ribbonElement;
const waitFor = (predicate: (state: ReturnType<ExotelCallRibbon['getState']>) => boolean) =>
  ribbonState(ribbon, predicate);

/** A `fetch` that resolves `streamReady` once the ribbon's live stream has said `ready` (the server listens for it). */
const watchingStream = () => {
  let ready: () => void = () => {};
  const streamReady = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const watched: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (
      !String(input instanceof Request ? input.url : input).includes('/api/ribbon/stream') ||
      !response.body
    )
      return response;
    const [mine, theirs] = response.body.tee();
    void (async () => {
      const reader = mine.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += value;
        if (text.includes('event: ready')) return ready();
      }
    })();
    return new Response(theirs, response);
  };
  return { fetch: watched, streamReady };
};

const flow = exotelFlow;
const passthru = (params: Record<string, string>) => flow('passthru', params);

describe('inbound calls and presence, end to end', () => {
  beforeEach(async () => {
    await resetServer();
    ribbon = createCallRibbon();
    heard.length = 0;
    localStorage.clear();
  });
  afterEach(() => ribbon.destroy());

  it("a Passthru request for a known customer's number pops that customer and fires incoming once", async () => {
    const phone = uniqueMobile('9197');
    const customerId = uniqueName('CUST');
    await client.customers.save({ customerId, name: 'Meera Iyer', phone, company: 'Iyer Textiles' });
    const watch = watchingStream();
    await ribbon.init({
      apiKey: EXOTEL_API_KEY,
      agent: { id: 'agent-e2e' },
      onCallEvent: (event, data) => heard.push([event, data]),
      queue: { databaseName: uniqueName('inbound'), batchDelayMs: 0 },
      wrapUp: false,
      fetch: watch.fetch,
    });
    await watch.streamReady;
    const callSid = uniqueName('in-sid');
    // Exotel writes numbers with a leading 0; the server normalises them as the customer's.
    const request = {
      CallSid: callSid,
      CallFrom: `0${phone.slice(3)}`,
      CallTo: '08047112233',
      Direction: 'incoming',
      CallType: 'call-attempt',
      Created: 'Fri, 27 Nov 2026 10:00:00',
    };
    assert.equal((await passthru(request)).status, 200);
    await waitFor((state) => state.call?.phase === 'incoming');
    const incoming = heard.filter(([event]) => event === 'incoming');
    assert.equal(incoming.length, 1);
    assert.equal(
      incoming[0]![1].customerData.customerId,
      customerId,
      'the event carries the customer at once',
    );
    assert.equal(incoming[0]![1].customerData.name, 'Meera Iyer');
    assert.equal(ribbon.getState().call?.customerData.company, 'Iyer Textiles');
    assert.match(await barText(), /Incoming call from Meera Iyer/);

    // The Connect applet asks whom to dial: this agent (registered available by its ribbon) is rung.
    const agents = async () => (await client.agents.list()).agents;
    while (!(await agents()).some((agent) => agent.agentId === 'agent-e2e' && agent.status === 'available'))
      await new Promise(requestAnimationFrame);
    const dialWhom = await flow('dial-whom', request);
    assert.equal(dialWhom.status, 200);
    assert.match(dialWhom.body, /9812345678/, "Exotel is told to ring this agent's phone");
    await waitFor((state) => state.call?.phase === 'ringing');

    // Exotel repeats the request (a retry): the server stores nothing twice, the ribbon pops nothing twice.
    assert.equal((await passthru(request)).status, 200);
    // After the Connect applet nobody answered: the call is missed, and the ribbon says so once.
    assert.equal((await passthru({ ...request, CallType: 'incomplete' })).status, 200);
    await waitFor((state) => state.call === null);
    assert.deepEqual(
      heard.map(([event]) => event),
      ['incoming', 'ringing', 'missed'],
    );
    assert.equal(ribbon.getState().lastCall?.event, 'missed');

    // The missed call stays in the bar, named, until dismissed; calling back dials the caller.
    const notice = () =>
      [...element().querySelectorAll('[role="status"]')].find((node) =>
        /Missed call/.test(node.textContent ?? ''),
      );
    const shown = await until(
      (listener) => {
        const observer = new MutationObserver(() => listener(notice()));
        observer.observe(element(), { childList: true, subtree: true });
        return () => observer.disconnect();
      },
      notice,
      (found) => found !== undefined,
    );
    assert.match(shown!.textContent ?? '', /Missed call from Meera Iyer/);
    assert.ok(shown!.assignedSlot, 'it shows inside the bar');
    await expectAccessible(element());
    const sidBefore = await lastSid();
    const [callBack] = shown!.querySelectorAll('button');
    callBack!.click();
    await waitFor((state) => state.call?.phase === 'dialing');
    assert.equal(ribbon.getState().call?.phoneNumber, heard[2]![1].phoneNumber, 'it calls the missed number');
    // Dialled without setCustomer, the call still carries the customer (looked up by number).
    assert.equal(ribbon.getState().call?.customerData.customerId, customerId);
    assert.equal(notice(), undefined, 'calling back dismissed the notice');
    assert.ok((await lastSid()) !== sidBefore, 'the server placed the call with Exotel');
  });

  it('registers the agent as available and the status control changes it on the server', async () => {
    const agentId = uniqueName('agent');
    await ribbon.init({
      apiKey: EXOTEL_API_KEY,
      provider: 'exotel',
      agent: { id: agentId, name: 'Priya Sharma' },
      queue: { databaseName: uniqueName('presence'), batchDelayMs: 0 },
      wrapUp: false,
    });
    const listed = async () => (await client.agents.list()).agents.find((agent) => agent.agentId === agentId);
    const settled = <T>(read: () => Promise<T>, done: (value: T) => boolean) =>
      new Promise<T>((resolve, reject) => {
        const deadline = Date.now() + 5000;
        const poll = async () => {
          const value = await read();
          if (done(value)) return resolve(value);
          if (Date.now() > deadline) return reject(new Error(`not settled: ${JSON.stringify(value)}`));
          // Polls the server's list: it is what a dashboard reads.
          requestAnimationFrame(() => void poll());
        };
        void poll();
      });
    const registered = await settled(listed, (agent) => agent?.status === 'available');
    assert.equal(registered?.name, 'Priya Sharma');

    const select = await settled(
      async () => element().querySelector('select'),
      (found) => found !== null,
    );
    assert.ok(select);
    // Accessible: the select is named by its label, in the ribbon's status area.
    assert.equal(select.labels?.[0]?.firstChild?.textContent?.trim(), 'Status');
    assert.deepEqual(
      [...select.options].filter((option) => !option.hidden).map((option) => option.text),
      ['Available', 'Busy', 'Away'],
    );
    assert.ok(select.closest('label')?.assignedSlot, 'the control shows inside the bar');
    await expectAccessible(element());
    select.value = 'away';
    select.dispatchEvent(new Event('change'));
    await settled(listed, (agent) => agent?.status === 'away');

    // The choice stays for the next page of this tenant and agent.
    ribbon.destroy();
    ribbon = createCallRibbon();
    await ribbon.init({
      apiKey: EXOTEL_API_KEY,
      provider: 'exotel',
      agent: { id: agentId },
      queue: { databaseName: uniqueName('presence'), batchDelayMs: 0 },
      wrapUp: false,
    });
    const again = await settled(
      async () => element().querySelector('select'),
      (found) => found !== null,
    );
    assert.equal(again?.value, 'away');
    assert.equal((await listed())?.status, 'away', 'the new page did not reset it to available');
  });

  it('shows "On a call" during a call, as the server lists the agent, and the choice after it', async () => {
    await ribbon.init({
      apiKey: EXOTEL_API_KEY,
      provider: 'exotel',
      agent: { id: 'agent-e2e' },
      queue: { databaseName: uniqueName('presence'), batchDelayMs: 0 },
      wrapUp: false,
    });
    const select = await until(
      (listener) => element().session!.subscribe(() => listener(null)),
      () => element().querySelector('select'),
      (found) => found !== null,
      5000,
    );
    assert.equal(select!.value, 'available');
    await ribbon.dial('+919876500077');
    await waitFor((state) => state.call?.phase === 'dialing');
    assert.equal(select!.value, 'on-call');
    assert.equal(select!.selectedOptions[0]?.text, 'On a call');
    assert.equal(select!.disabled, true, 'the agent cannot pick a status over a call');
    const agent = (await client.agents.list()).agents.find((listed) => listed.agentId === 'agent-e2e');
    assert.equal(agent?.status, 'on-call', 'the server says the same');
    const sid = await lastSid();
    await fake('end', { sid, status: 'no-answer' });
    await callback(sid, 'terminal');
    await waitFor((state) => state.call === null);
    assert.equal(select!.value, 'available');
    assert.equal(select!.disabled, false);
  });
});
