import { createClient } from '@call-ribbon/client';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import type { RibbonCallEvent } from '../../events/ribbon-call-event.ts';
import { DurableEventQueue } from '../../queue/durable-event-queue.ts';
import { logCallTransport } from '../../queue/log-call-transport.ts';
import { RibbonSession } from '../../session/ribbon-session.ts';
import { SimulatorProvider } from '../../telephony/simulator-provider.ts';
import {
  API_KEY,
  API_URL,
  afterEach,
  assert,
  beforeEach,
  describe,
  it,
  resetServer,
  serverTotals,
  until,
} from '../../test-support/browser.ts';
import type { CallRibbonElement } from './call-ribbon.ts';
import { defineCallRibbon } from './registry.ts';

defineCallRibbon();

const client = createClient({ apiKey: API_KEY, apiUrl: API_URL });
const MARKUP = '<img src=x onerror="window.__pwned=1"><b>Bold</b> & Co';

interface Axe {
  run(
    context: Element,
    options: object,
  ): Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown }> }> }>;
}
let axe: Axe | undefined;
const loadAxe = async (): Promise<Axe> => {
  if (axe) return axe;
  await new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/__test/axe.js';
    script.onload = resolve;
    script.onerror = reject;
    document.head.append(script);
  });
  axe = (window as unknown as { axe: Axe }).axe;
  return axe;
};

const expectAccessible = async (element: Element) => {
  // Contrast is judged on final colours, not on a frame of a running transition.
  await Promise.all(element.shadowRoot!.getAnimations().map((animation) => animation.finished));
  const { violations } = await (await loadAxe()).run(element, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  });
  assert.deepEqual(
    violations.map((v) => `${v.id}: ${v.help} (${JSON.stringify(v.nodes.map((n) => n.target))})`),
    [],
  );
};

let element: CallRibbonElement;
let session: RibbonSession;
let provider: SimulatorProvider;
let queue: DurableEventQueue;
const events: string[] = [];

