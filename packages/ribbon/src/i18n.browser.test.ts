// The ribbon in Hindi, in Chromium: chosen by `locale` or by the page's `lang`, plurals by
// Intl.PluralRules, a host's override of one string on top.
import { createCallRibbon, type ExotelCallRibbon } from './facade.ts';
import { expectAccessible } from './test-support/axe.ts';
import { afterEach, assert, beforeEach, describe, it, uniqueName, until } from './test-support/browser.ts';

let ribbon: ExotelCallRibbon;
let unreachableUrl: string;

const start = (extra: Partial<Parameters<ExotelCallRibbon['init']>[0]> = {}) =>
  ribbon.init({
    apiKey: 'browser-test-key',
    // Nothing answers there: events wait in the queue, and the bar counts them.
    apiUrl: unreachableUrl,
    simulator: { ringDelayMs: 400, answerDelayMs: 400 },
    queue: { databaseName: uniqueName('i18n'), batchDelayMs: 0 },
    wrapUp: false,
    ...extra,
  });

const element = () => document.querySelector('exotel-call-ribbon')!;
const shadowText = async (): Promise<string> => {
  await element().updateComplete;
  return element().shadowRoot!.textContent?.replace(/\s+/g, ' ') ?? '';
};
const whenPending = (count: number) =>
  until(
    (listener) => element().session!.subscribe(() => listener(ribbon.getState())),
    () => ribbon.getState(),
    (state) => state.queue?.pending === count,
  );

describe('ribbon locales', () => {
  beforeEach(async () => {
    ({ unreachableUrl } = await (await fetch('/__test/other-servers')).json());
    ribbon = createCallRibbon();
  });
  afterEach(() => {
    ribbon.destroy();
    document.documentElement.lang = 'en';
  });

  it('speaks Hindi with locale "hi", with the plural form Hindi uses for 1 and for more', async () => {
    const state = await start({ locale: 'hi' });
    assert.equal(state.problem?.kind, 'server-unreachable');
    assert.equal(
      state.problem?.message,
      `${unreachableUrl} से संपर्क नहीं हो सका: apiUrl जाँचें और देखें कि सर्वर चल रहा है।`,
    );
    const bar = element().shadowRoot!.querySelector('.bar')!;
    assert.equal(bar.getAttribute('lang'), 'hi', 'screen readers read it as Hindi');
    assert.match(await shadowText(), /डेमो मोड/);
    assert.match(await shadowText(), /सर्वर से संपर्क नहीं/);

    void ribbon.dial('+919812345678');
    await whenPending(1);
    assert.match(await shadowText(), /1 इवेंट भेजा जाना बाकी है/);
    await whenPending(3);
    const text = await shadowText();
    assert.match(text, /3 इवेंट भेजे जाने बाकी हैं/);
    assert.match(text, /कॉल जुड़ी है/);
    assert.match(text, /कॉल काटें/);
    await expectAccessible(element());
    await ribbon.hangup();
  });

  it('follows the page’s lang (hi-IN) when init names no locale, and keeps a host’s override', async () => {
    document.documentElement.lang = 'hi-IN';
    await start({ strings: { demoMode: 'डेमो (परीक्षण)' } });
    const text = await shadowText();
    assert.match(text, /डेमो \(परीक्षण\)/);
    assert.match(text, /कोई ग्राहक नहीं चुना गया/);
    assert.equal(element().shadowRoot!.querySelector('.bar')!.getAttribute('lang'), 'hi-IN');
  });

  it('stays in English for a language it has no strings for, with English plurals', async () => {
    document.documentElement.lang = 'fr';
    await start();
    void ribbon.dial('+919812345678');
    await whenPending(1);
    assert.match(await shadowText(), /1 event waiting/);
    await whenPending(3);
    assert.match(await shadowText(), /3 events waiting/);
    await ribbon.hangup();
  });
});
