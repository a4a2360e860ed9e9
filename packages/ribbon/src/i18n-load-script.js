// The script-tag build's i18n-load.ts: imports exotel-call-ribbon-<language>.js (an ES module
// holding that language's strings, src/i18n-cdn-hi.ts) from next to the main script, once.
// Plain JavaScript: TypeScript would wrap this computed import() in a helper that rewrites `.ts`.

// Read while the main script runs: `currentScript` is null afterwards.
const base = globalThis.document?.currentScript?.src || globalThis.location?.href;

/** @returns {Promise<import('./strings.ts').RibbonStrings>} */
export const loadStrings = async (language) =>
  (await import(new URL(`exotel-call-ribbon-${language}.js`, base).href)).STRINGS;
