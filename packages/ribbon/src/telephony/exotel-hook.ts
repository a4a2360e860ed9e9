/** The private property of `window.ExotelCallRibbon` on which exotel-call-ribbon-exotel.js leaves its exports. */
export const EXOTEL_HOOK = '_exotel';
