import type { CallProvider } from './provider.ts';

/**
 * Stands in while a provider loads (the Exotel providers come in a chunk of their own): calls
 * wait for it, then go to it; if it cannot load, they fail with the reason.
 */
export const pendingProvider = (name: string, ready: Promise<CallProvider>): CallProvider => ({
  name,
  demo: false,
  dial: async (phoneNumber) => (await ready).dial(phoneNumber),
  answer: async () => (await ready).answer(),
  reject: async () => (await ready).reject(),
  hangup: async () => (await ready).hangup(),
  mute: async (muted) => (await ready).mute(muted),
  hold: async (held) => (await ready).hold(held),
  sendDigits: async (digits) => (await ready).sendDigits(digits),
  subscribe: () => () => {},
  // A provider that cannot load cannot tell: the stored call is kept for the next page.
  restore: async (call) => (await ready).restore?.(call) ?? 'gone',
  destroy: () => {},
});
