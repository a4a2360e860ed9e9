import { z } from 'zod';
import { wellFormed } from './common.ts';
import { TelephonyProvider } from './config.ts';

/** How Exotel rings one agent: a phone number, or a SIP user for calls in the browser. */
export const AgentLine = z
  .object({
    phone: z.string().min(3).max(50).optional(),
    sipUser: z.string().min(1).max(200).optional(),
  })
  .refine((line) => line.phone !== undefined || line.sipUser !== undefined, {
    message: 'give the agent a phone number or a SIP user',
  });
export type AgentLine = z.infer<typeof AgentLine>;

/** `PUT /api/admin/clients/:id/telephony`: a tenant's Exotel account. Secrets are never returned. */
export const TelephonySettingsRequest = z.object({
  provider: TelephonyProvider.exclude(['simulator']).default('exotel'),
  accountSid: z.string().min(1).max(200),
  apiKey: z.string().min(1).max(500),
  apiToken: z.string().min(1).max(500),
  /** `api.exotel.com` (Singapore) or `api.in.exotel.com` (Mumbai). */
  host: z.enum(['api.exotel.com', 'api.in.exotel.com']).default('api.in.exotel.com'),
  /** The ExoPhone customers see. */
  callerId: z.string().min(3).max(50),
  agents: z.record(wellFormed(z.string().min(1).max(200)), AgentLine).default({}),
  record: z.boolean().default(false),
});
export type TelephonySettingsRequest = z.input<typeof TelephonySettingsRequest>;

/** The addresses to paste into Exotel's flow builder: absolute, built from the server's `PUBLIC_URL`. */
export const TelephonyWebhooks = z.object({
  /** `StatusCallback` of calls placed by click-to-call (set by the server itself). */
  statusCallback: z.string(),
  /** The Passthru applet's URL, before and after the Connect applet. */
  passthru: z.string(),
  /** The Connect applet's dynamic "Dial whom" URL (Programmable Connect). */
  dialWhom: z.string(),
});
export type TelephonyWebhooks = z.infer<typeof TelephonyWebhooks>;

/** What the admin API shows of a tenant's telephony: no key, token or callback secret. */
export const TelephonySettingsResponse = z.object({
  telephony: z.object({
    provider: TelephonyProvider,
    accountSid: z.string(),
    host: z.string(),
    callerId: z.string(),
    agents: z.array(z.string()),
    record: z.boolean(),
  }),
  webhooks: TelephonyWebhooks,
});
export type TelephonySettingsResponse = z.infer<typeof TelephonySettingsResponse>;

/** The webhook's answer to Exotel. */
export const ProviderCallbackResponse = z.object({
  accepted: z.int().min(0),
  duplicates: z.int().min(0),
  /** Set when the callback names a call this server did not place. */
  ignored: z.string().optional(),
});
export type ProviderCallbackResponse = z.infer<typeof ProviderCallbackResponse>;

/** What an agent sets in the ribbon; the server adds `on-call` and `offline` by itself. */
export const AgentChosenStatus = z.enum(['available', 'busy', 'away']);
export type AgentChosenStatus = z.infer<typeof AgentChosenStatus>;

/** An agent's status as listed: the chosen one, `on-call` while a call of theirs is live, `offline` once the ribbon is silent. */
export const AgentStatus = z.enum(['available', 'busy', 'away', 'on-call', 'offline']);
export type AgentStatus = z.infer<typeof AgentStatus>;

/** `PUT /api/ribbon/agents/:agentId/presence`: registers the agent and sets (or repeats, as a heartbeat) the status. */
export const AgentPresenceRequest = z.object({
  status: AgentChosenStatus,
  name: z.string().max(200).optional(),
});
export type AgentPresenceRequest = z.infer<typeof AgentPresenceRequest>;

/** One agent as the presence list shows it. */
export const AgentPresence = z.object({
  agentId: z.string(),
  name: z.string().nullable(),
  status: AgentStatus,
  /** What the agent chose last, whatever the server shows over it. */
  chosenStatus: AgentChosenStatus,
  /** When the agent chose it (ISO-8601). */
  statusSince: z.string(),
  /** The ribbon's last heartbeat (ISO-8601). */
  lastSeenAt: z.string(),
  /** The agent's live call, if any. */
  currentCall: z
    .object({
      callId: z.string(),
      direction: z.enum(['inbound', 'outbound']),
      phoneNumber: z.string(),
      status: z.string(),
    })
    .nullable(),
});
export type AgentPresence = z.infer<typeof AgentPresence>;

export const AgentPresenceResponse = z.object({ agent: AgentPresence });
export type AgentPresenceResponse = z.infer<typeof AgentPresenceResponse>;

export const AgentListResponse = z.object({
  agents: z.array(AgentPresence),
  /** Seconds of silence after which a ribbon counts as offline. */
  offlineAfterSeconds: z.int().min(1),
});
export type AgentListResponse = z.infer<typeof AgentListResponse>;

/** The Passthru endpoint's answer (Exotel reads only the 200). */
export const PassthruResponse = z.object({
  callId: z.string(),
  accepted: z.int().min(0),
  duplicates: z.int().min(0),
});
export type PassthruResponse = z.infer<typeof PassthruResponse>;
