// The script-tag build's load-floating.ts: imports exotel-call-ribbon-popover.js (an ES module
// holding Floating UI, src/cdn-popover.ts) from next to the main script, once. Plain JavaScript:
// TypeScript would wrap this computed import() in a helper that rewrites `.ts` extensions.

// Read while the main script runs: `currentScript` is null afterwards.
const base = globalThis.document?.currentScript?.src || globalThis.location?.href;
let loading = null;

/** @returns {Promise<import('./load-floating.ts').FloatingModule>} */
export const loadFloating = () => {
  loading ??= import(new URL('exotel-call-ribbon-popover.js', base).href);
  return loading;
};
