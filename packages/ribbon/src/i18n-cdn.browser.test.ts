// The script-tag build in Hindi: the main script from the real server's /sdk route fetches the
// Hindi strings (/sdk/exotel-call-ribbon-hi.js) only when a ribbon speaks Hindi.
import type { ExotelCallRibbon } from './facade.ts';
import { API_KEY, API_URL, assert, describe, it, uniqueName } from './test-support/browser.ts';

const win = window as unknown as { ExotelCallRibbon?: ExotelCallRibbon };

const loadScript = (src: string) =>
  new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`${src} did not load`));
    document.head.append(script);
  });

const fetched = (file: string) =>
  performance.getEntriesByType('resource').some((entry) => entry.name.endsWith(`/sdk/${file}`));

describe('the script tag in Hindi', () => {
  it('loads the Hindi strings on first use only, and renders the bar in Hindi', async () => {
    await loadScript('/sdk/exotel-call-ribbon.js');
    const ribbon = win.ExotelCallRibbon!;
    await ribbon.init({ apiKey: API_KEY, apiUrl: API_URL, queue: { databaseName: uniqueName('cdn-en') } });
    assert.equal(fetched('exotel-call-ribbon-hi.js'), false, 'an English page never loads Hindi');
    ribbon.destroy();

    await ribbon.init({
      apiKey: API_KEY,
      apiUrl: API_URL,
      locale: 'hi',
      queue: { databaseName: uniqueName('cdn-hi') },
    });
    assert.equal(fetched('exotel-call-ribbon-hi.js'), true);
    const element = document.querySelector('exotel-call-ribbon')!;
    await element.updateComplete;
    const text = element.shadowRoot!.textContent ?? '';
    assert.match(text, /ऑनलाइन/);
    assert.match(text, /डेमो मोड/);
    assert.match(text, /कॉल करें/);
    ribbon.destroy();
  });
});
