// How the facade gets the Exotel providers: a dynamic import, so bundlers put them in a chunk of
// their own. The script-tag build swaps this module for load-exotel-script.ts (scripts/build-cdn.ts).

/** What exotel.ts exports. */
export type ExotelModule = typeof import('./exotel.ts');

/** The URLs only matter to the script-tag build (the Exotel script's, else the main script's). */
export const loadExotel = (_scriptUrl?: string, _mainScript?: string): Promise<ExotelModule> =>
  import('./exotel.ts');
