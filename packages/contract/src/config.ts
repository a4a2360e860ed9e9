import { z } from 'zod';
import { wellFormed } from './common.ts';

/** `GET /health` (no key). */
export const HealthResponse = z.object({
  status: z.literal('ok'),
  version: z.string(),
  uptimeSeconds: z.number().min(0),
  database: z.literal('ok'),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

export const RibbonPosition = z.enum(['bottom', 'top']);
export type RibbonPosition = z.infer<typeof RibbonPosition>;

export const RibbonTheme = z.enum(['auto', 'light', 'dark']);
export type RibbonTheme = z.infer<typeof RibbonTheme>;

/** Per-tenant widget settings the ribbon applies unless `init` overrides them. */
export const WidgetSettings = z.object({
  position: RibbonPosition,
  theme: RibbonTheme,
  /** Ask the agent for a disposition and notes after each call. */
  wrapUp: z.boolean(),
  /** Dialling prefix for numbers typed without one. */
  defaultCountryCode: z.string().regex(/^\+\d{1,4}$/),
});
export type WidgetSettings = z.infer<typeof WidgetSettings>;

export const TelephonyProvider = z.enum(['simulator', 'exotel', 'exotel-webrtc']);
export type TelephonyProvider = z.infer<typeof TelephonyProvider>;

/** Telephony as the browser may see it: never credentials. */
export const TelephonyPublic = z.object({
  provider: TelephonyProvider,
  callerId: z.string().nullable(),
});
export type TelephonyPublic = z.infer<typeof TelephonyPublic>;

export const Usage = z.object({
  /** Calls started this month, in the tenant's time zone. */
  callsThisMonth: z.int().min(0),
  limit: z.int().min(0),
  /** Never below zero; calls beyond the limit are still stored. */
  remaining: z.int().min(0),
});
export type Usage = z.infer<typeof Usage>;

/** `GET /api/ribbon/config`. */
export const ConfigResponse = z.object({
  client: z.object({ id: z.string(), name: z.string(), timezone: z.string() }),
  widget: WidgetSettings,
  telephony: TelephonyPublic,
  usage: Usage,
});
export type ConfigResponse = z.infer<typeof ConfigResponse>;

/** `POST /api/ribbon/init`: the agent session the ribbon opens. */
export const InitRequest = z.object({
  agent: z
    .object({
      id: wellFormed(z.string().min(1).max(200)),
      name: z.string().max(200).optional(),
    })
    .optional(),
  /** The ribbon's version, for support. */
  sdkVersion: z.string().max(50).optional(),
  /** The CRM page the ribbon runs in. */
  page: z.string().max(2000).optional(),
});
export type InitRequest = z.infer<typeof InitRequest>;

export const InitResponse = ConfigResponse.extend({
  sessionId: z.string(),
});
export type InitResponse = z.infer<typeof InitResponse>;
