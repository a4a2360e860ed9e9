// The two script-tag bundles as esbuild builds them: the Exotel providers only in the second.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundleScripts, EXOTEL_ONLY } from './build-cdn.ts';

const { main, exotel, popover } = await bundleScripts();
const text = (code: Uint8Array) => new TextDecoder().decode(code);

test('the main script holds none of the Exotel provider code', () => {
  assert.deepEqual(
    main.inputs.filter((input) => EXOTEL_ONLY.test(input)),
    [],
  );
  const code = text(main.code);
  // Strings only the providers use: the WebRTC SDK's methods.
  for (const mark of ['HoldToggle', 'sendDTMF']) {
    assert.equal(code.includes(mark), false, `${mark} is in the main script`);
  }
  // What it has instead: the loader that injects the second file.
  assert.ok(main.inputs.some((input) => input.endsWith('src/telephony/load-exotel-script.ts')));
  assert.ok(code.includes('exotel-call-ribbon-exotel.js'));
});

test('the main script leaves the live stream and Floating UI to the files that load on first use', () => {
  assert.deepEqual(
    main.inputs.filter((input) => /eventsource-parser|@floating-ui|client\/src\/stream\.ts/.test(input)),
    [],
  );
  assert.ok(exotel.inputs.some((input) => input.endsWith('packages/client/src/stream.ts')));
  assert.ok(popover.inputs.some((input) => input.includes('@floating-ui/dom')));
  assert.match(text(popover.code), /export\s*\{/);
});

test('the Exotel script holds the providers, and no Lit or other dependency', () => {
  for (const module of ['exotel.ts', 'exotel-provider.ts', 'exotel-webrtc-provider.ts']) {
    assert.ok(
      exotel.inputs.some((input) => input.endsWith(`src/telephony/${module}`)),
      module,
    );
  }
  // The one dependency: the live stream's SSE parser, which only these providers need.
  assert.deepEqual(
    exotel.inputs.filter(
      (input) => input.includes('node_modules') && !input.includes('/eventsource-parser/'),
    ),
    [],
  );
  const code = text(exotel.code);
  // Its HTTP goes through the main script's client: no request of its own.
  assert.equal(code.includes('/api/ribbon/'), false, 'no HTTP code in the Exotel script');
  assert.ok(code.includes('HoldToggle'));
  assert.equal(code.includes('LitElement'), false);
  assert.equal(/customElements|attachShadow|adoptedStyleSheets/.test(code), false, 'nothing of Lit');
});

test('the Exotel script hands its exports to the main one on window.ExotelCallRibbon', async () => {
  const window: { ExotelCallRibbon?: Record<string, { createExotelProvider?: unknown }> } = {
    ExotelCallRibbon: {},
  };
  new Function('window', text(exotel.code))(window);
  assert.equal(typeof window.ExotelCallRibbon?._exotel?.createExotelProvider, 'function');
});
