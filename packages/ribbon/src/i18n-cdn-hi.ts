// Script-tag build of the Hindi strings (dist/cdn/exotel-call-ribbon-hi.js): an ES module the
// main script imports the first time a ribbon speaks Hindi.
export { HINDI_STRINGS as STRINGS } from './i18n-hi.ts';
