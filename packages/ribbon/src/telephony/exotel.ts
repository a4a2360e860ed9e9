import type { CallRibbonClient } from '@call-ribbon/client';

// The script-tag build takes the live stream from here (src/telephony/stream-from-exotel.js).
export { openLiveStream } from '@call-ribbon/client';

import { keyFingerprint } from '../session/call-store.ts';
import { phoneKey } from '../session/phone-key.ts';
import type { RibbonSession } from '../session/ribbon-session.ts';
import { coordinateTabs } from '../session/tab-leader.ts';
import type { RibbonCustomer } from '../session/types.ts';
import type { RibbonStrings } from '../strings.ts';
import { AgentPresence } from './agent-presence.ts';
import { type ExotelCallsApi, ExotelProvider, type ExotelProviderOptions } from './exotel-provider.ts';
import {
  type ExotelWebClientLike,
  type ExotelWebPhoneLike,
  ExotelWebrtcProvider,
} from './exotel-webrtc-provider.ts';
import { MissedCalls } from './missed-calls.ts';
import type { CallProvider } from './provider.ts';

export interface ExotelSetup {
  kind: 'exotel' | 'exotel-webrtc';
  /** The facade's client: the Exotel script bundles no HTTP code of its own. */
  client: Pick<CallRibbonClient, 'calls' | 'stream' | 'agents' | 'customers'>;
  /** What the host gave `init` (apiKey, agent, exotelClient). */
  options: {
    /** With the agent's id, names the lock and channel of the agent's tabs (session/tab-leader.ts). */
    apiKey?: string | undefined;
    agent?: { id: string; name?: string | undefined } | undefined;
    exotelClient?: ExotelWebClientLike | ExotelWebPhoneLike | undefined;
  };
  /** The customer shown in the bar now: their id goes with a call to their number. */
  customer: () => RibbonCustomer | null;
  /** The ribbon element: with an agent, the presence control goes in its slot. */
  host?: HTMLElement | undefined;
  /** The ribbon's strings in its language, once that language has loaded. */
  strings?: Promise<RibbonStrings> | undefined;
}

/**
 * The facade's one entry to the Exotel providers, loaded on demand (load-exotel.ts): bundlers
 * split it into a chunk, and the script tag loads it as exotel-call-ribbon-exotel.js.
 * `exotel-webrtc` without a web client falls back to `exotel`. In the ribbon, the missed-call
 * notice and, with `agent.id`, the agent's presence (inbound calls are routed by it) live as
 * long as the provider.
 */
export const createExotelProvider = (setup: ExotelSetup): CallProvider => {
  const { agent, exotelClient } = setup.options;
  const { client, host, strings } = setup;
  const companions: Array<{ destroy(): void }> = [];
  const session = (host as { session?: RibbonSession | null } | undefined)?.session;
  const options: ExotelProviderOptions = {
    api: client satisfies ExotelCallsApi,
    agentId: agent?.id,
    customerId: (number) => {
      const customer = setup.customer();
      return customer && phoneKey(customer.phoneNumber) === phoneKey(number)
        ? customer.customerId
        : undefined;
    },
    openStream: (handlers) => client.stream(handlers),
  };
  const webrtc = setup.kind === 'exotel-webrtc' && !!exotelClient;
  const create = (): CallProvider =>
    webrtc ? new ExotelWebrtcProvider({ ...options, client: exotelClient }) : new ExotelProvider(options);
  if (host && strings && session) {
    companions.push(new MissedCalls({ host, session, strings }));
    if (agent?.id)
      companions.push(
        new AgentPresence({
          client,
          agent,
          storageKey: `exotel-call-ribbon:presence:${keyFingerprint(setup.options.apiKey ?? '')}:${agent.id}`,
          host,
          labels: strings.then((loaded) => loaded.presence ?? 'Status|Available|Busy|Away|On a call'),
          calls: session,
        }),
      );
  }
  // One tab per browser, tenant key and agent owns the stream and the ring (docs/ribbon.md, "Several tabs").
  const provider = coordinateTabs({
    name: `exotel-call-ribbon:tab:${keyFingerprint(setup.options.apiKey ?? '')}:${agent?.id ?? ''}`,
    create,
    kind: webrtc ? 'exotel-webrtc' : 'exotel',
    onPhone: !webrtc,
  });
  // The notice and the presence live in every tab, as long as the tab's provider.
  const destroy = provider.destroy.bind(provider);
  provider.destroy = () => {
    for (const companion of companions) companion.destroy();
    destroy();
  };
  return provider;
};
