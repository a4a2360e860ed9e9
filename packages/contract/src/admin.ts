import { z } from 'zod';
import { AnalyticsSummary } from './analytics.ts';
import { IsoDateTime } from './common.ts';
import { Usage, WidgetSettings } from './config.ts';

/** An IANA time zone name such as `Asia/Kolkata`. */
export const TimeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected an IANA time zone such as Asia/Kolkata' },
);

export const AllowedOrigin = z.union([z.literal('*'), z.url({ protocol: /^https?$/ })]);

/** A tenant as the admin API shows it: never its key or telephony secrets. */
export const Client = z.object({
  id: z.string(),
  name: z.string(),
  timezone: z.string(),
  monthlyCallLimit: z.int().min(0),
  allowedOrigins: z.array(z.string()),
  widget: WidgetSettings,
  createdAt: IsoDateTime,
});
export type Client = z.infer<typeof Client>;

export const CreateClientRequest = z.object({
  name: z.string().trim().min(1).max(200),
  timezone: TimeZone.default('Asia/Kolkata'),
  monthlyCallLimit: z.int().min(0).max(100_000_000).default(10_000),
  allowedOrigins: z.array(AllowedOrigin).max(100).default([]),
});
export type CreateClientRequest = z.input<typeof CreateClientRequest>;

/** `POST /api/admin/clients` (201) and `POST /api/admin/clients/:id/rotate-key`: the key is shown once. */
export const ClientWithKeyResponse = z.object({
  client: Client,
  apiKey: z.string(),
});
export type ClientWithKeyResponse = z.infer<typeof ClientWithKeyResponse>;

export const AdminClientSummary = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: IsoDateTime,
  usage: Usage,
  totalCalls: z.int().min(0),
  lastActivityAt: IsoDateTime.nullable(),
});
export type AdminClientSummary = z.infer<typeof AdminClientSummary>;

/** `GET /api/admin/clients`. */
export const AdminClientsResponse = z.object({
  clients: z.array(AdminClientSummary),
});
export type AdminClientsResponse = z.infer<typeof AdminClientsResponse>;

/** `GET /api/admin/analytics/all`: totals across tenants and per tenant. */
export const AdminAnalyticsResponse = z.object({
  totals: AnalyticsSummary.extend({ clients: z.int().min(0) }),
  clients: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      summary: AnalyticsSummary,
      usage: Usage,
    }),
  ),
});
export type AdminAnalyticsResponse = z.infer<typeof AdminAnalyticsResponse>;

/** `PATCH /api/admin/clients/:id`: only the fields sent change; `widget` is merged. */
export const UpdateClientRequest = z
  .object({
    name: z.string().trim().min(1).max(200),
    timezone: TimeZone,
    monthlyCallLimit: z.int().min(0).max(100_000_000),
    allowedOrigins: z.array(AllowedOrigin).max(100),
    widget: WidgetSettings.partial(),
  })
  .partial()
  .refine((changes) => Object.keys(changes).length > 0, { message: 'expected at least one field to change' });
export type UpdateClientRequest = z.input<typeof UpdateClientRequest>;

/** `GET /api/admin/clients/:id` and `PATCH /api/admin/clients/:id`. */
export const ClientResponse = z.object({ client: Client });
export type ClientResponse = z.infer<typeof ClientResponse>;
