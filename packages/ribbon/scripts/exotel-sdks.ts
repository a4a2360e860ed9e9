// Bundles Exotel's real browser SDKs, untouched, into one ES module for the browser tests:
// `ExotelWebClient` (webrtc-client-sdk over webrtc-core-sdk, i.e. SIP.js 0.20 over WebSocket) and
// `ExotelCRMWebSDK` / `ExotelWebPhoneSDK` (exotel-ip-calling-crm-websdk). The packages mix ES
// imports without extensions, `require()` and CommonJS, which esbuild resolves as webpack did.
import { readFile } from 'node:fs/promises';
import { build, type Plugin } from 'esbuild';

const RIBBON_DIR = new URL('..', import.meta.url).pathname;

const ENTRY = [
  "export { ExotelWebClient } from '@exotel-npm-dev/webrtc-client-sdk';",
  "export { ExotelCRMWebSDK, ExotelWebPhoneSDK } from '@exotel-npm-dev/exotel-ip-calling-crm-websdk';",
].join('\n');

/**
 * The core SDK's ring, ringback, beep and DTMF tones, inlined as `audio/wav` data URLs: `audio.src`
 * is then a real, playable sound as in Exotel's webpack build, not a request for a missing file
 * (esbuild's own dataurl loader says `audio/wave`, which Chromium does not play).
 */
const wavAsDataUrl: Plugin = {
  name: 'wav-as-data-url',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /\.wav$/ }, async ({ path }) => ({
      contents: `module.exports = "data:audio/wav;base64,${(await readFile(path)).toString('base64')}";`,
      loader: 'js',
    }));
  },
};

/** One browser ES module exporting the three SDK classes. */
export const bundleExotelSdks = async (): Promise<string> => {
  const result = await build({
    stdin: { contents: ENTRY, resolveDir: RIBBON_DIR, sourcefile: 'exotel-sdks-entry.js', loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    plugins: [wavAsDataUrl],
    // Both SDKs must share one webrtc-client-sdk (its phone is module state): real paths dedupe it.
    preserveSymlinks: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no Exotel SDK bundle');
  return output.text;
};
