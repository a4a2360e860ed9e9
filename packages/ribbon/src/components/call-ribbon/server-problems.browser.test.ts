// What the bar and getState() say when the server cannot be used: each cause told apart, over
// real HTTP, from a page whose origin the server does not know (a real cross-origin request).
import { createCallRibbon, type ExotelCallRibbon } from '../../facade.ts';
import { expectAccessible } from '../../test-support/axe.ts';
import { afterEach, assert, beforeEach, describe, it, uniqueName } from '../../test-support/browser.ts';

interface OtherServers {
  strict: { url: string; apiKey: string };
  unreachableUrl: string;
}

let ribbon: ExotelCallRibbon;
let servers: OtherServers;

const start = (apiKey: string, apiUrl: string) =>
  ribbon.init({
    apiKey,
    apiUrl,
    locale: 'en',
    queue: { databaseName: uniqueName('problems'), batchDelayMs: 0 },
    wrapUp: false,
  });

const barText = async (): Promise<{ status: string; alerts: string[] }> => {
  const element = document.querySelector('exotel-call-ribbon')!;
  await element.updateComplete;
  const root = element.shadowRoot!;
  return {
    status: root.querySelector('.connection')?.textContent ?? '',
    alerts: [...root.querySelectorAll('[role="alert"]')].map((alert) => alert.textContent ?? ''),
  };
};

describe('the ribbon names why the server cannot be used', () => {
  beforeEach(async () => {
    servers = await (await fetch('/__test/other-servers')).json();
    ribbon = createCallRibbon();
  });
  afterEach(() => ribbon.destroy());

  it('origin not allowed for this key: says so, names the origin and what to do', async () => {
    const state = await start(servers.strict.apiKey, servers.strict.url);
    assert.equal(state.problem?.kind, 'origin-not-allowed');
    assert.match(
      state.problem?.message ?? '',
      new RegExp(`This page \\(${location.origin}\\) may not use this API key`),
    );
    assert.match(state.problem?.detail ?? '', /403/);
    const bar = await barText();
    assert.equal(bar.status, 'Origin not allowed');
    assert.deepEqual(bar.alerts, [state.problem!.message], 'one alert, the problem and what to do');
    await expectAccessible(document.querySelector('exotel-call-ribbon')!);
  });

  it('key invalid: says the key is refused and where to fix it', async () => {
    const state = await start('no-such-key', servers.strict.url);
    assert.equal(state.problem?.kind, 'key-invalid');
    assert.match(state.problem?.message ?? '', /check the apiKey given to init\(\)/);
    const bar = await barText();
    assert.equal(bar.status, 'API key refused');
    assert.deepEqual(bar.alerts, [state.problem!.message]);
  });

  it('server unreachable: names the address it tried', async () => {
    const state = await start('any-key', servers.unreachableUrl);
    assert.equal(state.problem?.kind, 'server-unreachable');
    assert.equal(
      state.problem?.message,
      `Cannot reach ${servers.unreachableUrl}: check apiUrl and that the server is running.`,
    );
    const bar = await barText();
    assert.equal(bar.status, 'Server unreachable');
    assert.deepEqual(bar.alerts, [state.problem!.message]);
  });

  it('no problem when the server answers', async () => {
    const state = await start('browser-test-key', location.origin);
    assert.equal(state.problem, null);
    assert.equal(state.server, 'connected');
    assert.deepEqual((await barText()).alerts, []);
  });
});
