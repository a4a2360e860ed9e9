/** The ribbon's version, reported to the server on init. */
export const RIBBON_VERSION = '0.1.0';
