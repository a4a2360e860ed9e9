// How the ribbon gets the strings of a language other than English: a dynamic import, so
// bundlers put each language in a chunk of its own. The script-tag build swaps this module for
// i18n-load-script.js (scripts/build-cdn.ts).
import type { RibbonStrings } from './strings.ts';

export const loadStrings = async (language: 'hi'): Promise<RibbonStrings> => {
  switch (language) {
    case 'hi':
      return (await import('./i18n-hi.ts')).HINDI_STRINGS;
  }
};
