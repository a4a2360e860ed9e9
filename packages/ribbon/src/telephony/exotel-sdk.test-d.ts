// Type-level checks, run by `pnpm typecheck` (excluded from the build): Exotel's CRM SDK's own
// declarations fit the ribbon's `exotelClient`, and what does not fit is refused.
import type { ExotelCRMWebSDK, ExotelWebPhoneSDK } from '@exotel-npm-dev/exotel-ip-calling-crm-websdk';
import type { RibbonInitOptions } from '../facade.ts';
import type { ExotelWebPhoneLike } from './exotel-webrtc-provider.ts';

declare const phone: ExotelWebPhoneSDK;
declare const crm: ExotelCRMWebSDK;

export const asPhone: ExotelWebPhoneLike = phone;
export const asOption: RibbonInitOptions['exotelClient'] = phone;

/** `Initialize` resolves to the phone, or nothing when Exotel refused the token: the host checks. */
export const fromInitialize = async (): Promise<RibbonInitOptions['exotelClient']> => {
  const initialized = await crm.Initialize(() => {});
  if (!initialized) throw new Error('Exotel refused the token');
  return initialized;
};

// @ts-expect-error A phone object without MakeCall and the controls is not one.
export const incomplete: ExotelWebPhoneLike = { AcceptCall: () => {}, HangupCall: () => {} };
