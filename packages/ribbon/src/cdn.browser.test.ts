// The script-tag build as a CRM page uses it: a stub snippet queues calls, then the IIFE
// served by the real server's /sdk route arrives and replays them. With Exotel telephony, the
// main script loads the second file, /sdk/exotel-call-ribbon-exotel.js, from the same server.

import { callRibbonStyles } from './components/call-ribbon/call-ribbon.styles.ts';
import { CallRibbonElement } from './components/call-ribbon/call-ribbon.ts';
import type { ExotelCallRibbon } from './facade.ts';
import {
  API_KEY,
  API_URL,
  assert,
  describe,
  it,
  serverTotals,
  uniqueName,
  until,
} from './test-support/browser.ts';
import { callback, EXOTEL_API_KEY, fake, lastSid, requested } from './test-support/fake-exotel.ts';
import { ribbonElement, ribbonState } from './test-support/ribbon.ts';

type Stub = { q: Array<[string, IArguments]> } & Record<string, unknown>;
const win = window as unknown as { ExotelCallRibbon?: ExotelCallRibbon | Stub };

const installStub = () => {
  // The snippet of docs/ribbon.md, as a page would paste it.
  const stub: Stub = (win.ExotelCallRibbon as Stub | undefined) ?? { q: [] };
  for (const method of ['init', 'setCustomer', 'onCallEvent', 'dial', 'hangup', 'flush', 'destroy']) {
    stub[method] ??= function (this: Stub) {
      // biome-ignore lint/complexity/noArguments: the snippet is ES5 for any page
      stub.q.push([method, arguments]);
    };
  }
  win.ExotelCallRibbon = stub;
  return stub as unknown as ExotelCallRibbon;
};

/** Elements, attributes and text with whitespace collapsed: what a template renders (live region text aside: it is state). */
const shape = (node: Node): unknown[] => {
  if (node instanceof Element && node.getAttribute('role') === 'status') return [];
  const children = [...node.childNodes].flatMap((child): unknown[] => {
    if (child instanceof Element) {
      const attributes = [...child.attributes].map((a) => `${a.name}=${a.value.replace(/\s+/g, ' ').trim()}`);
      return [[child.localName, attributes.sort(), ...shape(child)]];
    }
    const text =
      child.nodeType === Node.TEXT_NODE ? (child.textContent ?? '').replace(/\s+/g, ' ').trim() : '';
    return text ? [text] : [];
  });
  return children;
};

const loadScript = (src: string) =>
  new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`${src} did not load`));
    document.head.append(script);
  });

describe('script tag: /sdk/exotel-call-ribbon.js', () => {
  it('replays calls made before the script arrived, then works as the facade', async () => {
    const heard: Array<[string, string]> = [];
    const stub = installStub();
    void stub.init({
      apiKey: API_KEY,
      apiUrl: API_URL,
      wrapUp: false,
      simulator: { ringDelayMs: 5, answerDelayMs: 20 },
      queue: { databaseName: uniqueName('cdn'), batchDelayMs: 0 },
    });
    stub.setCustomer({ phoneNumber: '+919876500000', name: 'Script Tag', customerId: 'CDN-1' });
    stub.onCallEvent((event, data) => heard.push([event, data.customerData.customerId ?? '']));
    assert.equal(customElements.get('exotel-call-ribbon'), undefined, 'nothing registered before the script');

    await loadScript('/sdk/exotel-call-ribbon.js');
    const ribbon = win.ExotelCallRibbon as ExotelCallRibbon;
    assert.equal(typeof ribbon.version, 'string', 'the stub was replaced by the facade');
    assert.ok(customElements.get('exotel-call-ribbon'), 'the element is defined');
    assert.ok(document.querySelector('exotel-call-ribbon'), 'init was replayed');
    assert.equal(ribbon.getState().customer?.name, 'Script Tag');

    await ribbon.dial();
    const element = document.querySelector('exotel-call-ribbon')!;
    await until(
      (listener) => element.session!.subscribe(() => listener(ribbon.getState())),
      () => ribbon.getState(),
      (s) => s.call?.phase === 'connected',
    );
    await ribbon.hangup();
    await ribbon.flush();
    assert.deepEqual(heard, [
      ['dialing', 'CDN-1'],
      ['ringing', 'CDN-1'],
      ['connected', 'CDN-1'],
      ['callEnded', 'CDN-1'],
    ]);
    const totals = await serverTotals();
    assert.ok(
      totals.accepted >= 4,
      `the server accepted the call's events: ${JSON.stringify({ ...totals, state: ribbon.getState().queue })}`,
    );

    // The bundle's templates are minified at build time: same CSS rules and markup as the sources.
    const bundled = element.shadowRoot!;
    const sourceSheet = new CSSStyleSheet();
    sourceSheet.replaceSync(callRibbonStyles.cssText);
    const rules = (sheet: CSSStyleSheet) => [...sheet.cssRules].map((rule) => rule.cssText);
    assert.deepEqual(rules(bundled.adoptedStyleSheets[0]!), rules(sourceSheet));
    customElements.define('source-call-ribbon', class extends CallRibbonElement {});
    const source = document.createElement('source-call-ribbon') as CallRibbonElement;
    source.session = element.session;
    document.body.append(source);
    await source.updateComplete;
    assert.deepEqual(shape(bundled), shape(source.shadowRoot!));
    assert.match(JSON.stringify(shape(bundled)), /Script Tag/);
    source.remove();

    // Loading the script again keeps the facade the page already has.
    await loadScript('/sdk/exotel-call-ribbon.js?again');
    assert.equal(win.ExotelCallRibbon, ribbon);
    ribbon.destroy();
  });
});