const shadow = () => element.shadowRoot!;
const $ = <T extends Element = HTMLElement>(selector: string) => {
  const found = shadow().querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector} in the ribbon`);
  return found;
};
const buttonNamed = (name: RegExp | string) => {
  const found = [...shadow().querySelectorAll('button')].find((b) => {
    const label = b.getAttribute('aria-label') ?? b.textContent?.trim() ?? '';
    return typeof name === 'string' ? label === name : name.test(label);
  });
  if (!found) throw new Error(`no button named ${name}`);
  return found;
};
const phase = (wanted: string | null) =>
  until(
    (listener) => session.subscribe(() => listener(session.state)),
    () => session.state,
    (s) => (s.call?.phase ?? null) === wanted,
  );
const rendered = async () => {
  await element.updateComplete;
};

describe('<exotel-call-ribbon>', () => {
  beforeEach(async () => {
    await resetServer();
    provider = new SimulatorProvider({ ringDelayMs: 5, answerDelayMs: 20 });
    queue = new DurableEventQueue({
      transport: logCallTransport(client),
      batchDelayMs: 0,
    });
    await queue.start();
    session = new RibbonSession({ provider, queue, lookup: (phone) => client.customers.findByPhone(phone) });
    session.setServerStatus('connected');
    element = document.createElement('exotel-call-ribbon');
    element.session = session;
    events.length = 0;
    element.addEventListener('ribbon-call', (event: RibbonCallEvent) => events.push(event.event));
    document.body.append(element);
    await rendered();
  });
  afterEach(async () => {
    element.remove();
    session.destroy();
    provider.destroy();
    queue.close();
    await setViewport({ width: 800, height: 600 });
    await emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
  });

  it('shows connection, sync state, demo mode and the customer', async () => {
    session.setCustomer({ phoneNumber: '+919876543210', name: 'Rajesh Kumar', customerId: 'CUST001' });
    element.historyUrl = 'https://crm.example/customers/{customerId}';
    await rendered();
    assert.match($('[part="status"]').textContent!, /Online/);
    assert.match($('[part="status"]').textContent!, /Demo mode/);
    assert.equal($('.customer .name').textContent, 'Rajesh Kumar');
    assert.equal($('.customer .number').textContent, '+919876543210');
    assert.equal($<HTMLAnchorElement>('.customer a').href, 'https://crm.example/customers/CUST001');
    element.historyUrl = 'javascript:alert(1)//{customerId}';
    await rendered();
    assert.equal(shadow().querySelector('.customer a'), null, 'only http(s) links');
    assert.match(buttonNamed(/^Call Rajesh Kumar$/).textContent!, /Call Rajesh Kumar/);
    await expectAccessible(element);
  });

  it('renders a customer name containing markup as text', async () => {
    session.setCustomer({ phoneNumber: '<i>+91</i>', name: MARKUP, customerId: 'X' });
    await rendered();
    assert.equal($('.customer .name').textContent, MARKUP);
    assert.equal($('.customer .number').textContent, '<i>+91</i>');
    assert.equal(shadow().querySelector('img, b, i'), null, 'no element came from the data');
    assert.equal((window as { __pwned?: number }).__pwned, undefined);
  });

  it('an incoming caller from the real server whose name is markup shows as text in the popover', async () => {
    const phone = `+9191${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    await client.customers.save({ customerId: `XSS-${phone}`, name: MARKUP, phone });
    provider.simulateIncoming({ phoneNumber: phone });
    await until(
      (l) => session.subscribe(() => l(session.state)),
      () => session.state,
      (s) => s.call?.customerData.name === MARKUP,
    );
    await rendered();
    assert.equal($('.popover .caller-name').textContent, MARKUP);
    assert.equal(shadow().querySelector('.popover img, .popover b'), null);
    await provider.reject();
  });

  it('dials with the field and the keypad, and the call button', async () => {
    const input = $<HTMLInputElement>('input[type="tel"]');
    input.value = '+91';
    input.dispatchEvent(new InputEvent('input'));
    const toggle = buttonNamed(/^Keypad$/);
    assert.equal(toggle.getAttribute('aria-expanded'), 'false');
    toggle.click();
    await rendered();
    assert.equal(toggle.getAttribute('aria-expanded'), 'true');
    for (const key of ['9', '8', '7', '6', '5', '4', '3', '2', '1', '0']) buttonNamed(key).click();
    await rendered();
    assert.equal($<HTMLInputElement>('input[type="tel"]').value, '+919876543210');
    buttonNamed(/^Call$/).click();
    await phase('connected');
    await rendered();
    assert.equal(session.state.call?.phoneNumber, '+919876543210');
    assert.deepEqual(events, ['dialing', 'ringing', 'connected']);
  });

  it('in a call: timer, mute, hold, DTMF keypad and hang up', async () => {
    await session.dial('+919876543210');
    await phase('connected');
    await rendered();
    assert.match($('[part="timer"]').textContent!, /^0:0\d$/);
    const mute = buttonNamed(/^Mute$/);
    mute.click();
    await rendered();
    assert.equal(mute.getAttribute('aria-pressed'), 'true');
    assert.match($('[role="status"]').textContent!, /Muted/);
    mute.click();
    await rendered();
    assert.equal(mute.getAttribute('aria-pressed'), 'false');
    const hold = buttonNamed(/^Hold$/);
    hold.click();
    await rendered();
    assert.equal(hold.getAttribute('aria-pressed'), 'true');
    assert.match($('.call-status').textContent!, /On hold/);
    hold.click();
    await rendered();
    buttonNamed(/^Keypad$/).click();
    await rendered();
    for (const key of ['1', '#']) buttonNamed(key).click();
    assert.equal(provider.sentDigits, '1#');
    buttonNamed(/^Hang up$/).click();
    await phase(null);
    await rendered();
    assert.deepEqual(events, [
      'dialing',
      'ringing',
      'connected',
      'mute',
      'unmute',
      'hold',
      'unhold',
      'callEnded',
    ]);
    assert.match($('[role="status"]').textContent!, /Call ended/);
    await queue.flush();
    assert.equal((await serverTotals()).accepted, 8, 'every event reached the real server');
  });

  it('an incoming call opens a popover anchored to the bar: answer, and reject', async () => {
    provider.simulateIncoming({ phoneNumber: '+919811111111' });
    await phase('incoming');
    await rendered();
    const popover = $('[part="popover"]');
    assert.equal(popover.getAttribute('role'), 'dialog');
    // Floating UI positions on the next frames.
    for (let i = 0; i < 30 && !popover.style.top; i += 1) await new Promise(requestAnimationFrame);
    const bar = $('[part="bar"]').getBoundingClientRect();
    const box = popover.getBoundingClientRect();
    assert.ok(
      box.bottom <= bar.top + 1,
      `popover (${box.top}-${box.bottom}) sits above the bar at ${bar.top}`,
    );
    assert.equal(shadow().activeElement, buttonNamed(/^Answer$/), 'focus moves to Answer');
    await expectAccessible(element);
    buttonNamed(/^Answer$/).click();
    await phase('connected');
    await provider.hangup();
    await phase(null);
    provider.simulateIncoming({ phoneNumber: '+919822222222' });
    await phase('incoming');
    await rendered();
    buttonNamed(/^Reject$/).click();
    await phase(null);
    assert.deepEqual(events, ['incoming', 'connected', 'callEnded', 'incoming', 'rejected']);
  });

  it('the popover follows the docked edge, stays in a narrow viewport, follows resizes and transformed containers', async () => {
    const popoverBox = async (where: (box: DOMRect, bar: DOMRect) => boolean) => {
      await rendered();
      const popover = $('[part="popover"]');
      // Positions settle on the next frames (ResizeObserver, then Floating UI's promise).
      for (let i = 0; i < 30; i += 1) {
        const box = popover.getBoundingClientRect();
        const bar = $('[part="bar"]').getBoundingClientRect();
        if (popover.style.top && where(box, bar)) return { box, bar };
        await new Promise(requestAnimationFrame);
      }
      const box = popover.getBoundingClientRect();
      const bar = $('[part="bar"]').getBoundingClientRect();
      throw new Error(`popover at ${JSON.stringify(box)} does not fit the bar at ${JSON.stringify(bar)}`);
    };
    // End-aligned with the bar, kept 8 px inside the viewport by shift().
    const endAligned = ({ box, bar }: { box: DOMRect; bar: DOMRect }) =>
      Math.abs(box.right - Math.min(bar.right, document.documentElement.clientWidth - 8)) < 1;
    // The animation's translateY would shift the measured box by up to 4 px.
    await emulateMedia({ reducedMotion: 'reduce' });
    element.position = 'top';
    provider.simulateIncoming({ phoneNumber: '+919811111111' });
    await phase('incoming');
    const below = await popoverBox((box, bar) => Math.abs(box.top - (bar.bottom + 8)) < 1);
    assert.ok(endAligned(below), `end-aligned: ${below.box.right} / ${below.bar.right}`);

    await setViewport({ width: 320, height: 640 });
    const narrow = await popoverBox((box, bar) => Math.abs(box.top - (bar.bottom + 8)) < 1);
    assert.ok(
      narrow.box.left >= 8 && narrow.box.right <= 320 - 8 + 1,
      `inside 320 px: ${narrow.box.left}-${narrow.box.right}`,
    );

    element.position = 'bottom';
    await setViewport({ width: 700, height: 500 });
    const above = await popoverBox((box, bar) => Math.abs(box.bottom - (bar.top - 8)) < 1);
    assert.ok(endAligned(above), `end-aligned: ${above.box.right} / ${above.bar.right}`);
    // A shorter window moves the bottom bar without resizing it: the window's resize event tells.
    await setViewport({ width: 700, height: 420 });
    const shorter = await popoverBox((box, bar) => Math.abs(box.bottom - (bar.top - 8)) < 1);
    assert.ok(shorter.bar.bottom <= 420);

    // A host page that puts the ribbon in a transformed container moves the fixed bar's origin there.
    const frame = document.createElement('div');
    frame.style.cssText =
      'position:absolute;left:40px;top:30px;width:500px;height:400px;transform:translateX(10px)';
    document.body.append(frame);
    frame.append(element);
    await rendered();
    const framed = await popoverBox((box, bar) => Math.abs(box.bottom - (bar.top - 8)) < 1);
    assert.ok(framed.bar.right < 600, `the bar is docked in the frame (${framed.bar.right})`);
    assert.ok(endAligned(framed), `end-aligned: ${framed.box.right} / ${framed.bar.right}`);
    document.body.append(element);
    frame.remove();
    await provider.reject();
  });

  it('wrap-up can be skipped, which sends the held callEnded as it was', async () => {
    session.wrapUpEnabled = true;
    await session.dial('+919876543210');
    await phase('connected');
    await session.hangup();
    await rendered();
    assert.ok(shadow().querySelector('[part="wrap-up"]'));
    await expectAccessible(element);
    buttonNamed(/^Skip$/).click();
    await until(
      (l) => queue.subscribe(l),
      () => queue.state,
      (s) => s.held === 0,
    );
    await queue.flush();
    assert.equal((await serverTotals()).accepted, 4);
  });

  it('collapses to a handle and opens again', async () => {
    let collapsed: boolean | null = null;
    element.addEventListener('ribbon-collapse', (event) => {
      collapsed = event.collapsed;
    });
    const handle = $('[part~="handle"]');
    assert.equal(handle.getAttribute('aria-expanded'), 'true');
    handle.click();
    await rendered();
    assert.equal(collapsed, true);
    assert.ok(element.hasAttribute('collapsed'));
    assert.equal(shadow().querySelector('[part="dialer"]'), null);
    $('[part~="handle"]').click();
    await rendered();
    assert.equal(collapsed, false);
    assert.ok(shadow().querySelector('[part="dialer"]'));
  });

  it('works by keyboard alone, with a visible focus ring', async () => {
    element.focus();
    buttonNamed(/^Collapse/).focus();
    await sendKeys({ press: 'Tab' });
    assert.equal(shadow().activeElement, $('input[type="tel"]'));
    assert.ok(getComputedStyle(shadow().activeElement!).outlineStyle !== 'none', 'focus is visible');
    await sendKeys({ type: '+919876543210' });
    await sendKeys({ press: 'Enter' });
    await phase('connected');
    await rendered();
    buttonNamed(/^Mute$/).focus();
    await sendKeys({ press: 'Space' });
    await rendered();
    assert.equal(buttonNamed(/^Mute$/).getAttribute('aria-pressed'), 'true');
    await sendKeys({ press: 'Tab' });
    assert.equal(shadow().activeElement, buttonNamed(/^Hold$/));
    await sendKeys({ press: 'Enter' });
    await rendered();
    assert.equal(buttonNamed(/^Hold$/).getAttribute('aria-pressed'), 'true');
    buttonNamed(/^Hang up$/).focus();
    await sendKeys({ press: 'Enter' });
    await phase(null);
    provider.simulateIncoming({ phoneNumber: '+919833333333' });
    await phase('incoming');
    await rendered();
    await sendKeys({ press: 'Enter' });
    await phase('connected');
    assert.deepEqual(events.slice(-2), ['incoming', 'connected']);
    await provider.hangup();
  });

  it('fits a 320 px wide screen', async () => {
    await setViewport({ width: 320, height: 640 });
    session.setCustomer({
      phoneNumber: '+919876543210',
      name: 'A rather long customer name for a phone',
      customerId: 'C',
    });
    await rendered();
    const bar = $('[part="bar"]');
    assert.ok(bar.scrollWidth <= 320, `bar is ${bar.scrollWidth} px wide`);
    await session.dial('+919876543210');
    await phase('connected');
    await rendered();
    assert.ok(bar.scrollWidth <= 320, `bar in a call is ${bar.scrollWidth} px wide`);
    await expectAccessible(element);
    await session.hangup();
  });

  it('follows the colour scheme unless a theme is set, and respects reduced motion', async () => {
    const bg = () => getComputedStyle(element).getPropertyValue('--ribbon-bg').trim();
    await emulateMedia({ colorScheme: 'dark' });
    assert.equal(bg(), '#161b22');
    element.theme = 'light';
    await rendered();
    assert.equal(bg(), '#ffffff');
    await emulateMedia({ colorScheme: 'light' });
    element.theme = 'dark';
    await rendered();
    assert.equal(bg(), '#161b22');
    await expectAccessible(element);
    await emulateMedia({ reducedMotion: 'reduce' });
    provider.simulateIncoming({ phoneNumber: '+919844444444' });
    await phase('incoming');
    await rendered();
    assert.equal(getComputedStyle($('[part="popover"]')).animationName, 'none');
    await provider.reject();
  });

  it('uses overridden strings', async () => {
    element.strings = { call: 'Appeler', demoMode: 'Mode démo', phoneNumber: 'Numéro' };
    await rendered();
    assert.ok(buttonNamed(/^Appeler$/));
    assert.match($('[part="status"]').textContent!, /Mode démo/);
    assert.equal($('input[type="tel"]').getAttribute('aria-label'), 'Numéro');
  });
});
