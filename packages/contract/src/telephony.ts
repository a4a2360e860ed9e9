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