const EXOTEL_SCRIPT = '/sdk/exotel-call-ribbon-exotel.js';

describe('script tag: the Exotel providers arrive as a second file', () => {
  const heard: string[] = [];
  let ribbon: ExotelCallRibbon;
  const waitFor = (predicate: (state: ReturnType<ExotelCallRibbon['getState']>) => boolean) =>
    ribbonState(ribbon, predicate);
  const element = ribbonElement;
  const sids = async () =>
    ((await (await fetch('/__fake-exotel/calls')).json()) as { sids: string[] }).sids.length;
  const start = (extra: Partial<Parameters<ExotelCallRibbon['init']>[0]> = {}) =>
    ribbon.init({
      apiKey: EXOTEL_API_KEY,
      provider: 'exotel',
      agent: { id: 'agent-e2e' },
      wrapUp: false,
      queue: { databaseName: uniqueName('cdn-exotel'), batchDelayMs: 0 },
      onCallEvent: (event) => heard.push(event),
      ...extra,
    });

  it('a script that cannot load is an error in the bar, not a silent fallback', async () => {
    if (!(win.ExotelCallRibbon as ExotelCallRibbon | undefined)?.version)
      await loadScript('/sdk/exotel-call-ribbon.js');
    ribbon = win.ExotelCallRibbon as ExotelCallRibbon;
    assert.equal(requested(EXOTEL_SCRIPT), false, 'the simulator never needed the Exotel file');
    const calls = await sids();
    const state = await start({ exotelScriptUrl: '/sdk/missing-exotel.js' });
    assert.equal(state.provider, 'exotel');
    assert.equal(state.demoMode, false, 'no simulator standing in');
    assert.match(
      state.error ?? '',
      /Exotel telephony unavailable: could not load .*\/sdk\/missing-exotel\.js/,
    );
    await element().updateComplete;
    assert.match(element().shadowRoot!.querySelector('[role="alert"]')?.textContent ?? '', /could not load/);
    await ribbon.dial('+919876500008');
    assert.match(ribbon.getState().error ?? '', /could not load/);
    assert.equal(ribbon.getState().call, null);
    assert.equal(await sids(), calls, 'no call was placed');
    ribbon.destroy();
  });

  it('loads them from next to the main script on demand; a dial made meanwhile waits for them', async () => {
    assert.equal(requested(EXOTEL_SCRIPT), false);
    const calls = await sids();
    const initialised = start();
    // Made before the second file arrived (as a stub replay would): it waits, then dials.
    const dialled = ribbon.dial('+919876500009');
    assert.equal(ribbon.getState().provider, 'exotel');
    await dialled;
    const state = await initialised;
    assert.equal(state.error, null);
    assert.ok(requested(EXOTEL_SCRIPT), 'the second file came from the server, next to the first');
    assert.equal(await sids(), calls + 1, 'the call went to Exotel through the server');
    assert.equal(ribbon.getState().call?.phase, 'dialing');
    const sid = await lastSid();
    await fake('answer-agent', { sid });
    await fake('answer-customer', { sid });
    await callback(sid, 'answered');
    await waitFor((s) => s.call?.phase === 'connected');
    await fake('end', { sid, status: 'completed', talkSeconds: 30 });
    await callback(sid, 'terminal');
    await waitFor((s) => s.call === null && s.lastCall?.duration === 30);
    assert.deepEqual(heard, ['dialing', 'connected', 'callEnded']);
    const loads = performance.getEntriesByType('resource').filter((e) => e.name.includes(EXOTEL_SCRIPT));
    // init again: the providers are there already, nothing is fetched twice.
    await start();
    assert.equal(
      performance.getEntriesByType('resource').filter((e) => e.name.includes(EXOTEL_SCRIPT)).length,
      loads.length,
    );
    ribbon.destroy();
  });
});
