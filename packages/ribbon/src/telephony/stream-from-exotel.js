// The script-tag build's stand-in for the client's stream.ts: the live stream and its SSE parser
// ship in exotel-call-ribbon-exotel.js, loaded before the Exotel providers, the only code that
// opens a stream. Plain JavaScript: the client's module is swapped in the build, never typed here.
import { EXOTEL_HOOK } from './exotel-hook.ts';

export const openLiveStream = (connector, options) =>
  window.ExotelCallRibbon[EXOTEL_HOOK].openLiveStream(connector, options);
