// Prints the script-tag bundles' sizes, minified and gzipped: the main script, which every CRM
// page loads (target: at most 31 KB), and the Exotel providers' script, loaded only with Exotel.
// `--parts`: each dependency of the main script bundled alone as the ribbon imports it, and the
// ribbon's own code as the rest (gzip sizes do not add up exactly; this is how the figures in
// docs/ribbon.md are made).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { bundleInMemory, CDN_FILE, EXOTEL_CDN_FILE, POPOVER_CDN_FILE } from './build-cdn.ts';

export const TARGET_GZIP_BYTES = 31 * 1024;

/** A dependency of the client, which the ribbon reaches only through it. */
const clientDependency = (name: string): string =>
  createRequire(import.meta.resolve('@call-ribbon/client/package.json')).resolve(name);

/** The third-party code in the bundle, imported the way the ribbon imports it. */
export const DEPENDENCY_PARTS = {
  lit: "import { LitElement, html, css, nothing } from 'lit'; Object.assign(globalThis, { LitElement, html, css, nothing });",
  'idb-keyval':
    "import { createStore, promisifyRequest } from 'idb-keyval'; Object.assign(globalThis, { createStore, promisifyRequest });",
  'ky + eventsource-parser': `import ky from '${clientDependency('ky')}'; import { createParser } from '${clientDependency('eventsource-parser')}'; Object.assign(globalThis, { ky, createParser });`,
} as const;

const gzip = (code: Uint8Array): number => gzipSync(code, { level: 9 }).length;

/** min and min+gzip bytes of the main script (or of `file`, e.g. EXOTEL_CDN_FILE) as built. */
export const bundleSize = (file = CDN_FILE): { minified: number; gzip: number } => {
  const code = readFileSync(file);
  return { minified: code.length, gzip: gzip(code) };
};

/** min+gzip bytes of each dependency alone, and of the ribbon's own code as the remainder. */
export const sizeParts = async (): Promise<Record<string, number>> => {
  const parts: Record<string, number> = {};
  for (const [name, source] of Object.entries(DEPENDENCY_PARTS))
    parts[name] = gzip(await bundleInMemory(source));
  const dependencies = Object.values(parts).reduce((sum, bytes) => sum + bytes, 0);
  parts['ribbon (own code)'] = bundleSize().gzip - dependencies;
  return parts;
};

if (import.meta.main) {
  const { minified, gzip: gzipped } = bundleSize();
  const verdict = gzipped <= TARGET_GZIP_BYTES ? 'within' : 'OVER';
  console.log(
    `exotel-call-ribbon.js: ${minified} bytes minified, ${gzipped} bytes min+gzip (${(gzipped / 1024).toFixed(1)} KB; ${verdict} the 31 KB target)`,
  );
  const exotel = bundleSize(EXOTEL_CDN_FILE);
  console.log(
    `exotel-call-ribbon-exotel.js: ${exotel.minified} bytes minified, ${exotel.gzip} bytes min+gzip (loaded only when init picks Exotel)`,
  );
  const popover = bundleSize(POPOVER_CDN_FILE);
  console.log(
    `exotel-call-ribbon-popover.js: ${popover.minified} bytes minified, ${popover.gzip} bytes min+gzip (Floating UI, loaded when a popover first opens)`,
  );
  if (process.argv.includes('--parts')) {
    for (const [name, bytes] of Object.entries(await sizeParts())) {
      console.log(`  ${name.padEnd(26)} ${String(bytes).padStart(6)} bytes min+gzip`);
    }
  }
}
