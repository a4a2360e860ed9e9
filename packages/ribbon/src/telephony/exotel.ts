import { phoneKey } from '../session/phone-key.ts';
import type { RibbonCustomer } from '../session/types.ts';
import { type ExotelCallsApi, ExotelProvider, type ExotelProviderOptions } from './exotel-provider.ts';
import { type ExotelWebClientLike, ExotelWebrtcProvider } from './exotel-webrtc-provider.ts';
import { LiveStream } from './live-stream.ts';
import type { CallProvider } from './provider.ts';

export interface ExotelSetup {
  kind: 'exotel' | 'exotel-webrtc';
  api: Pick<ExotelCallsApi['calls'], 'start' | 'active'>;
  apiUrl: string;
  /** What the host gave `init` (apiKey, fetch, agent, exotelClient). */
  options: {
    apiKey: string;
    fetch?: typeof fetch | undefined;
    agent?: { id: string } | undefined;
    exotelClient?: ExotelWebClientLike | undefined;
  };
  /** The customer shown in the bar now: their id goes with a call to their number. */
  customer: () => RibbonCustomer | null;
}

/**
 * The facade's one entry to the Exotel providers, loaded on demand (load-exotel.ts): bundlers
 * split it into a chunk, and the script tag loads it as exotel-call-ribbon-exotel.js.
 * `exotel-webrtc` without a web client falls back to `exotel`.
 */
export const createExotelProvider = (setup: ExotelSetup): CallProvider => {
  const { apiKey, agent, exotelClient } = setup.options;
  const doFetch = setup.options.fetch ?? ((input, init) => fetch(input, init));
  const base = setup.apiUrl.replace(/\/$/, '');
  const options: ExotelProviderOptions = {
    api: {
      calls: {
        start: (body) => setup.api.start(body),
        active: () => setup.api.active(),
        list: async ({ pageSize = 50 }) => {
          const response = await doFetch(`${base}/api/ribbon/call-logs?pageSize=${pageSize}`, {
            headers: { 'X-API-Key': apiKey },
          });
          if (!response.ok) throw new Error(`call-logs answered ${response.status}`);
          return response.json();
        },
      },
    },
    agentId: agent?.id,
    customerId: (number) => {
      const customer = setup.customer();
      return customer && phoneKey(customer.phoneNumber) === phoneKey(number)
        ? customer.customerId
        : undefined;
    },
    openStream: (handlers) => new LiveStream({ ...handlers, apiUrl: setup.apiUrl, apiKey, fetch: doFetch }),
  };
  return setup.kind === 'exotel-webrtc' && exotelClient
    ? new ExotelWebrtcProvider({ ...options, client: exotelClient })
    : new ExotelProvider(options);
};
